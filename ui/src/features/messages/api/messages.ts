import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { unwrap, type ApiClient } from "@/lib/api/client";
import type { MessagePage, MessageStatus } from "@/lib/api/types";

export const PAGE_SIZE = 100;

export interface MessageFilters {
  status?: MessageStatus;
  /** Number or text contains this. */
  q?: string;
  /** Only messages of this modem. */
  modem?: string;
}

export const messageKeys = {
  all: ["messages"] as const,
  lists: () => [...messageKeys.all, "list"] as const,
  list: (filters: MessageFilters) => [...messageKeys.lists(), filters] as const,
  detail: (id: string) => [...messageKeys.all, "detail", id] as const,
};

export function fetchMessagePage(
  client: ApiClient,
  filters: MessageFilters,
  cursor: string | null,
  limit = PAGE_SIZE,
  signal?: AbortSignal,
) {
  return unwrap<MessagePage>(
    client.GET("/api/v1/messages", {
      params: {
        query: {
          limit,
          ...(cursor ? { cursor } : {}),
          ...(filters.status ? { status: filters.status } : {}),
          ...(filters.q ? { q: filters.q } : {}),
          ...(filters.modem ? { modem: filters.modem } : {}),
        },
      },
      signal,
    }),
  );
}

/** Newest first, paged by the server's opaque cursor. */
export function messagesListOptions(client: ApiClient, filters: MessageFilters = {}) {
  return infiniteQueryOptions({
    queryKey: messageKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      fetchMessagePage(client, filters, pageParam, PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
    // Changing a filter keeps the current rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });
}

export function messageOptions(client: ApiClient, id: string) {
  return queryOptions({
    queryKey: messageKeys.detail(id),
    queryFn: ({ signal }) =>
      unwrap(client.GET("/api/v1/messages/{id}", { params: { path: { id } }, signal })),
  });
}
