import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useServerEvent } from "@/lib/api/context";
import { coalesce } from "@/lib/coalesce";
import { statsKeys } from "../api/stats";

/** Recounts after message changes, at most once per `delayMs` however busy the gateway is. */
export function useStatsEvents(delayMs = 500) {
  const queryClient = useQueryClient();
  const refresher = useRef<ReturnType<typeof coalesce> | null>(null);
  useEffect(() => {
    const c = coalesce(() => queryClient.invalidateQueries({ queryKey: statsKeys.all }), delayMs);
    refresher.current = c;
    return () => c.dispose();
  }, [queryClient, delayMs]);
  useServerEvent("message.updated", () => refresher.current?.trigger());
}
