import { queryOptions, useQuery } from "@tanstack/react-query";
import { unwrap, type ApiClient } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";

export function healthOptions(client: ApiClient) {
  return queryOptions({
    queryKey: ["health"],
    queryFn: ({ signal }) => unwrap(client.GET("/api/v1/health", { signal })),
    staleTime: Infinity,
  });
}

export function useHealth() {
  return useQuery(healthOptions(useApiClient()));
}
