import { useStreamState } from "@/lib/api/context";
import { cn } from "@/lib/utils";
import { useHealth } from "../api/health";

const LABEL = {
  connecting: { text: "Connecting…", dot: "bg-amber-400" },
  open: { text: "Live", dot: "bg-emerald-400" },
  reconnecting: { text: "Reconnecting…", dot: "bg-amber-400 animate-pulse" },
  unauthorized: { text: "Not signed in", dot: "bg-red-400" },
} as const;

/** Whether live updates are flowing, and the gateway's version. */
export function ConnectionStatus() {
  const state = useStreamState();
  const { data: health } = useHealth();
  const label = LABEL[state];
  return (
    <div className="flex items-center justify-between gap-2 text-xs">
      <span
        className="flex items-center gap-2"
        role="status"
        aria-label={`Live updates: ${label.text}`}
      >
        <span className={cn("size-2 shrink-0 rounded-full", label.dot)} />
        <span className="max-md:sr-only">{label.text}</span>
      </span>
      {health && (
        <span className="text-sidebar-foreground/60 max-md:hidden">v{health.version}</span>
      )}
    </div>
  );
}
