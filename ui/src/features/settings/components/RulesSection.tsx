import { Plus, Trash2 } from "lucide-react";
import type { ComponentProps } from "react";
import { Controller, useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { MoveButtons } from "./MoveButtons";
import { CATEGORIES, PRIORITIES, emptyRule, type FormValues, type RuleValues } from "../form";

/** The pool names a rule or the default may point at. */
function usePoolNames() {
  const pools = useWatch<FormValues, "pools">({ name: "pools" });
  return [...new Set(pools.map((p) => p.name.trim()).filter(Boolean))];
}

/** Ordered routing rules (first match wins) and the default pool for messages no rule matches. */
export function RulesSection() {
  const { control } = useFormContext<FormValues>();
  const { fields, append, remove, move } = useFieldArray({ control, name: "rules" });
  const pools = usePoolNames();

  return (
    <Card>
      <CardHeader>
        <CardTitle>Routing rules</CardTitle>
        <CardDescription>
          Checked from top to bottom: the first rule whose conditions all hold picks the pool. Empty
          conditions are not checked.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {fields.length === 0 && <p className="text-sm text-muted-foreground">No rules yet.</p>}
        {fields.map((field, index) => (
          <RuleEditor
            key={field.id}
            index={index}
            count={fields.length}
            pools={pools}
            onMove={(to) => move(index, to)}
            onDelete={() => remove(index)}
          />
        ))}
        <Button
          type="button"
          variant="outline"
          disabled={pools.length === 0}
          title={pools.length === 0 ? "Add a pool first" : undefined}
          onClick={() => append(emptyRule(pools[0]))}
        >
          <Plus />
          Add rule
        </Button>
        {pools.length === 0 && (
          <p className="text-xs text-muted-foreground">Rules send to a pool: add a pool first.</p>
        )}
        <DefaultPool pools={pools} />
      </CardContent>
    </Card>
  );
}

const CONDITIONS: {
  key: "prefix" | "country" | "tag";
  label: string;
  placeholder: string;
  hint?: string;
}[] = [
  { key: "prefix", label: "Number starts with", placeholder: "+44" },
  { key: "country", label: "Country", placeholder: "GB" },
  // The engine matches the recipient contact's tags, and there are no contacts yet.
  {
    key: "tag",
    label: "Tag",
    placeholder: "vip",
    hint: "Contact tag: matches once contacts exist",
  },
];

function RuleEditor({
  index,
  count,
  pools,
  onMove,
  onDelete,
}: {
  index: number;
  count: number;
  pools: string[];
  onMove: (to: number) => void;
  onDelete: () => void;
}) {
  const { control, register, formState } = useFormContext<FormValues>();
  const errors = formState.errors.rules?.[index];
  const id = `rule-${index}`;
  const invalid = (key: keyof RuleValues) =>
    errors?.[key]
      ? { "aria-invalid": true, "aria-describedby": `${id}-${key}-error` }
      : { "aria-invalid": undefined };

  return (
    <fieldset className="space-y-3 rounded-md border p-4">
      <legend className="px-1 text-sm font-semibold">Rule {index + 1}</legend>
      <div className="flex flex-wrap items-start gap-3">
        <div className="w-56 space-y-1">
          <Label htmlFor={`${id}-name`}>Name</Label>
          <Input
            id={`${id}-name`}
            placeholder="e.g. UK numbers"
            {...invalid("name")}
            {...register(`rules.${index}.name`)}
          />
          <FieldError id={`${id}-name-error`} message={errors?.name?.message} />
        </div>
        <div className="ml-auto flex gap-1">
          <MoveButtons what={`rule ${index + 1}`} index={index} count={count} onMove={onMove} />
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="text-red-700"
            aria-label={`Delete rule ${index + 1}`}
            onClick={onDelete}
          >
            <Trash2 />
          </Button>
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {CONDITIONS.map(({ key, label, placeholder, hint }) => (
          <div key={key} className="space-y-1">
            <Label htmlFor={`${id}-${key}`}>{label}</Label>
            <Input
              id={`${id}-${key}`}
              placeholder={placeholder}
              className={key === "tag" ? undefined : "font-mono"}
              {...invalid(key)}
              {...register(`rules.${index}.${key}`)}
            />
            <FieldError id={`${id}-${key}-error`} message={errors?.[key]?.message} />
            {hint && <p className="text-xs text-muted-foreground">{hint}</p>}
          </div>
        ))}
        <div className="space-y-1">
          <Label htmlFor={`${id}-category`}>Category</Label>
          <Select
            id={`${id}-category`}
            {...invalid("category")}
            {...register(`rules.${index}.category`)}
          >
            <option value="">Any</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
          <FieldError id={`${id}-category-error`} message={errors?.category?.message} />
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${id}-priority`}>Priority</Label>
          <Select
            id={`${id}-priority`}
            {...invalid("priority")}
            {...register(`rules.${index}.priority`)}
          >
            <option value="">Any</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p === "otp" ? "OTP" : p}
              </option>
            ))}
          </Select>
          <FieldError id={`${id}-priority-error`} message={errors?.priority?.message} />
        </div>
      </div>
      <div className="w-56 space-y-1">
        <Label htmlFor={`${id}-pool`}>Send through pool</Label>
        <Controller
          control={control}
          name={`rules.${index}.pool`}
          render={({ field }) => (
            <PoolSelect id={`${id}-pool`} pools={pools} {...field} {...invalid("pool")}>
              <option value="">Choose a pool…</option>
            </PoolSelect>
          )}
        />
        <FieldError id={`${id}-pool-error`} message={errors?.pool?.message} />
      </div>
    </fieldset>
  );
}

function DefaultPool({ pools }: { pools: string[] }) {
  const { control, formState } = useFormContext<FormValues>();
  const error = formState.errors.defaultPool?.message;
  return (
    <div className="space-y-1 border-t pt-4">
      <Label htmlFor="default-pool">Messages no rule matches go through</Label>
      <Controller
        control={control}
        name="defaultPool"
        render={({ field }) => (
          <PoolSelect
            id="default-pool"
            className="w-56"
            pools={pools}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "default-pool-error" : undefined}
            {...field}
          >
            <option value="">Any modem</option>
          </PoolSelect>
        )}
      />
      <FieldError id="default-pool-error" message={error} />
    </div>
  );
}

/** A pool picker that still shows a value naming a pool that no longer exists, so the error makes sense. */
function PoolSelect({
  pools,
  value,
  children,
  ...props
}: Omit<ComponentProps<typeof Select>, "value"> & { pools: string[]; value: string }) {
  return (
    <Select value={value} {...props}>
      {children}
      {value && !pools.includes(value) && <option value={value}>{value} (no such pool)</option>}
      {pools.map((p) => (
        <option key={p} value={p}>
          {p}
        </option>
      ))}
    </Select>
  );
}
