import { queryOptions, useQuery } from "@tanstack/react-query";
import { unwrap, type ApiClient } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";

export const modemKeys = {
  all: ["modems"] as const,
};

export function modemsOptions(client: ApiClient) {
  return queryOptions({
    queryKey: modemKeys.all,
    queryFn: ({ signal }) => unwrap(client.GET("/api/v1/modems", { signal })),
  });
}

export function useModems() {
  return useQuery(modemsOptions(useApiClient()));
}
