import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap, type ApiClient } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";

// The server's OpenAPI document describes the routing configuration only as
// "an object", so its shape is written out here from the gateway's docs.
// Only the parts this page edits are typed; pools and rules pass through.
export interface Window {
  start: string;
  end: string;
}

export interface SimLimits {
  per_hour?: number | null;
  per_day?: number | null;
  per_month?: number | null;
  unique_recipients_per_day?: number | null;
}

export interface RoutingConfig {
  pools: unknown[];
  rules: unknown[];
  default_pool: string | null;
  limits: Record<string, SimLimits>;
  windows: { marketing: Window | null; transactional: Window | null };
  default_timezone: string;
  [other: string]: unknown;
}

export const routingKeys = { all: ["routing"] as const };

export function routingOptions(client: ApiClient) {
  return queryOptions({
    queryKey: routingKeys.all,
    queryFn: async ({ signal }) =>
      (await unwrap(client.GET("/api/v1/routing", { signal }))) as RoutingConfig,
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
      // The document types the body as an empty object; see the note above.
      (await unwrap(client.PUT("/api/v1/routing", { body: config as never }))) as RoutingConfig,
    onSuccess: (saved) => queryClient.setQueryData(routingKeys.all, saved),
  });
}

/** Names of the modems, for per-SIM limits. */
export function useModemNames() {
  const client = useApiClient();
  return useQuery({
    queryKey: ["settings", "modem-names"],
    queryFn: async ({ signal }) =>
      (await unwrap(client.GET("/api/v1/modems", { signal }))).map((m) => m.name),
  });
}
