import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { unwrap, type ApiClient } from "@/lib/api/client";
import type { MessagePage } from "@/lib/api/types";

export const PAGE_SIZE = 100;

export const messageKeys = {
  all: ["messages"] as const,
  lists: () => [...messageKeys.all, "list"] as const,
  list: () => [...messageKeys.lists()] as const,
  detail: (id: string) => [...messageKeys.all, "detail", id] as const,
};

/** Newest first, paged by the server's opaque cursor. */
export function messagesListOptions(client: ApiClient) {
  return infiniteQueryOptions({
    queryKey: messageKeys.list(),
    queryFn: ({ pageParam, signal }) =>
      unwrap<MessagePage>(
        client.GET("/api/v1/messages", {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

export function messageOptions(client: ApiClient, id: string) {
  return queryOptions({
    queryKey: messageKeys.detail(id),
    queryFn: ({ signal }) =>
      unwrap(client.GET("/api/v1/messages/{id}", { params: { path: { id } }, signal })),
  });
}
