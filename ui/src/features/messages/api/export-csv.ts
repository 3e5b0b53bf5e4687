import { useMutation } from "@tanstack/react-query";
import type { ApiClient } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";
import type { Message } from "@/lib/api/types";
import { downloadText, toCsv } from "@/lib/csv";
import { fetchMessagePage, type MessageFilters } from "./messages";

const HEADER = [
  "id",
  "to",
  "status",
  "reason",
  "error",
  "encoding",
  "segments",
  "modem",
  "created_at",
  "updated_at",
  "body",
];

export function messagesToCsv(messages: Message[]) {
  return toCsv(
    HEADER,
    messages.map((m) => [
      m.id,
      m.to,
      m.status,
      m.reason ?? null,
      m.error ?? null,
      m.encoding,
      m.segments,
      m.modem ?? null,
      m.created_at,
      m.updated_at,
      m.body,
    ]),
  );
}

/** Every message matching `filters`, walking all pages (500 at a time). */
export async function fetchAllMessages(
  client: ApiClient,
  filters: MessageFilters,
  onProgress?: (count: number) => void,
) {
  const all: Message[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetchMessagePage(client, filters, cursor, 500);
    all.push(...page.items);
    onProgress?.(all.length);
    cursor = page.next_cursor ?? null;
  } while (cursor);
  return all;
}

/** Downloads the messages matching `filters` as a CSV file. */
export function useExportCsv(onProgress?: (count: number) => void) {
  const client = useApiClient();
  return useMutation({
    mutationFn: async (filters: MessageFilters) => {
      const messages = await fetchAllMessages(client, filters, onProgress);
      const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-");
      const suffix = filters.status ? `-${filters.status}` : "";
      downloadText(`simgate-messages${suffix}-${stamp}.csv`, messagesToCsv(messages));
      return messages.length;
    },
  });
}
