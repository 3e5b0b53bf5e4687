import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Ban, Loader2, RotateCcw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDateTime } from "@/lib/format";
import { CANCELLABLE, RETRYABLE, useCancelMessage, useRetryMessage } from "../api/message-actions";
import { useMessage } from "../hooks/use-messages";
import { isFinal, statusHelp, statusLabel } from "../message-status";
import { MessageStatusBadge } from "./MessageStatusBadge";

/** A side drawer with one message and the timeline of its states. */
export function MessageDetails({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { data: message, isPending, error } = useMessage(id);
  const cancel = useCancelMessage();
  const retry = useRetryMessage();
  const actionError = cancel.error ?? retry.error;
  return (
    <Dialog open={id !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent side="right" aria-describedby={undefined}>
        <DialogHeader className="border-b">
          <DialogTitle>Message details</DialogTitle>
          {message && (
            <DialogDescription className="flex items-center gap-2">
              To <span className="font-medium text-foreground tabular-nums">{message.to}</span>
              <MessageStatusBadge status={message.status} />
            </DialogDescription>
          )}
        </DialogHeader>
        <div className="flex-1 space-y-6 overflow-y-auto p-6">
          {isPending && (
            <div className="space-y-3">
              <Skeleton className="h-20 w-full" />
              <Skeleton className="h-32 w-full" />
            </div>
          )}
          {error && <p className="text-sm text-red-600">{error.message}</p>}
          {message && (
            <>
              <p
                className={
                  message.status === "uncertain"
                    ? "rounded-md border border-orange-200 bg-orange-50 p-3 text-sm text-orange-900"
                    : "text-sm text-muted-foreground"
                }
              >
                {statusHelp(message.status)}
              </p>
              {(CANCELLABLE.has(message.status) || RETRYABLE.has(message.status)) && (
                <div className="flex flex-wrap items-center gap-2">
                  {CANCELLABLE.has(message.status) && (
                    <Button
                      variant="outline"
                      size="sm"
                      disabled={cancel.isPending}
                      onClick={() => {
                        retry.reset();
                        cancel.mutate(message.id);
                      }}
                    >
                      {cancel.isPending ? <Loader2 className="animate-spin" /> : <Ban />}
                      Cancel message
                    </Button>
                  )}
                  {RETRYABLE.has(message.status) && (
                    <Button
                      size="sm"
                      disabled={retry.isPending}
                      onClick={() => {
                        cancel.reset();
                        retry.mutate(message.id);
                      }}
                    >
                      {retry.isPending ? <Loader2 className="animate-spin" /> : <RotateCcw />}
                      Send again
                    </Button>
                  )}
                </div>
              )}
              {actionError && (
                <p role="alert" className="text-sm text-red-600">
                  {actionError.message}
                </p>
              )}
              <div className="whitespace-pre-wrap rounded-lg bg-primary/5 p-4 text-sm leading-relaxed ring-1 ring-primary/10">
                {message.body}
              </div>
              <dl className="grid grid-cols-2 gap-x-4 gap-y-3 text-sm">
                <dt className="text-muted-foreground">Encoding</dt>
                <dd>{message.encoding === "ucs2" ? "Unicode (UCS-2)" : "GSM-7"}</dd>
                <dt className="text-muted-foreground">Parts</dt>
                <dd>{message.segments}</dd>
                <dt className="text-muted-foreground">Priority</dt>
                <dd className="capitalize">
                  {message.priority === "otp" ? "OTP" : message.priority} · {message.category}
                </dd>
                {message.schedule_at && (
                  <>
                    <dt className="text-muted-foreground">Scheduled for</dt>
                    <dd>{formatDateTime(message.schedule_at)}</dd>
                  </>
                )}
                {message.valid_until && (
                  <>
                    <dt className="text-muted-foreground">Valid until</dt>
                    <dd>{formatDateTime(message.valid_until)}</dd>
                  </>
                )}
                {message.attempts > 0 && (
                  <>
                    <dt className="text-muted-foreground">Failed attempts</dt>
                    <dd>{message.attempts}</dd>
                  </>
                )}
                <dt className="text-muted-foreground">Modem</dt>
                <dd>{message.modem ?? "Not assigned yet"}</dd>
                <dt className="text-muted-foreground">Created</dt>
                <dd>{formatDateTime(message.created_at)}</dd>
                {message.reason && !isFinal(message.status) && (
                  <>
                    <dt className="text-muted-foreground">Waiting because</dt>
                    <dd className="text-amber-700">{message.reason}</dd>
                  </>
                )}
                {message.error && (
                  <>
                    <dt className="text-muted-foreground">Error</dt>
                    <dd className="text-red-600">{message.error}</dd>
                  </>
                )}
              </dl>
              <section>
                <h3 className="mb-3 text-sm font-semibold">Timeline</h3>
                <ol className="relative space-y-4 border-l border-border pl-5">
                  {message.history.map((h, i) => (
                    <li key={`${h.status}-${h.at}-${i}`} className="relative">
                      <span className="absolute -left-[25px] top-1 size-2.5 rounded-full border-2 border-card bg-primary ring-1 ring-primary/30" />
                      <p className="text-sm font-medium">{statusLabel(h.status)}</p>
                      <p className="text-xs text-muted-foreground tabular-nums">
                        {formatDateTime(h.at)}
                        {h.modem ? ` · ${h.modem}` : ""}
                      </p>
                      {h.detail && <p className="mt-0.5 text-xs text-foreground/80">{h.detail}</p>}
                    </li>
                  ))}
                </ol>
              </section>
              <p className="font-mono text-xs text-muted-foreground">ID {message.id}</p>
            </>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
