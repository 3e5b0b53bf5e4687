import type { FieldPath } from "react-hook-form";
import { z } from "zod";
import type {
  Category,
  Priority,
  RoutingConfig,
  SendWindow,
  SimLimits,
  Strategy,
} from "@/lib/api/types";

// The settings page edits the whole routing configuration in one form and
// saves it with one PUT. Form values are strings as inputs hold them; this
// module converts both ways and checks everything the gateway would refuse
// that can be known here, with messages written for the field they sit under.

export const LIMIT_FIELDS = [
  ["per_hour", "Per hour"],
  ["per_day", "Per day"],
  ["per_month", "Per month"],
  ["unique_recipients_per_day", "Recipients per day"],
] as const;
export type LimitField = (typeof LIMIT_FIELDS)[number][0];

export const STRATEGIES: { value: Strategy; label: string; help: string }[] = [
  {
    value: "round-robin",
    label: "Round robin",
    help: "Modems take turns, so traffic is spread evenly.",
  },
  {
    value: "least-queued",
    label: "Least queued",
    help: "The modem with the fewest waiting messages sends next.",
  },
  {
    value: "sticky",
    label: "Sticky",
    help: "Each recipient always hears from the same SIM; the next in order stands in while it is unavailable.",
  },
  {
    value: "failover",
    label: "Failover",
    help: "The first available modem in order sends everything; the others are reserves.",
  },
];

export const CATEGORIES: Category[] = ["transactional", "marketing"];
export const PRIORITIES: Priority[] = ["otp", "high", "normal", "bulk"];

const windowValues = z.object({ enabled: z.boolean(), start: z.string(), end: z.string() });

// Plain shapes only: every check is in `check` below, so one submit reports
// every problem on the page at once.
const valuesSchema = z.object({
  pools: z.array(
    z.object({
      name: z.string(),
      modems: z.array(z.string()),
      strategy: z.enum(["round-robin", "least-queued", "sticky", "failover"]),
    }),
  ),
  rules: z.array(
    z.object({
      name: z.string(),
      prefix: z.string(),
      country: z.string(),
      tag: z.string(),
      category: z.enum(["", "transactional", "marketing"]),
      priority: z.enum(["", "otp", "high", "normal", "bulk"]),
      pool: z.string(),
    }),
  ),
  /** "" sends unmatched messages through any modem. */
  defaultPool: z.string(),
  timezone: z.string(),
  marketing: windowValues,
  transactional: windowValues,
  limits: z.record(
    z.string(),
    z.object({
      per_hour: z.string(),
      per_day: z.string(),
      per_month: z.string(),
      unique_recipients_per_day: z.string(),
    }),
  ),
});

export type FormValues = z.infer<typeof valuesSchema>;
export type PoolValues = FormValues["pools"][number];
export type RuleValues = FormValues["rules"][number];
type Issue = (path: (string | number)[], message: string) => void;

export const formSchema = valuesSchema.superRefine((v, ctx) =>
  check(v, (path, message) => ctx.addIssue({ code: "custom", path, message })),
);

const U32_MAX = 4_294_967_295;

function check(v: FormValues, issue: Issue) {
  const pools = new Set<string>();
  v.pools.forEach((pool, i) => {
    const name = pool.name.trim();
    if (!name) issue(["pools", i, "name"], "Give the pool a name");
    else if (pools.has(name))
      issue(["pools", i, "name"], `Another pool is already called "${name}"`);
    pools.add(name);
    if (pool.modems.length === 0)
      issue(["pools", i, "modems"], "Add at least one modem: an empty pool can never send");
  });
  pools.delete("");

  const rules = new Set<string>();
  v.rules.forEach((rule, i) => {
    const name = rule.name.trim();
    if (!name) issue(["rules", i, "name"], "Give the rule a name");
    else if (rules.has(name))
      issue(["rules", i, "name"], `Another rule is already called "${name}"`);
    rules.add(name);
    const prefix = rule.prefix.trim();
    if (prefix && !/^\+\d{1,15}$/.test(prefix))
      issue(["rules", i, "prefix"], "Write + and the first digits of the number, e.g. +44");
    const country = rule.country.trim();
    if (country && !/^[A-Za-z]{2}$/.test(country))
      issue(["rules", i, "country"], "Write the two-letter country code, e.g. GB");
    if (!rule.pool) issue(["rules", i, "pool"], "Choose the pool that sends these messages");
    else if (!pools.has(rule.pool))
      issue(["rules", i, "pool"], `There is no pool named "${rule.pool}"`);
  });
  if (v.defaultPool && !pools.has(v.defaultPool))
    issue(["defaultPool"], `There is no pool named "${v.defaultPool}"`);

  for (const category of CATEGORIES) {
    const w = v[category];
    if (w.enabled && (w.start === "" || w.end === "" || w.start === w.end))
      issue([category, "end"], "Pick a start and an end time that differ");
  }
  if (!/^(UTC|[+-]\d{2}:\d{2})$/.test(v.timezone))
    issue(["timezone"], 'Use "UTC" or an offset like +01:00');
  for (const [modem, limits] of Object.entries(v.limits)) {
    for (const [key] of LIMIT_FIELDS) {
      const value = limits[key];
      if (value !== "" && !(/^\d+$/.test(value) && Number(value) > 0 && Number(value) <= U32_MAX))
        issue(["limits", modem, key], "A whole number above 0");
    }
  }
}

