import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef } from "react";
import type { Message } from "@/lib/api/types";
import { formatDateTime, formatTime } from "@/lib/format";
import { isFinal } from "../message-status";
import { MessageStatusBadge } from "./MessageStatusBadge";

const ROW_HEIGHT = 56;
const column = createColumnHelper<Message>();

const columns = [
  column.accessor("to", {
    header: "Recipient",
    size: 170,
    cell: (info) => <span className="font-medium tabular-nums">{info.getValue()}</span>,
  }),
  column.accessor("body", {
    header: "Message",
    size: 0,
    cell: ({ row }) => (
      <>
        <p className="truncate text-foreground/90" title={row.original.body}>
          {row.original.body}
        </p>
        {row.original.error ? (
          <p className="truncate text-xs text-red-600" title={row.original.error}>
            {row.original.error}
          </p>
        ) : row.original.reason && !isFinal(row.original.status) ? (
          <p className="truncate text-xs text-amber-700" title={row.original.reason}>
            {row.original.reason}
          </p>
        ) : null}
      </>
    ),
  }),
  column.accessor("status", {
    header: "Status",
    size: 120,
    cell: (info) => <MessageStatusBadge status={info.getValue()} />,
  }),
  column.display({
    id: "parts",
    header: "Parts",
    size: 110,
    cell: ({ row }) => (
      <span className="text-muted-foreground">
        {row.original.segments} · {row.original.encoding === "ucs2" ? "Unicode" : "GSM-7"}
      </span>
    ),
  }),
  column.accessor("modem", {
    header: "Modem",
    size: 100,
    cell: (info) => <span className="text-muted-foreground">{info.getValue() ?? "—"}</span>,
  }),
  column.accessor("updated_at", {
    header: "Updated",
    size: 130,
    meta: { align: "right" },
    cell: (info) => (
      <span className="tabular-nums text-muted-foreground" title={formatDateTime(info.getValue())}>
        {formatTime(info.getValue())}
      </span>
    ),
  }),
];

/**
 * The messages table. Only the rows in view are in the DOM, so tens of
 * thousands of messages scroll smoothly; nearing the end asks for the next page.
 */
export function MessagesTable({
  messages,
  onOpen,
  onNearEnd,
  highlightId,
}: {
  messages: Message[];
  onOpen: (id: string) => void;
  onNearEnd?: () => void;
  highlightId?: string | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? -1;

  // The table model only ever holds the rows in view: building row objects for
  // every loaded message costs seconds at 100,000 messages, and filtering and
  // ordering happen on the server anyway.
  const visible = useMemo(() => messages.slice(first, lastIndex + 1), [messages, first, lastIndex]);
  const table = useReactTable({
    data: visible,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (m) => m.id,
  });
  const rows = table.getRowModel().rows;

  useEffect(() => {
    if (onNearEnd && lastIndex >= messages.length - 20) onNearEnd();
  }, [lastIndex, messages.length, onNearEnd]);

  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items.at(-1)!.end : 0;

  return (
    <div ref={scrollRef} className="h-full overflow-auto" data-testid="messages-scroll">
      <table
        className="w-full min-w-[880px] table-fixed text-sm"
        aria-rowcount={messages.length + 1}
      >
        <colgroup>
          {table.getAllLeafColumns().map((c) => (
            <col key={c.id} style={c.columnDef.size ? { width: c.columnDef.size } : undefined} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-muted/95 backdrop-blur">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="border-b">
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  className={
                    "px-4 py-2.5 text-left text-xs font-medium uppercase tracking-wide text-muted-foreground first:pl-5 last:pr-5 " +
                    (isRight(header.column.columnDef.meta) ? "text-right" : "")
                  }
                >
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden style={{ height: padTop }}>
              <td colSpan={columns.length} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index - first];
            if (!row) return null;
            return (
              <tr
                key={row.id}
                data-message-id={row.id}
                aria-rowindex={item.index + 2}
                tabIndex={0}
                style={{ height: ROW_HEIGHT }}
                onClick={() => onOpen(row.id)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    onOpen(row.id);
                  }
                }}
                data-highlighted={row.id === highlightId || undefined}
                className="cursor-pointer border-b transition-colors hover:bg-muted/50 focus-visible:bg-muted focus-visible:outline-none data-[highlighted]:animate-highlight"
              >
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={
                      "overflow-hidden px-4 py-2 whitespace-nowrap first:pl-5 last:pr-5 " +
                      (isRight(cell.column.columnDef.meta) ? "text-right" : "")
                    }
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden style={{ height: padBottom }}>
              <td colSpan={columns.length} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function isRight(meta: unknown) {
  return (meta as { align?: string } | undefined)?.align === "right";
}
