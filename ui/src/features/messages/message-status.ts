import type { BadgeTone } from "@/components/ui/badge";
import type { MessageStatus } from "@/lib/api/types";

/** How each message state is shown: label, badge colour, dot colour. */
export const STATUS: Record<
  string,
  { label: string; tone: BadgeTone; dot: string; pulse?: boolean }
> = {
  scheduled: { label: "Scheduled", tone: "info", dot: "bg-sky-500" },
  queued: { label: "Queued", tone: "neutral", dot: "bg-slate-400" },
  sending: { label: "Sending", tone: "progress", dot: "bg-amber-500", pulse: true },
  sent: { label: "Sent", tone: "success", dot: "bg-emerald-500" },
  delivered: { label: "Delivered", tone: "strong", dot: "bg-emerald-600" },
  failed: { label: "Failed", tone: "danger", dot: "bg-red-500" },
  expired: { label: "Expired", tone: "muted", dot: "bg-slate-400" },
  cancelled: { label: "Cancelled", tone: "muted", dot: "bg-slate-400" },
  uncertain: { label: "Uncertain", tone: "warning", dot: "bg-orange-500" },
};

export function statusLabel(status: MessageStatus | string) {
  return STATUS[status]?.label ?? status;
}

const FINAL = new Set(["sent", "delivered", "failed", "expired", "cancelled"]);

/** Whether a message has stopped moving (nothing is waiting on it). */
export function isFinal(status: MessageStatus | string) {
  return FINAL.has(status);
}
