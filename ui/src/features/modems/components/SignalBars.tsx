import { cn } from "@/lib/utils";

/** Signal strength as four bars, like a phone shows it. */
export function SignalBars({
  bars,
  dbm,
}: {
  bars: number | null | undefined;
  dbm?: number | null;
}) {
  const n = bars ?? 0;
  const label =
    bars === null || bars === undefined
      ? "Signal unknown"
      : `Signal ${n} of 4 bars${dbm !== null && dbm !== undefined ? `, ${dbm} dBm` : ""}`;
  return (
    <span className="inline-flex items-center gap-2" role="img" aria-label={label}>
      <span className="flex h-4 items-end gap-0.5">
        {[1, 2, 3, 4].map((i) => (
          <span
            key={i}
            className={cn(
              "w-1 rounded-sm",
              i <= n
                ? n <= 1
                  ? "bg-red-500"
                  : n === 2
                    ? "bg-amber-500"
                    : "bg-emerald-500"
                : "bg-slate-200",
            )}
            style={{ height: `${i * 25}%` }}
          />
        ))}
      </span>
      {dbm !== null && dbm !== undefined && (
        <span className="text-xs text-muted-foreground tabular-nums">{dbm} dBm</span>
      )}
    </span>
  );
}
