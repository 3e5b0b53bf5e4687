import { afterEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, openEventStream, SseParser, type SseEvent, type StreamState } from "./sse";

describe("SseParser", () => {
  it("parses a named event with JSON data", () => {
    const parser = new SseParser();
    const events = parser.push('event: message.updated\ndata: {"id":"a","status":"sent"}\n\n');
    expect(events).toEqual([
      { type: "message.updated", data: '{"id":"a","status":"sent"}', lastEventId: "" },
    ]);
  });

  it("ignores keepalive comments and waits for the blank line", () => {
    const parser = new SseParser();
    expect(parser.push(": keepalive\n\n")).toEqual([]);
    expect(parser.push("event: x\ndata: 1\n")).toEqual([]);
    expect(parser.push("\n")).toEqual([{ type: "x", data: "1", lastEventId: "" }]);
  });

  it("reassembles events split at any byte boundary", () => {
    const stream =
      'event: message.updated\r\ndata: {"id":"b"}\r\n\r\n: keepalive\r\n\r\nid: 7\ndata: plain\n\n';
    for (let size = 1; size <= stream.length; size++) {
      const parser = new SseParser();
      const events: SseEvent[] = [];
      for (let i = 0; i < stream.length; i += size)
        events.push(...parser.push(stream.slice(i, i + size)));
      expect(events, `chunk size ${size}`).toEqual([
        { type: "message.updated", data: '{"id":"b"}', lastEventId: "" },
        { type: "message", data: "plain", lastEventId: "7" },
      ]);
    }
  });

  it("joins multi-line data, strips only one leading space, and handles bare CR", () => {
    const parser = new SseParser();
    expect(parser.push("data:  a\rdata:b\r\r")).toEqual([
      { type: "message", data: " a\nb", lastEventId: "" },
    ]);
  });

  it("drops events without data and resets the event name after dispatch", () => {
    const parser = new SseParser();
    expect(parser.push("event: lonely\n\ndata: x\n\n")).toEqual([
      { type: "message", data: "x", lastEventId: "" },
    ]);
  });

  it("remembers the server's retry hint", () => {
    const parser = new SseParser();
    parser.push("retry: 2500\n\n");
    expect(parser.retry).toBe(2500);
  });
});

describe("backoffDelay", () => {
  it("grows exponentially and stays under the cap", () => {
    const max = () => 1;
    expect(backoffDelay(0, 1000, 30_000, max)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, max)).toBe(8000);
    expect(backoffDelay(20, 1000, 30_000, max)).toBe(30_000);
    expect(backoffDelay(3, 1000, 30_000, () => 0)).toBe(4000);
  });
});

/** A response whose body the test writes to, like a live SSE connection. */
function liveResponse(status = 200) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status, headers: { "content-type": "text/event-stream" } }),
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  };
}

describe("openEventStream", () => {
  afterEach(() => vi.useRealTimers());

  it("sends the bearer token, delivers events and reconnects after the stream ends", async () => {
    const first = liveResponse();
    const second = liveResponse();
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(first.response)
      .mockResolvedValueOnce(second.response);
    const events: SseEvent[] = [];
    const states: StreamState[] = [];
    const stop = openEventStream({
      url: "http://gw/api/v1/events",
      token: "secret",
      fetch: fetchMock,
      onEvent: (e) => events.push(e),
      onState: (s) => states.push(s),
      baseDelayMs: 1,
      maxDelayMs: 2,
    });

    await vi.waitFor(() => expect(states).toContain("open"));
    const init = fetchMock.mock.calls[0]![1]!;
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer secret");

    first.send('event: message.updated\ndata: {"id":"1"}\n\n');
    await vi.waitFor(() => expect(events).toHaveLength(1));
    first.close();

    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    second.send('event: message.updated\ndata: {"id":"2"}\n\n');
    await vi.waitFor(() => expect(events.map((e) => e.data)).toEqual(['{"id":"1"}', '{"id":"2"}']));
    expect(states).toEqual(["connecting", "open", "reconnecting", "reconnecting", "open"]);
    stop();
  });

  it("stops and reports unauthorized on 401 instead of hammering the server", async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(new Response("", { status: 401 }));
    const states: StreamState[] = [];
    const stop = openEventStream({
      url: "http://gw/api/v1/events",
      token: "wrong",
      fetch: fetchMock,
      onEvent: () => {},
      onState: (s) => states.push(s),
      baseDelayMs: 1,
    });
    await vi.waitFor(() => expect(states).toContain("unauthorized"));
    await new Promise((r) => setTimeout(r, 20));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    stop();
  });

  it("treats a silent connection as dead and reconnects", async () => {
    const silent = liveResponse();
    const next = liveResponse();
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockImplementationOnce(async (_url, init) => {
        init?.signal?.addEventListener("abort", () => silent.close());
        return silent.response;
      })
      .mockResolvedValueOnce(next.response);
    const stop = openEventStream({
      url: "http://gw/api/v1/events",
      token: "t",
      fetch: fetchMock,
      onEvent: () => {},
      idleTimeoutMs: 30,
      baseDelayMs: 1,
    });
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2), { timeout: 2000 });
    stop();
  });
});
