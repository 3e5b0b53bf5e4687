import { Plus, Trash2 } from "lucide-react";
import { useRef, useState } from "react";
import { Controller, useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { STRATEGIES, emptyPool, poolUsers, type FormValues } from "../form";
import { ModemOrderList } from "./ModemOrderList";

/** Modem pools: a name, the member modems in order, and how the pool picks among them. */
export function PoolsSection({ modems }: { modems: string[] }) {
  const { control } = useFormContext<FormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: "pools" });
  // Why a pool could not be deleted, by field id, until the user tries again.
  const [blocked, setBlocked] = useState<Record<string, string>>({});

  return (
    <Card>
      <CardHeader>
        <CardTitle>Modem pools</CardTitle>
        <CardDescription>
          Groups of modems that routing rules send through. A modem may be in several pools.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {fields.length === 0 && (
          <p className="text-sm text-muted-foreground">
            No pools: every message may go out through any modem.
          </p>
        )}
        {fields.map((field, index) => (
          <PoolEditor
            key={field.id}
            index={index}
            modems={modems}
            blocked={blocked[field.id]}
            onBlocked={(why) => setBlocked((b) => ({ ...b, [field.id]: why }))}
            onDelete={() => {
              setBlocked((b) =>
                Object.fromEntries(Object.entries(b).filter(([k]) => k !== field.id)),
              );
              remove(index);
            }}
          />
        ))}
        <Button type="button" variant="outline" onClick={() => append(emptyPool())}>
          <Plus />
          Add pool
        </Button>
      </CardContent>
    </Card>
  );
}

function PoolEditor({
  index,
  modems,
  blocked,
  onBlocked,
  onDelete,
}: {
  index: number;
  modems: string[];
  blocked?: string;
  onBlocked: (why: string) => void;
  onDelete: () => void;
}) {
  const { control, register, getValues, setValue, formState } = useFormContext<FormValues>();
  const errors = formState.errors.pools?.[index];
  const strategy = useWatch({ control, name: `pools.${index}.strategy` });
  const id = `pool-${index}`;
  const name = register(`pools.${index}.name`);

  // Rules and the default pool follow a renamed pool, so renaming never breaks them. While the name is
  // cleared to be retyped they keep the last name, and move on to the new one as it is typed.
  const lastName = useRef(getValues(`pools.${index}.name`).trim());
  const rename = (next: string) => {
    const [from, to] = [lastName.current, next.trim()];
    if (!to || from === to) return;
    lastName.current = to;
    const values = getValues();
    if (!from || values.pools.some((p, i) => i !== index && p.name.trim() === from)) return;
    values.rules.forEach((rule, i) => {
      if (rule.pool === from) setValue(`rules.${i}.pool`, to);
    });
    if (values.defaultPool === from) setValue("defaultPool", to);
  };

  const tryDelete = () => {
    const values = getValues();
    const poolName = values.pools[index]?.name.trim() ?? "";
    const users = poolUsers(values, poolName);
    if (users.length === 0) return onDelete();
    onBlocked(
      `Pool "${poolName}" is used by ${users.join(" and ")}. Point ${
        users.length > 1 ? "them" : "it"
      } at another pool first.`,
    );
  };

  return (
    <fieldset className="space-y-3 rounded-md border p-4">
      <legend className="px-1 text-sm font-semibold">Pool {index + 1}</legend>
      <div className="flex flex-wrap items-start gap-4">
        <div className="w-56 space-y-1">
          <Label htmlFor={`${id}-name`}>Name</Label>
          <Input
            id={`${id}-name`}
            placeholder="e.g. uk"
            aria-invalid={errors?.name ? true : undefined}
            aria-describedby={errors?.name ? `${id}-name-error` : undefined}
            {...name}
            onChange={(e) => {
              void name.onChange(e);
              rename(e.target.value);
            }}
          />
          <FieldError id={`${id}-name-error`} message={errors?.name?.message} />
        </div>
        <div className="min-w-56 flex-1 space-y-1">
          <Label htmlFor={`${id}-strategy`}>Strategy</Label>
          <Select
            id={`${id}-strategy`}
            className="w-56"
            aria-describedby={`${id}-strategy-help`}
            {...register(`pools.${index}.strategy`)}
          >
            {STRATEGIES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </Select>
          <p id={`${id}-strategy-help`} className="text-xs text-muted-foreground">
            {STRATEGIES.find((s) => s.value === strategy)?.help}
          </p>
        </div>
        <Button
          type="button"
          variant="ghost"
          size="sm"
          className="ml-auto text-red-700"
          onClick={tryDelete}
        >
          <Trash2 />
          Delete pool
        </Button>
      </div>
      <div className="space-y-1">
        <p className="text-sm font-medium">Modems</p>
        <Controller
          control={control}
          name={`pools.${index}.modems`}
          render={({ field, fieldState }) => (
            <>
              <ModemOrderList
                value={field.value}
                onChange={field.onChange}
                modems={modems}
                errorId={fieldState.error ? `${id}-modems-error` : undefined}
              />
              <FieldError id={`${id}-modems-error`} message={fieldState.error?.message} />
            </>
          )}
        />
      </div>
      {blocked && (
        <p role="alert" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
          {blocked}
        </p>
      )}
    </fieldset>
  );
}
