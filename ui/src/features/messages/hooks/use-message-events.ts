import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useServerEvent } from "@/lib/api/context";
import { coalesce } from "@/lib/coalesce";
import { messageKeys } from "../api/messages";

interface MessageUpdated {
  id: string;
  status: string;
}

/**
 * Keeps message queries fresh from `message.updated` events. A busy gateway
 * emits many events a second, so refreshes are coalesced: at most one runs at
 * a time, and one more follows if events arrived meanwhile.
 */
export function useMessageEvents(delayMs = 200) {
  const queryClient = useQueryClient();
  const pendingIds = useRef(new Set<string>());
  const refresher = useRef<ReturnType<typeof coalesce> | null>(null);
  useEffect(() => {
    const c = coalesce(async () => {
      const ids = [...pendingIds.current];
      pendingIds.current.clear();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: messageKeys.lists() }),
        ...ids.map((id) => queryClient.invalidateQueries({ queryKey: messageKeys.detail(id) })),
      ]);
    }, delayMs);
    refresher.current = c;
    return () => c.dispose();
  }, [queryClient, delayMs]);

  useServerEvent<MessageUpdated>("message.updated", (event) => {
    if (event && typeof event.id === "string") pendingIds.current.add(event.id);
    refresher.current?.trigger();
  });
}
