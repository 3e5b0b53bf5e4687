import type { MessageStatus } from "@/lib/api/types";
import { cn } from "@/lib/utils";
import { STATUS } from "../message-status";

const ORDER: MessageStatus[] = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "uncertain",
  "scheduled",
  "cancelled",
  "expired",
];

/** One row of pills: All, then each status. */
export function StatusFilter({
  value,
  onChange,
}: {
  value: MessageStatus | undefined;
  onChange: (status: MessageStatus | undefined) => void;
}) {
  const options: { key: MessageStatus | undefined; label: string; dot?: string }[] = [
    { key: undefined, label: "All" },
    ...ORDER.map((s) => ({ key: s, label: STATUS[s]!.label, dot: STATUS[s]!.dot })),
  ];
  return (
    <div
      role="radiogroup"
      aria-label="Filter by status"
      className="flex gap-1 overflow-x-auto rounded-lg bg-muted p-1"
    >
      {options.map((o) => {
        const active = o.key === value;
        return (
          <button
            key={o.label}
            type="button"
            role="radio"
            aria-checked={active}
            onClick={() => onChange(o.key)}
            className={cn(
              "flex shrink-0 items-center gap-1.5 rounded-md px-2.5 py-1 text-xs font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              active
                ? "bg-card text-foreground shadow-sm"
                : "text-muted-foreground hover:text-foreground",
            )}
          >
            {o.dot && <span className={cn("size-1.5 rounded-full", o.dot)} />}
            {o.label}
          </button>
        );
      })}
    </div>
  );
}
