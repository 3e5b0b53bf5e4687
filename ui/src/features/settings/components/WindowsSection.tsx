import { useFormContext, useWatch } from "react-hook-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FormValues } from "../form";

/** Quiet hours per category, and the time zone for recipients whose country is unknown. */
export function WindowsSection() {
  const { register, control, formState } = useFormContext<FormValues>();
  const errors = formState.errors;
  const enabled = {
    marketing: useWatch({ control, name: "marketing.enabled" }),
    transactional: useWatch({ control, name: "transactional.enabled" }),
  };

  return (
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
              aria-invalid={errors[category]?.start ? true : undefined}
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
            <div className="w-full">
              <FieldError message={errors[category]?.start?.message} />
              <FieldError message={errors[category]?.end?.message} />
            </div>
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
            aria-describedby={errors.timezone ? "timezone-error" : undefined}
            {...register("timezone")}
          />
          <div className="w-full">
            <FieldError id="timezone-error" message={errors.timezone?.message} />
          </div>
        </div>
      </CardContent>
    </Card>
  );
}
