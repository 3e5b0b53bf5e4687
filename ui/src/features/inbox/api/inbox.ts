import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { unwrap, type ApiClient } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";
import type { InboxPage } from "@/lib/api/types";

export const inboxKeys = { all: ["inbox"] as const };

export function inboxOptions(client: ApiClient) {
  return infiniteQueryOptions({
    queryKey: inboxKeys.all,
    queryFn: ({ pageParam, signal }) =>
      unwrap<InboxPage>(
        client.GET("/api/v1/inbox", {
          params: { query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

/** Received SMS, newest first. */
export function useInbox() {
  const query = useInfiniteQuery(inboxOptions(useApiClient()));
  const items = useMemo(() => {
    const seen = new Set<string>();
    return (query.data?.pages ?? [])
      .flatMap((p) => p.items)
      .filter((m) => !seen.has(m.id) && seen.add(m.id));
  }, [query.data]);
  return { ...query, items };
}
