import { createContext, useContext, useEffect, useRef } from "react";
import type { ApiClient } from "./client";
import type { SseEvent, StreamState } from "./sse";

export type EventListener = (event: SseEvent) => void;

export interface ApiContextValue {
  client: ApiClient;
  baseUrl: string;
  subscribe: (listener: EventListener) => () => void;
  streamState: StreamState;
}

export const ApiContext = createContext<ApiContextValue | null>(null);

function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error("useApi* hooks need an <ApiProvider>");
  return value;
}

/** The typed HTTP client for the current gateway. */
export function useApiClient(): ApiClient {
  return useApiContext().client;
}

/** State of the live event stream, for a "Live" / "Reconnecting" indicator. */
export function useStreamState(): StreamState {
  return useApiContext().streamState;
}

/**
 * Calls `handler` with the parsed JSON payload of every server event of `type`
 * (for example "message.updated"). The latest handler is always used.
 */
export function useServerEvent<T = unknown>(type: string, handler: (data: T) => void) {
  const { subscribe } = useApiContext();
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type !== type) return;
        let data: T;
        try {
          data = JSON.parse(event.data) as T;
        } catch {
          return;
        }
        handlerRef.current(data);
      }),
    [subscribe, type],
  );
}
