import { AlertCircle, Download, Inbox, Loader2, Search, SearchX, X } from "lucide-react";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import type { MessageStatus } from "@/lib/api/types";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { useExportCsv } from "../api/export-csv";
import { useMessageEvents } from "../hooks/use-message-events";
import { useMessages } from "../hooks/use-messages";
import { STATUS } from "../message-status";
import { MessageDetails } from "./MessageDetails";
import { MessagesTable } from "./MessagesTable";
import { StatusFilter } from "./StatusFilter";

function parseStatus(value: string | null): MessageStatus | undefined {
  return value && value in STATUS ? (value as MessageStatus) : undefined;
}

/** Sent messages, newest first, with live status. `composeAction` opens the send form. */
export function MessagesPage({
  composeAction,
  highlightId,
}: {
  composeAction?: ReactNode;
  /** A message to draw attention to, such as the one just sent. */
  highlightId?: string | null;
}) {
  useMessageEvents();
  const [params, setParams] = useSearchParams();
  const status = parseStatus(params.get("status"));
  const q = params.get("q") ?? "";
  const [search, setSearch] = useState(q);
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  useEffect(() => {
    if (debouncedSearch === q) return;
    setParams(
      (p) => {
        if (debouncedSearch) p.set("q", debouncedSearch);
        else p.delete("q");
        return p;
      },
      { replace: true },
    );
  }, [debouncedSearch, q, setParams]);
  const modem = params.get("modem") ?? "";
  const filters = {
    ...(status ? { status } : {}),
    ...(q ? { q } : {}),
    ...(modem ? { modem } : {}),
  };
  const { messages, isPending, error, hasNextPage, fetchNextPage, isFetchingNextPage, refetch } =
    useMessages(filters);
  const [openId, setOpenId] = useState<string | null>(null);
  const [exported, setExported] = useState(0);
  const exportCsv = useExportCsv(setExported);

  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const setStatus = (next: MessageStatus | undefined) =>
    setParams(
      (p) => {
        if (next) p.set("status", next);
        else p.delete("status");
        return p;
      },
      { replace: true },
    );

  return (
    <div className="mx-auto flex h-full w-full max-w-6xl flex-col gap-5 p-6 lg:p-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Messages</h1>
          <p className="text-sm text-muted-foreground">
            Every SMS sent through SimGate. Statuses update live.
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Button
            variant="outline"
            onClick={() => {
              setExported(0);
              exportCsv.mutate(filters);
            }}
            disabled={exportCsv.isPending}
          >
            {exportCsv.isPending ? <Loader2 className="animate-spin" /> : <Download />}
            {exportCsv.isPending ? `Exporting ${exported.toLocaleString()}…` : "Export CSV"}
          </Button>
          {composeAction}
        </div>
      </header>

      <div className="flex flex-wrap items-center gap-3">
        <div className="relative w-full sm:w-72">
          <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            aria-label="Search messages"
            placeholder="Search number or text"
            className="pl-8"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        {modem && (
          <span className="inline-flex items-center gap-1 rounded-full border bg-card py-1 pl-3 pr-1 text-xs font-medium">
            Modem {modem}
            <button
              type="button"
              aria-label={`Show messages of all modems`}
              className="rounded-full p-0.5 text-muted-foreground hover:bg-muted hover:text-foreground"
              onClick={() =>
                setParams(
                  (p) => {
                    p.delete("modem");
                    return p;
                  },
                  { replace: true },
                )
              }
            >
              <X className="size-3.5" />
            </button>
          </span>
        )}
        <div className="min-w-0 flex-1">
          <StatusFilter value={status} onChange={setStatus} />
        </div>
      </div>
      {exportCsv.error && (
        <p role="alert" className="text-sm text-red-600">
          Export failed: {exportCsv.error.message}
        </p>
      )}

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
        ) : messages.length === 0 && (status || q || modem) ? (
          <EmptyState
            icon={SearchX}
            title={
              q
                ? `No ${status ? `${STATUS[status]!.label.toLowerCase()} ` : ""}messages match “${q}”`
                : `No ${status ? `${STATUS[status]!.label.toLowerCase()} ` : ""}messages${modem ? ` on ${modem}` : ""}`
            }
            action={
              <Button
                variant="outline"
                onClick={() => {
                  setSearch("");
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                Show all messages
              </Button>
            }
          />
        ) : messages.length === 0 ? (
          <EmptyState icon={Inbox} title="No messages yet">
            Send your first SMS with <strong className="font-medium">New message</strong>. Messages
            sent from here or through the API show up in this list, with their delivery status.
          </EmptyState>
        ) : (
          <>
            <div className="min-h-0 flex-1">
              <MessagesTable
                messages={messages}
                onOpen={setOpenId}
                onNearEnd={loadMore}
                highlightId={highlightId}
              />
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
      <MessageDetails key={openId ?? ""} id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
