import { Sparkles } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { SegmentPlan } from "@/lib/api/types";
import { cn } from "@/lib/utils";

/**
 * Live cost of the text being typed: encoding, number of SMS, characters left
 * in the current part; which characters force Unicode (UCS-2, 70 instead of
 * 160 characters per SMS); and a one-click swap to GSM-7 look-alikes when that
 * makes the message cheaper.
 */
export function SegmentCounter({
  body,
  plan,
  onOptimise,
}: {
  body: string;
  plan: SegmentPlan | undefined;
  onOptimise: (text: string) => void;
}) {
  if (!body || !plan) {
    return (
      <p className="text-xs text-muted-foreground">
        Up to 160 characters fit in one SMS; accents and emoji lower that to 70.
      </p>
    );
  }
  const unicode = plan.encoding === "ucs2";
  const forcing = new Set(plan.ucs2_chars.map((c) => c.char));
  const optimisation = plan.optimisation;
  const saves = optimisation && optimisation.segments_saved > 0 ? optimisation : null;

  return (
    <div className="space-y-2" aria-live="polite">
      <div
        className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs"
        data-testid="segment-counter"
      >
        <span
          className={cn(
            "rounded px-1.5 py-0.5 font-medium",
            unicode ? "bg-amber-100 text-amber-800" : "bg-slate-100 text-slate-700",
          )}
        >
          {unicode ? "Unicode" : "GSM-7"}
        </span>
        <span className="font-medium">{plan.segments} SMS</span>
        <span className="text-muted-foreground">
          {plan.chars_left} characters left{plan.segments > 1 ? " in this part" : ""}
        </span>
        <span className="ml-auto text-muted-foreground tabular-nums">
          {plan.per_segment} per part
        </span>
      </div>

      {forcing.size > 0 && (
        <div className="rounded-md border border-amber-200 bg-amber-50/60 p-3 text-xs">
          <p className="mb-2 text-amber-900">
            {forcing.size === 1 ? "This character needs" : "These characters need"} Unicode, so each
            SMS holds only {plan.per_segment} characters:{" "}
            {[...forcing].map((ch) => (
              <kbd
                key={ch}
                className="mx-0.5 rounded border border-amber-300 bg-white px-1 font-mono text-amber-900"
              >
                {ch === "\u00a0" ? "NBSP" : ch}
              </kbd>
            ))}
          </p>
          <p
            className="max-h-24 overflow-y-auto whitespace-pre-wrap break-words rounded bg-white/80 p-2 text-foreground/80"
            aria-label="Text with Unicode characters highlighted"
          >
            {Array.from(body).map((ch, i) =>
              forcing.has(ch) ? (
                <mark key={i} className="rounded-sm bg-amber-300/80 px-px text-amber-950">
                  {ch === "\u00a0" ? "\u2423" : ch}
                </mark>
              ) : (
                ch
              ),
            )}
          </p>
          {saves && (
            <Button
              type="button"
              size="sm"
              variant="outline"
              className="mt-2 border-amber-300 bg-white"
              onClick={() => onOptimise(saves.text)}
            >
              <Sparkles />
              Use GSM-7 look-alikes (saves {saves.segments_saved} SMS)
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
