import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap, type ApiClient } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";
import type { RoutingConfig } from "@/lib/api/types";

export const routingKeys = { all: ["routing"] as const };

export function routingOptions(client: ApiClient) {
  return queryOptions({
    queryKey: routingKeys.all,
    queryFn: async ({ signal }) => unwrap(client.GET("/api/v1/routing", { signal })),
  });
}

export function useRouting() {
  return useQuery(routingOptions(useApiClient()));
}

/** Replaces the whole configuration; the gateway validates and applies it to the next message. */
export function useSaveRouting() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (config: RoutingConfig) =>
      unwrap(client.PUT("/api/v1/routing", { body: config })),
    onSuccess: (saved) => queryClient.setQueryData(routingKeys.all, saved),
  });
}

/** Names of the modems, in the gateway's order, for pools and per-SIM limits. */
export function useModemNames() {
  const client = useApiClient();
  return useQuery({
    queryKey: ["settings", "modem-names"],
    queryFn: async ({ signal }) =>
      (await unwrap(client.GET("/api/v1/modems", { signal }))).map((m) => m.name),
  });
}
