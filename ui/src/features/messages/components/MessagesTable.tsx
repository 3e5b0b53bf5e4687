import type { Message } from "@/lib/api/types";
import { formatDateTime, formatTime } from "@/lib/format";
import { MessageStatusBadge } from "./MessageStatusBadge";

export function MessagesTable({
  messages,
  onOpen,
}: {
  messages: Message[];
  onOpen: (id: string) => void;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b bg-muted/60 text-left text-xs font-medium uppercase tracking-wide text-muted-foreground">
            <th className="px-5 py-2.5 font-medium">Recipient</th>
            <th className="px-3 py-2.5 font-medium">Message</th>
            <th className="px-3 py-2.5 font-medium">Status</th>
            <th className="px-3 py-2.5 font-medium">Parts</th>
            <th className="px-3 py-2.5 font-medium">Modem</th>
            <th className="px-5 py-2.5 text-right font-medium">Updated</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <tr
              key={m.id}
              data-message-id={m.id}
              tabIndex={0}
              onClick={() => onOpen(m.id)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  onOpen(m.id);
                }
              }}
              className="cursor-pointer border-b last:border-0 transition-colors hover:bg-muted/50 focus-visible:bg-muted focus-visible:outline-none"
            >
              <td className="px-5 py-3 font-medium tabular-nums whitespace-nowrap">{m.to}</td>
              <td className="max-w-md px-3 py-3">
                <p className="truncate text-foreground/90" title={m.body}>
                  {m.body}
                </p>
                {m.error && <p className="truncate text-xs text-red-600">{m.error}</p>}
              </td>
              <td className="px-3 py-3">
                <MessageStatusBadge status={m.status} />
              </td>
              <td className="px-3 py-3 whitespace-nowrap text-muted-foreground">
                {m.segments} · {m.encoding === "ucs2" ? "Unicode" : "GSM-7"}
              </td>
              <td className="px-3 py-3 text-muted-foreground">{m.modem ?? "—"}</td>
              <td
                className="px-5 py-3 text-right tabular-nums whitespace-nowrap text-muted-foreground"
                title={formatDateTime(m.updated_at)}
              >
                {formatTime(m.updated_at)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
