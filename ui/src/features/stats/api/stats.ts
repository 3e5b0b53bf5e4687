import { queryOptions, useQuery } from "@tanstack/react-query";
import { unwrap, type ApiClient } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";

export const statsKeys = { all: ["stats"] as const };

export function statsOptions(client: ApiClient) {
  return queryOptions({
    queryKey: statsKeys.all,
    queryFn: ({ signal }) => unwrap(client.GET("/api/v1/stats", { signal })),
  });
}

export function useStats() {
  return useQuery(statsOptions(useApiClient()));
}
