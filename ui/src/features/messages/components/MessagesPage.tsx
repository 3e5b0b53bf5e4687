import { AlertCircle, Inbox, Loader2 } from "lucide-react";
import { useState, type ReactNode } from "react";
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

  return (
    <div className="mx-auto w-full max-w-6xl space-y-6 p-6 lg:p-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Messages</h1>
          <p className="text-sm text-muted-foreground">
            Every SMS sent through SimGate. Statuses update live.
          </p>
        </div>
        {composeAction}
      </header>

      <Card className="overflow-hidden">
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
            <MessagesTable messages={messages} onOpen={setOpenId} />
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
          </>
        )}
      </Card>
      <MessageDetails id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
