import { zodResolver } from "@hookform/resolvers/zod";
import { AlertCircle, Loader2, Save } from "lucide-react";
import { useEffect } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { ApiError } from "@/lib/api/errors";
import {
  useModemNames,
  useRouting,
  useSaveRouting,
  type RoutingConfig,
  type SimLimits,
} from "../api/routing";

const LIMIT_FIELDS = [
  ["per_hour", "Per hour"],
  ["per_day", "Per day"],
  ["per_month", "Per month"],
  ["unique_recipients_per_day", "Recipients per day"],
] as const;

const limit = z
  .string()
  .refine((v) => v === "" || (/^\d+$/.test(v) && Number(v) > 0), "A whole number above 0");

const windowSchema = z
  .object({ enabled: z.boolean(), start: z.string(), end: z.string() })
  .refine((w) => !w.enabled || (w.start !== "" && w.end !== "" && w.start !== w.end), {
    message: "Pick a start and an end time that differ",
    path: ["end"],
  });

const schema = z.object({
  timezone: z.string().regex(/^(UTC|[+-]\d{2}:\d{2})$/, 'Use "UTC" or an offset like +01:00'),
  marketing: windowSchema,
  transactional: windowSchema,
  limits: z.record(
    z.string(),
    z.object({
      per_hour: limit,
      per_day: limit,
      per_month: limit,
      unique_recipients_per_day: limit,
    }),
  ),
});

type FormValues = z.infer<typeof schema>;

function toForm(config: RoutingConfig, modems: string[]): FormValues {
  const win = (w: { start: string; end: string } | null) =>
    w
      ? { enabled: true, start: w.start, end: w.end }
      : { enabled: false, start: "09:00", end: "20:00" };
  const limits: FormValues["limits"] = {};
  for (const name of new Set([...modems, ...Object.keys(config.limits)])) {
    const l: SimLimits = config.limits[name] ?? {};
    limits[name] = {
      per_hour: l.per_hour?.toString() ?? "",
      per_day: l.per_day?.toString() ?? "",
      per_month: l.per_month?.toString() ?? "",
      unique_recipients_per_day: l.unique_recipients_per_day?.toString() ?? "",
    };
  }
  return {
    timezone: config.default_timezone,
    marketing: win(config.windows.marketing),
    transactional: win(config.windows.transactional),
    limits,
  };
}

function fromForm(values: FormValues, base: RoutingConfig): RoutingConfig {
  const win = (w: FormValues["marketing"]) => (w.enabled ? { start: w.start, end: w.end } : null);
  const limits: Record<string, SimLimits> = {};
  for (const [name, l] of Object.entries(values.limits)) {
    const entry: SimLimits = {};
    for (const [key] of LIMIT_FIELDS) if (l[key] !== "") entry[key] = Number(l[key]);
    if (Object.keys(entry).length) limits[name] = entry;
  }
  return {
    ...base,
    default_timezone: values.timezone,
    windows: { marketing: win(values.marketing), transactional: win(values.transactional) },
    limits,
  };
}

