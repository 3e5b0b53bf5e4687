import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useServerEvent } from "@/lib/api/context";
import { messageKeys } from "../api/messages";

interface MessageUpdated {
  id: string;
  status: string;
}

/**
 * Keeps message queries fresh from `message.updated` events. A busy gateway
 * emits many events a second, so list refreshes are coalesced into at most one
 * per `delayMs`; the changed message's own query is refreshed too.
 */
export function useMessageEvents(delayMs = 250) {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pendingIds = useRef(new Set<string>());

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  useServerEvent<MessageUpdated>("message.updated", (event) => {
    if (event && typeof event.id === "string") pendingIds.current.add(event.id);
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const ids = [...pendingIds.current];
      pendingIds.current.clear();
      void queryClient.invalidateQueries({ queryKey: messageKeys.lists() });
      for (const id of ids)
        void queryClient.invalidateQueries({ queryKey: messageKeys.detail(id) });
    }, delayMs);
  });
}
