import { useFormContext } from "react-hook-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { LIMIT_FIELDS, type FormValues } from "../form";

/** Per-SIM caps per hour, day, month and distinct recipients per day. */
export function LimitsSection() {
  const { register, getValues, formState } = useFormContext<FormValues>();
  const modems = Object.keys(getValues("limits"));

  return (
    <Card>
      <CardHeader>
        <CardTitle>Limits per SIM</CardTitle>
        <CardDescription>
          Carriers block SIMs that send too much. At a limit, a SIM&apos;s traffic moves to the
          other SIMs of its pool. Leave empty for no limit.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {modems.length === 0 ? (
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
              {modems.map((name) => (
                <tr key={name} className="border-t">
                  <td className="py-2 pr-2 font-medium">{name}</td>
                  {LIMIT_FIELDS.map(([key, label]) => {
                    const error = formState.errors.limits?.[name]?.[key];
                    return (
                      <td key={key} className="px-2 py-2 align-top">
                        <Input
                          inputMode="numeric"
                          aria-label={`${name} ${label.toLowerCase()}`}
                          placeholder="No limit"
                          aria-invalid={error ? true : undefined}
                          {...register(`limits.${name}.${key}`)}
                        />
                        <FieldError message={error?.message} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardContent>
    </Card>
  );
}
