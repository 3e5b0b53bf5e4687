import { AlertCircle, Inbox, Loader2 } from "lucide-react";
import { useCallback, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useMessageEvents } from "../hooks/use-message-events";
import { useMessages } from "../hooks/use-messages";
import { MessageDetails } from "./MessageDetails";
import { MessagesTable } from "./MessagesTable";

/** Sent messages, newest first, with live status. `composeAction` opens the send form. */
export function MessagesPage({ composeAction }: { composeAction?: ReactNode }) {
  useMessageEvents();
  const { messages, isPending, error, hasNextPage, fetchNextPage, isFetchingNextPage, refetch } =
    useMessages();
  const [openId, setOpenId] = useState<string | null>(null);
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div className="mx-auto flex h-full w-full max-w-6xl flex-col gap-6 p-6 lg:p-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Messages</h1>
          <p className="text-sm text-muted-foreground">
            Every SMS sent through SimGate. Statuses update live.
          </p>
        </div>
        {composeAction}
      </header>

      <Card className="flex min-h-0 flex-1 flex-col overflow-hidden">
        {isPending ? (
          <div className="space-y-3 p-5" aria-label="Loading messages">
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} className="h-9 w-full" />
            ))}
          </div>
        ) : error ? (
          <EmptyState
            icon={AlertCircle}
            title="Could not load messages"
            action={
              <Button variant="outline" onClick={() => void refetch()}>
                Try again
              </Button>
            }
          >
            {error.message}
          </EmptyState>
        ) : messages.length === 0 ? (
          <EmptyState icon={Inbox} title="No messages yet" action={composeAction}>
            Messages you send from here or through the API show up in this list, with their delivery
            status.
          </EmptyState>
        ) : (
          <>
            <div className="min-h-0 flex-1">
              <MessagesTable messages={messages} onOpen={setOpenId} onNearEnd={loadMore} />
            </div>
            <div className="flex h-10 shrink-0 items-center justify-between border-t px-5 text-xs text-muted-foreground">
              <span>
                {messages.length.toLocaleString()} {messages.length === 1 ? "message" : "messages"}
                {hasNextPage ? " loaded" : ""}
              </span>
              {isFetchingNextPage && (
                <span className="flex items-center gap-1.5">
                  <Loader2 className="size-3 animate-spin" /> Loading older messages…
                </span>
              )}
            </div>
          </>
        )}
      </Card>
      <MessageDetails id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
