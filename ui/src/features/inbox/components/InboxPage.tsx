import { AlertCircle, Inbox as InboxIcon, Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDateTime, formatTime } from "@/lib/format";
import { useInbox } from "../api/inbox";
import { useInboxEvents } from "../hooks/use-inbox-events";

function initials(from: string) {
  const letters = from.replace(/[^A-Za-z]/g, "");
  return letters ? letters.slice(0, 2).toUpperCase() : from.replace(/\D/g, "").slice(-2);
}

/** SMS received on any modem, newest first, live. */
export function InboxPage() {
  useInboxEvents();
  const { items, isPending, error, refetch, hasNextPage, fetchNextPage, isFetchingNextPage } =
    useInbox();
  return (
    <div className="mx-auto w-full max-w-4xl space-y-6 p-6 lg:p-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Inbox</h1>
        <p className="text-sm text-muted-foreground">
          Replies and other SMS your modems receive. New ones appear as they arrive.
        </p>
      </header>
      <Card className="overflow-hidden">
        {isPending ? (
          <div className="space-y-3 p-5">
            <Skeleton className="h-14" />
            <Skeleton className="h-14" />
          </div>
        ) : error ? (
          <EmptyState
            icon={AlertCircle}
            title="Could not load the inbox"
            action={
              <Button variant="outline" onClick={() => void refetch()}>
                Try again
              </Button>
            }
          >
            {error.message}
          </EmptyState>
        ) : items.length === 0 ? (
          <EmptyState icon={InboxIcon} title="No messages received yet">
            When customers reply to your SMS, their messages show up here.
          </EmptyState>
        ) : (
          <ul className="divide-y" aria-label="Received messages">
            {items.map((m) => (
              <li key={m.id} className="flex gap-4 px-5 py-4">
                <div className="flex size-10 shrink-0 items-center justify-center rounded-full bg-primary/10 text-sm font-semibold text-primary">
                  {initials(m.from)}
                </div>
                <div className="min-w-0 flex-1">
                  <div className="flex items-baseline justify-between gap-3">
                    <p className="font-semibold tabular-nums">{m.from}</p>
                    <p
                      className="shrink-0 text-xs text-muted-foreground tabular-nums"
                      title={formatDateTime(m.received_at)}
                    >
                      {formatTime(m.received_at)}
                    </p>
                  </div>
                  <p className="mt-1 whitespace-pre-wrap break-words text-sm text-foreground/90">
                    {m.body}
                  </p>
                  <p className="mt-1 text-xs text-muted-foreground">via {m.modem}</p>
                </div>
              </li>
            ))}
          </ul>
        )}
        {hasNextPage && (
          <div className="flex justify-center border-t p-3">
            <Button
              variant="ghost"
              onClick={() => void fetchNextPage()}
              disabled={isFetchingNextPage}
            >
              {isFetchingNextPage && <Loader2 className="animate-spin" />}
              Load older messages
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
