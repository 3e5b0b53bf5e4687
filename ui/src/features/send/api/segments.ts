import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { unwrap, type ApiClient } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";
import type { SegmentPlan } from "@/lib/api/types";
import { useDebouncedValue } from "@/lib/use-debounced-value";

export function segmentPlanOptions(client: ApiClient, body: string) {
  return queryOptions({
    queryKey: ["segments", body],
    queryFn: ({ signal }) =>
      unwrap<SegmentPlan>(client.POST("/api/v1/segments", { body: { body }, signal })),
    staleTime: Infinity,
    retry: false,
  });
}

/**
 * The gateway's segment plan for `body`, asked at most once per pause in
 * typing; the previous plan stays on screen while the next one loads.
 */
export function useSegmentPlan(body: string, debounceMs = 250) {
  const client = useApiClient();
  const debounced = useDebouncedValue(body, debounceMs);
  return useQuery({
    ...segmentPlanOptions(client, debounced),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
  });
}
