import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { createApiClient } from "./client";
import { ApiContext, type ApiContextValue, type EventListener } from "./context";
import { openEventStream, type StreamState } from "./sse";

interface ApiProviderProps {
  baseUrl: string;
  token: string;
  /** Called when the server rejects the token (on the event stream). */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
  children: ReactNode;
}

/**
 * Provides the API client and one shared event stream to the app. When the
 * stream comes back after an outage, or the server says `resync`, every query
 * is refetched, because events were missed.
 */
export function ApiProvider({ baseUrl, token, onUnauthorized, fetch, children }: ApiProviderProps) {
  const queryClient = useQueryClient();
  const client = useMemo(() => createApiClient({ baseUrl, token, fetch }), [baseUrl, token, fetch]);
  const listeners = useRef(new Set<EventListener>());
  const [streamState, setStreamState] = useState<StreamState>("connecting");
  const onUnauthorizedRef = useRef(onUnauthorized);
  useEffect(() => {
    onUnauthorizedRef.current = onUnauthorized;
  });

  useEffect(() => {
    let wasDown = false;
    return openEventStream({
      url: `${baseUrl}/api/v1/events`,
      token,
      fetch,
      onEvent: (event) => {
        // The server dropped events for this client (it fell behind): refetch everything.
        if (event.type === "resync") void queryClient.invalidateQueries();
        listeners.current.forEach((listener) => listener(event));
      },
      onState: (state) => {
        setStreamState(state);
        if (state === "reconnecting") wasDown = true;
        if (state === "open" && wasDown) {
          wasDown = false;
          void queryClient.invalidateQueries();
        }
        if (state === "unauthorized") onUnauthorizedRef.current?.();
      },
    });
  }, [baseUrl, token, fetch, queryClient]);

  const subscribe = useCallback((listener: EventListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo<ApiContextValue>(
    () => ({ client, baseUrl, subscribe, streamState }),
    [client, baseUrl, subscribe, streamState],
  );
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}
