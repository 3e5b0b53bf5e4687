/**
 * Server-Sent Events over fetch.
 *
 * The gateway's event stream (`GET /api/v1/events`) needs an `Authorization`
 * header, which the browser's EventSource cannot send, so the stream is read
 * with fetch and parsed here following the WHATWG "event stream" rules.
 */

export interface SseEvent {
  /** The `event:` field; "message" when the server sent none. */
  type: string;
  data: string;
  /** The last `id:` seen on the stream, if any. */
  lastEventId: string;
}

/**
 * Incremental parser: feed it decoded text in chunks of any size; it returns
 * the events completed by that chunk. Comment lines (`: keepalive`) are
 * ignored, as are unknown fields.
 */
export class SseParser {
  private buffer = "";
  /** A chunk ended on "\r": a "\n" starting the next chunk belongs to it. */
  private pendingCr = false;
  private eventType = "";
  private data: string[] = [];
  private lastEventId = "";
  /** Reconnection delay the server asked for with `retry:`, in ms. */
  retry: number | null = null;

  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith("\n")) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;

    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== "\n" && ch !== "\r") continue;
      const line = this.buffer.slice(start, i);
      if (ch === "\r") {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === "\n") i++;
      }
      start = i + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.eventType = value;
        break;
      case "data":
        this.data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) this.lastEventId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const type = this.eventType || "message";
    const hadData = this.data.length > 0;
    const data = this.data.join("\n");
    this.eventType = "";
    this.data = [];
    if (!hadData) return null;
    return { type, data, lastEventId: this.lastEventId };
  }
}

export type StreamState = "connecting" | "open" | "reconnecting" | "unauthorized";

export interface EventStreamOptions {
  url: string;
  token: string;
  onEvent: (event: SseEvent) => void;
  onState?: (state: StreamState) => void;
  fetch?: typeof fetch;
  /** The server sends a keepalive every 15 s; silence longer than this means the link is dead. */
  idleTimeoutMs?: number;
  /** First reconnection delay; doubles up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, with jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random) {
  const exp = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/**
 * Keeps one event stream open until the returned function is called:
 * reconnects with backoff after errors or silence, and reports its state.
 */
export function openEventStream(options: EventStreamOptions): () => void {
  const {
    url,
    token,
    onEvent,
    onState = () => {},
    idleTimeoutMs = 45_000,
    baseDelayMs = 1_000,
    maxDelayMs = 30_000,
  } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let stopped = false;
  let current: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let lastEventId = "";
  let attempt = 0;
  let firstRun = true;

  const run = async () => {
    onState(firstRun ? "connecting" : "reconnecting");
    firstRun = false;
    const controller = new AbortController();
    current = controller;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const armIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => controller.abort(), idleTimeoutMs);
    };
    const parser = new SseParser();
    let unauthorized = false;
    try {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: "text/event-stream",
      };
      if (lastEventId) headers["Last-Event-ID"] = lastEventId;
      armIdle();
      const response = await doFetch(url, {
        headers,
        signal: controller.signal,
        cache: "no-store",
      });
      if (response.status === 401) {
        unauthorized = true;
      } else {
        if (!response.ok || !response.body)
          throw new Error(`event stream: HTTP ${response.status}`);
        onState("open");
        attempt = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          armIdle();
          for (const event of parser.push(value)) {
            lastEventId = event.lastEventId;
            if (!stopped) onEvent(event);
          }
        }
      }
    } catch {
      // Network errors, aborts and bad statuses all lead to a reconnect below.
    } finally {
      clearTimeout(idleTimer);
    }
    if (stopped) return;
    if (unauthorized) {
      onState("unauthorized");
      return;
    }
    onState("reconnecting");
    const delay = parser.retry ?? backoffDelay(attempt, baseDelayMs, maxDelayMs);
    attempt++;
    retryTimer = setTimeout(() => void run(), delay);
  };

  void run();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    current?.abort();
  };
}
