import type { BadgeTone } from "@/components/ui/badge";
import type { MessageStatus } from "@/lib/api/types";

/** How each message state is shown: label, badge colour, dot colour. */
export const STATUS: Record<
  string,
  { label: string; tone: BadgeTone; dot: string; pulse?: boolean; help: string }
> = {
  scheduled: {
    label: "Scheduled",
    tone: "info",
    dot: "bg-sky-500",
    help: "Waits for its scheduled time.",
  },
  queued: {
    label: "Queued",
    tone: "neutral",
    dot: "bg-slate-400",
    help: "Waits for a free modem.",
  },
  sending: {
    label: "Sending",
    tone: "progress",
    dot: "bg-amber-500",
    pulse: true,
    help: "A modem is handing it to the mobile network right now.",
  },
  sent: {
    label: "Sent",
    tone: "success",
    dot: "bg-emerald-500",
    help: "The mobile network accepted it. A delivery report may follow.",
  },
  delivered: {
    label: "Delivered",
    tone: "strong",
    dot: "bg-emerald-600",
    help: "The recipient's phone confirmed it.",
  },
  failed: {
    label: "Failed",
    tone: "danger",
    dot: "bg-red-500",
    help: "It could not be sent; the error says why.",
  },
  expired: {
    label: "Expired",
    tone: "muted",
    dot: "bg-slate-400",
    help: "Its validity ran out before it could be sent, so it was not sent.",
  },
  cancelled: {
    label: "Cancelled",
    tone: "muted",
    dot: "bg-slate-400",
    help: "It was cancelled before sending.",
  },
  uncertain: {
    label: "Uncertain",
    tone: "warning",
    dot: "bg-orange-500",
    help: "SimGate stopped while a modem was sending it, so it may or may not have gone out. It is never resent automatically: check with the recipient before sending it again.",
  },
};

export function statusHelp(status: MessageStatus | string) {
  return STATUS[status]?.help ?? "";
}

export function statusLabel(status: MessageStatus | string) {
  return STATUS[status]?.label ?? status;
}

const FINAL = new Set(["sent", "delivered", "failed", "expired", "cancelled"]);

/** Whether a message has stopped moving (nothing is waiting on it). */
export function isFinal(status: MessageStatus | string) {
  return FINAL.has(status);
}
