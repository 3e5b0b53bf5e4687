import { zodResolver } from "@hookform/resolvers/zod";
import { AlertCircle, Loader2, Save } from "lucide-react";
import { useEffect, useState } from "react";
import { FormProvider, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { ApiError } from "@/lib/api/errors";
import type { RoutingConfig } from "@/lib/api/types";
import { useModemNames, useRouting, useSaveRouting } from "../api/routing";
import { formField, formSchema, fromForm, toForm, type FormValues } from "../form";
import { LimitsSection } from "./LimitsSection";
import { PoolsSection } from "./PoolsSection";
import { RulesSection } from "./RulesSection";
import { WindowsSection } from "./WindowsSection";

/** How messages are routed and when and how much SIMs may send, validated here and by the gateway. */
export function SettingsPage() {
  const routing = useRouting();
  const modems = useModemNames();
  return (
    <div className="mx-auto w-full max-w-4xl space-y-6 p-6 lg:p-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="text-sm text-muted-foreground">
          Which modems send which messages, when SimGate may send, and how much each SIM may send.
          Changes apply to the next message.
        </p>
      </header>
      {routing.isPending || modems.isPending ? (
        <Skeleton className="h-64" />
      ) : routing.error || modems.error ? (
        <Card>
          <EmptyState icon={AlertCircle} title="Could not load the settings">
            {(routing.error ?? modems.error)?.message}
          </EmptyState>
        </Card>
      ) : (
        <RoutingForm config={routing.data} modems={modems.data} />
      )}
    </div>
  );
}

/** The gateway's field errors that have no field on this page, as `path: message`. */
type Unplaced = { field: string; message: string }[];

function RoutingForm({ config, modems }: { config: RoutingConfig; modems: string[] }) {
  const form = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: toForm(config, modems),
  });
  const { handleSubmit, reset, setError } = form;
  const save = useSaveRouting();
  const [unplaced, setUnplaced] = useState<Unplaced>([]);
  useEffect(() => reset(toForm(config, modems)), [config, modems, reset]);

  const onSubmit = handleSubmit((values) => {
    setUnplaced([]);
    save.mutate(fromForm(values, config), {
      onSuccess: () => toast("Settings saved", "They apply to the next message."),
      onError: (error) => {
        if (!(error instanceof ApiError)) return;
        // Each problem goes under the field it names; the rest are listed by the Save button.
        const rest: Unplaced = [];
        for (const e of error.problem?.errors ?? []) {
          const field = formField(e.field, values);
          if (field) setError(field, { type: "server", message: e.message });
          else rest.push(e);
        }
        setUnplaced(rest);
      },
    });
  });

  return (
    <FormProvider {...form}>
      <form onSubmit={onSubmit} noValidate className="space-y-6" aria-label="Sending rules">
        <PoolsSection modems={modems} />
        <RulesSection />
        <WindowsSection />
        <LimitsSection />

        {save.error && (
          <div
            role="alert"
            className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-700"
          >
            <p className="font-medium">
              {save.error instanceof ApiError && save.error.problem?.errors?.length
                ? "The gateway did not accept these settings; see the marked fields."
                : save.error.message}
            </p>
            {unplaced.length > 0 && (
              <ul className="mt-1 list-disc pl-5">
                {unplaced.map((e) => (
                  <li key={`${e.field}-${e.message}`}>
                    <code className="font-mono text-xs">{e.field}</code>: {e.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="flex justify-end">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? <Loader2 className="animate-spin" /> : <Save />}
            Save settings
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}