/** Sending rules: quiet hours per category and per-SIM limits, validated here and by the gateway. */
export function SettingsPage() {
  const routing = useRouting();
  const modems = useModemNames();
  return (
    <div className="mx-auto w-full max-w-4xl space-y-6 p-6 lg:p-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="text-sm text-muted-foreground">
          When SimGate may send, and how much each SIM may send. Changes apply to the next message.
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

function RoutingForm({ config, modems }: { config: RoutingConfig; modems: string[] }) {
  const form = useForm<FormValues>({
    resolver: zodResolver(schema),
    defaultValues: toForm(config, modems),
  });
  const { register, handleSubmit, formState, reset, control } = form;
  const save = useSaveRouting();
  useEffect(() => reset(toForm(config, modems)), [config, modems, reset]);
  const errors = formState.errors;
  const enabled = {
    marketing: useWatch({ control, name: "marketing.enabled" }),
    transactional: useWatch({ control, name: "transactional.enabled" }),
  };

  const onSubmit = handleSubmit((values) =>
    save.mutate(fromForm(values, config), {
      onSuccess: () => toast("Settings saved", "They apply to the next message."),
    }),
  );
  const serverErrors = save.error instanceof ApiError ? (save.error.problem?.errors ?? []) : [];

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" aria-label="Sending rules">
      <Card>
        <CardHeader>
          <CardTitle>Send windows</CardTitle>
          <CardDescription>
            Quiet hours in the recipient&apos;s local time. OTP messages ignore them.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {(["marketing", "transactional"] as const).map((category) => (
            <fieldset key={category} className="flex flex-wrap items-center gap-3">
              <legend className="sr-only">{category} messages</legend>
              <label className="flex w-56 items-center gap-2 text-sm font-medium capitalize">
                <input
                  type="checkbox"
                  className="size-4 accent-primary"
                  {...register(`${category}.enabled`)}
                />
                {category}: only between
              </label>
              <Input
                type="time"
                aria-label={`${category} from`}
                className="w-32"
                disabled={!enabled[category]}
                {...register(`${category}.start`)}
              />
              <span className="text-sm text-muted-foreground">and</span>
              <Input
                type="time"
                aria-label={`${category} until`}
                className="w-32"
                disabled={!enabled[category]}
                aria-invalid={errors[category]?.end ? true : undefined}
                {...register(`${category}.end`)}
              />
              {errors[category]?.end && (
                <p role="alert" className="w-full text-xs font-medium text-red-600">
                  {errors[category]?.end?.message}
                </p>
              )}
            </fieldset>
          ))}
          <div className="flex flex-wrap items-center gap-3 border-t pt-4">
            <Label htmlFor="timezone" className="w-56">
              Time zone for unknown countries
            </Label>
            <Input
              id="timezone"
              className="w-32 font-mono"
              aria-invalid={errors.timezone ? true : undefined}
              {...register("timezone")}
            />
            {errors.timezone && (
              <p role="alert" className="w-full text-xs font-medium text-red-600">
                {errors.timezone.message}
              </p>
            )}
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Limits per SIM</CardTitle>
          <CardDescription>
            Carriers block SIMs that send too much. At a limit, a SIM&apos;s traffic moves to the
            other SIMs of its pool. Leave empty for no limit.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {Object.keys(form.getValues("limits")).length === 0 ? (
            <p className="text-sm text-muted-foreground">No modems yet.</p>
          ) : (
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-xs uppercase tracking-wide text-muted-foreground">
                  <th className="py-2 font-medium">Modem</th>
                  {LIMIT_FIELDS.map(([, label]) => (
                    <th key={label} className="px-2 py-2 font-medium">
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Object.keys(form.getValues("limits")).map((name) => (
                  <tr key={name} className="border-t">
                    <td className="py-2 pr-2 font-medium">{name}</td>
                    {LIMIT_FIELDS.map(([key, label]) => {
                      const error = errors.limits?.[name]?.[key];
                      return (
                        <td key={key} className="px-2 py-2 align-top">
                          <Input
                            inputMode="numeric"
                            aria-label={`${name} ${label.toLowerCase()}`}
                            placeholder="No limit"
                            aria-invalid={error ? true : undefined}
                            {...register(`limits.${name}.${key}`)}
                          />
                          {error && (
                            <p role="alert" className="mt-1 text-xs text-red-600">
                              {error.message}
                            </p>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="mt-4 text-xs text-muted-foreground">
            {config.pools.length} modem pools and {config.rules.length} routing rules are configured
            through the API (<code className="font-mono">PUT /api/v1/routing</code>); saving here
            keeps them.
          </p>
        </CardContent>
      </Card>

      {save.error && (
        <div
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-700"
        >
          <p className="font-medium">{save.error.message}</p>
          {serverErrors.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {serverErrors.map((e) => (
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
  );
}