export function emptyPool(): PoolValues {
  return { name: "", modems: [], strategy: "round-robin" };
}

export function emptyRule(pool = ""): RuleValues {
  return { name: "", prefix: "", country: "", tag: "", category: "", priority: "", pool };
}

export function toForm(config: RoutingConfig, modems: string[]): FormValues {
  const win = (w: SendWindow | null) =>
    w
      ? { enabled: true, start: w.start, end: w.end }
      : { enabled: false, start: "09:00", end: "20:00" };
  const limits: FormValues["limits"] = {};
  for (const name of new Set([...modems, ...Object.keys(config.limits)])) {
    const l: Partial<SimLimits> = config.limits[name] ?? {};
    limits[name] = {
      per_hour: l.per_hour?.toString() ?? "",
      per_day: l.per_day?.toString() ?? "",
      per_month: l.per_month?.toString() ?? "",
      unique_recipients_per_day: l.unique_recipients_per_day?.toString() ?? "",
    };
  }
  return {
    pools: config.pools.map((p) => ({
      name: p.name,
      modems: [...p.modems],
      strategy: p.strategy ?? "round-robin",
    })),
    rules: config.rules.map((r) => ({
      name: r.name,
      prefix: r.when?.prefix ?? "",
      country: r.when?.country ?? "",
      tag: r.when?.tag ?? "",
      category: r.when?.category ?? "",
      priority: r.when?.priority ?? "",
      pool: r.pool,
    })),
    defaultPool: config.default_pool ?? "",
    timezone: config.default_timezone,
    marketing: win(config.windows.marketing),
    transactional: win(config.windows.transactional),
    limits,
  };
}

/** The configuration to PUT: the whole of it, keeping anything this page does not know about. */
export function fromForm(values: FormValues, base: RoutingConfig): RoutingConfig {
  const win = (w: FormValues["marketing"]) => (w.enabled ? { start: w.start, end: w.end } : null);
  const text = (s: string) => (s.trim() === "" ? null : s.trim());
  const limits: RoutingConfig["limits"] = {};
  for (const [name, l] of Object.entries(values.limits)) {
    const entry: SimLimits = {
      per_hour: null,
      per_day: null,
      per_month: null,
      unique_recipients_per_day: null,
    };
    for (const [key] of LIMIT_FIELDS) if (l[key] !== "") entry[key] = Number(l[key]);
    if (Object.values(entry).some((n) => n !== null)) limits[name] = entry;
  }
  return {
    ...base,
    pools: values.pools.map((p) => ({
      name: p.name.trim(),
      modems: p.modems,
      strategy: p.strategy,
    })),
    rules: values.rules.map((r) => ({
      name: r.name.trim(),
      when: {
        prefix: text(r.prefix),
        country: text(r.country)?.toUpperCase() ?? null,
        tag: text(r.tag),
        category: r.category || null,
        priority: r.priority || null,
      },
      pool: r.pool,
    })),
    default_pool: values.defaultPool || null,
    default_timezone: values.timezone,
    windows: { marketing: win(values.marketing), transactional: win(values.transactional) },
    limits,
  };
}

/** Where `name` is used (`rule "UK"`, `the default pool`), so a pool still in use is not deleted. */
export function poolUsers(values: Pick<FormValues, "rules" | "defaultPool">, name: string) {
  const users = values.rules
    .filter((r) => name !== "" && r.pool === name)
    .map((r) => (r.name.trim() ? `rule "${r.name.trim()}"` : "an unnamed rule"));
  if (name !== "" && values.defaultPool === name) users.push("the default pool");
  return users;
}

/**
 * The form field a gateway validation error belongs to. The gateway names
 * fields by JSON path (`rules[2].when.prefix`, `limits.demo-1.per_day`);
 * null when the page has no field for it (the error is listed instead).
 */
export function formField(path: string, values: FormValues): FieldPath<FormValues> | null {
  let m = /^pools\[(\d+)\]\.(name|modems)/.exec(path);
  if (m && Number(m[1]) < values.pools.length)
    return `pools.${Number(m[1])}.${m[2] as "name" | "modems"}`;
  m = /^rules\[(\d+)\]\.(?:when\.)?(name|prefix|country|tag|category|priority|pool)$/.exec(path);
  if (m && Number(m[1]) < values.rules.length)
    return `rules.${Number(m[1])}.${m[2] as keyof RuleValues}`;
  if (path === "default_pool") return "defaultPool";
  if (path === "default_timezone") return "timezone";
  m = /^windows\.(marketing|transactional)(?:\.(start|end))?$/.exec(path);
  if (m) return `${m[1] as Category}.${(m[2] ?? "end") as "start" | "end"}`;
  for (const modem of Object.keys(values.limits)) {
    for (const [key] of LIMIT_FIELDS) {
      if (path === `limits.${modem}.${key}`) return `limits.${modem}.${key}`;
    }
  }
  return null;
}
