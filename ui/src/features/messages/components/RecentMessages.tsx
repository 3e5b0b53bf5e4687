import { ArrowRight, Inbox } from "lucide-react";
import { Link } from "react-router";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDateTime, formatTime } from "@/lib/format";
import { useMessageEvents } from "../hooks/use-message-events";
import { useMessages } from "../hooks/use-messages";
import { MessageStatusBadge } from "./MessageStatusBadge";

/** The latest few messages with live status, for the dashboard. */
export function RecentMessages({ count = 6 }: { count?: number }) {
  useMessageEvents();
  const { messages, isPending } = useMessages();
  const recent = messages.slice(0, count);
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>Recent messages</CardTitle>
        <Link
          to="/messages"
          className="flex items-center gap-1 text-sm font-medium text-primary hover:underline"
        >
          All messages <ArrowRight className="size-3.5" />
        </Link>
      </CardHeader>
      {isPending ? (
        <div className="space-y-2 px-5 pb-5">
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
        </div>
      ) : recent.length === 0 ? (
        <EmptyState icon={Inbox} title="Nothing sent yet">
          Send your first SMS with <strong className="font-medium">New message</strong>.
        </EmptyState>
      ) : (
        <ul className="divide-y border-t" aria-label="Recent messages">
          {recent.map((m) => (
            <li key={m.id} className="flex items-center gap-4 px-5 py-3 text-sm">
              <span className="w-36 shrink-0 font-medium tabular-nums">{m.to}</span>
              <span className="min-w-0 flex-1 truncate text-foreground/80" title={m.body}>
                {m.body}
              </span>
              <MessageStatusBadge status={m.status} />
              <span
                className="w-24 shrink-0 text-right text-xs text-muted-foreground tabular-nums"
                title={formatDateTime(m.updated_at)}
              >
                {formatTime(m.updated_at)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
