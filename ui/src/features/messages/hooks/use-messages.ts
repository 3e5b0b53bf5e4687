import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useApiClient } from "@/lib/api/context";
import { messageOptions, messagesListOptions, type MessageFilters } from "../api/messages";

export function useMessages(filters: MessageFilters = {}) {
  const client = useApiClient();
  const query = useInfiniteQuery(messagesListOptions(client, filters));
  const messages = useMemo(() => {
    // Pages can overlap while new messages arrive between page loads.
    const seen = new Set<string>();
    return (query.data?.pages ?? [])
      .flatMap((page) => page.items)
      .filter((m) => !seen.has(m.id) && seen.add(m.id));
  }, [query.data]);
  return { ...query, messages };
}

export function useMessage(id: string | null) {
  const client = useApiClient();
  return useQuery({ ...messageOptions(client, id ?? ""), enabled: id !== null });
}
