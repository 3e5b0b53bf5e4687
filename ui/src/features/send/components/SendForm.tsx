import { zodResolver } from "@hookform/resolvers/zod";
import { AlertCircle, Loader2, Send } from "lucide-react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ApiError } from "@/lib/api/errors";
import type { Message } from "@/lib/api/types";
import { useSendMessage } from "../api/send-message";
import { useSegmentPlan } from "../api/segments";
import { SegmentCounter } from "./SegmentCounter";

// Only a first check for typos; the gateway validates the number properly
// (E.164 for the destination country) and its 422 errors are shown per field.
const schema = z.object({
  to: z
    .string()
    .trim()
    .min(1, "Enter the recipient's phone number")
    .regex(/^\+?[\d\s().-]+$/, "Use digits only, in international format like +4915112345678"),
  body: z.string().refine((s) => s.trim().length > 0, "Write a message"),
  priority: z.enum(["otp", "high", "normal", "bulk"]),
  category: z.enum(["transactional", "marketing"]),
  // A local date and time from <input type="datetime-local">, or empty for "now".
  scheduleAt: z
    .string()
    .refine((v) => !v || new Date(v).getTime() > Date.now(), "Pick a time in the future"),
});

type FormValues = z.infer<typeof schema>;
const SELECT =
  "flex h-9 w-full rounded-md border border-input bg-card px-2 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

const FIELDS = ["to", "body", "priority", "category", "schedule_at"] as const;
const FORM_FIELD: Record<(typeof FIELDS)[number], keyof FormValues> = {
  to: "to",
  body: "body",
  priority: "priority",
  category: "category",
  schedule_at: "scheduleAt",
};

/** Strips the spaces, dots and brackets people type inside phone numbers. */
function normaliseNumber(raw: string) {
  return raw.trim().replace(/[\s().-]/g, "");
}

export function SendForm({ onSent }: { onSent?: (message: Message) => void }) {
  const form = useForm<FormValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      to: "",
      body: "",
      priority: "normal",
      category: "transactional",
      scheduleAt: "",
    },
  });
  const { register, handleSubmit, formState, setError, reset, setValue, control } = form;
  const body = useWatch({ control, name: "body" });
  const { data: plan } = useSegmentPlan(body);
  const send = useSendMessage({
    onSuccess: (message) => {
      reset();
      onSent?.(message);
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    try {
      await send.mutateAsync({
        to: normaliseNumber(values.to),
        body: values.body,
        // Defaults are left out so the gateway's own defaults apply.
        ...(values.priority !== "normal" ? { priority: values.priority } : {}),
        ...(values.category !== "transactional" ? { category: values.category } : {}),
        ...(values.scheduleAt ? { schedule_at: new Date(values.scheduleAt).toISOString() } : {}),
      });
    } catch (err) {
      if (!(err instanceof ApiError)) return;
      const fieldErrors = err.fieldErrors;
      for (const field of FIELDS) {
        const message = fieldErrors[field];
        if (message) {
          setError(FORM_FIELD[field], { type: "server", message }, { shouldFocus: true });
        }
      }
    }
  });

  const fieldErrorsShown =
    send.error instanceof ApiError && FIELDS.some((f) => f in (send.error as ApiError).fieldErrors);
  const errors = formState.errors;
  const showOptions = Boolean(errors.priority || errors.category || errors.scheduleAt) || undefined;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Send SMS">
      <div className="space-y-2">
        <Label htmlFor="send-to">To</Label>
        <Input
          id="send-to"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          placeholder="+49 151 12345678"
          aria-invalid={errors.to ? true : undefined}
          aria-describedby={errors.to ? "send-to-error" : "send-to-hint"}
          {...register("to")}
        />
        {errors.to ? (
          <p id="send-to-error" role="alert" className="text-xs font-medium text-red-600">
            {errors.to.message}
          </p>
        ) : (
          <p id="send-to-hint" className="text-xs text-muted-foreground">
            International format with country code.
          </p>
        )}
      </div>

      <div className="space-y-2">
        <Label htmlFor="send-body">Message</Label>
        <Textarea
          id="send-body"
          rows={5}
          placeholder="Hi! Your order is ready for pickup."
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={errors.body ? "send-body-error" : undefined}
          onKeyDown={(e) => {
            // Ctrl+Enter (Cmd+Enter on a Mac) sends, as in most chat apps.
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void onSubmit();
            }
          }}
          {...register("body")}
        />
        {errors.body && (
          <p id="send-body-error" role="alert" className="text-xs font-medium text-red-600">
            {errors.body.message}
          </p>
        )}
        <SegmentCounter
          body={body}
          plan={body ? plan : undefined}
          onOptimise={(text) => setValue("body", text, { shouldDirty: true, shouldValidate: true })}
        />
      </div>

      {send.error && !fieldErrorsShown && (
        <div
          role="alert"
          className="flex items-start gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-700"
        >
          <AlertCircle className="mt-0.5 size-4 shrink-0" />
          <span>{send.error.message}</span>
        </div>
      )}

      <details className="group rounded-md border px-3 py-2 text-sm" open={showOptions}>
        <summary className="cursor-pointer select-none font-medium text-muted-foreground">
          Options: priority, category, send later
        </summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-3">
          <div className="space-y-1.5">
            <Label htmlFor="send-priority">Priority</Label>
            <select id="send-priority" className={SELECT} {...register("priority")}>
              <option value="otp">OTP (first)</option>
              <option value="high">High</option>
              <option value="normal">Normal</option>
              <option value="bulk">Bulk (last)</option>
            </select>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="send-category">Category</Label>
            <select id="send-category" className={SELECT} {...register("category")}>
              <option value="transactional">Transactional</option>
              <option value="marketing">Marketing</option>
            </select>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="send-schedule">Send at</Label>
            <Input
              id="send-schedule"
              type="datetime-local"
              aria-invalid={errors.scheduleAt ? true : undefined}
              {...register("scheduleAt")}
            />
          </div>
        </div>
        {errors.scheduleAt && (
          <p role="alert" className="mt-2 text-xs font-medium text-red-600">
            {errors.scheduleAt.message}
          </p>
        )}
        <p className="mt-2 text-xs text-muted-foreground">
          Marketing messages wait for the send window; OTPs go out first.
        </p>
      </details>

      <div className="flex justify-end">
        <Button type="submit" disabled={send.isPending}>
          {send.isPending ? <Loader2 className="animate-spin" /> : <Send />}
          Send SMS
        </Button>
      </div>
    </form>
  );
}
