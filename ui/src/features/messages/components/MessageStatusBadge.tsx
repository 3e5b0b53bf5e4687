import { Badge } from "@/components/ui/badge";
import type { MessageStatus } from "@/lib/api/types";
import { cn } from "@/lib/utils";
import { STATUS } from "../message-status";

export function MessageStatusBadge({ status }: { status: MessageStatus | string }) {
  const s = STATUS[status] ?? {
    label: status,
    tone: "neutral" as const,
    dot: "bg-slate-400",
    pulse: false,
  };
  return (
    <Badge tone={s.tone} data-status={status}>
      <span className="relative flex size-1.5">
        {s.pulse && (
          <span className={cn("absolute inline-flex size-full animate-ping rounded-full", s.dot)} />
        )}
        <span className={cn("relative inline-flex size-1.5 rounded-full", s.dot)} />
      </span>
      {s.label}
    </Badge>
  );
}
