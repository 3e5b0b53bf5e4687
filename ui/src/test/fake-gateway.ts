import type { InboxItem, Message, Modem, RoutingConfig } from "@/lib/api/types";

/**
 * An in-memory stand-in for the gateway's HTTP API, for component tests only
 * (the end-to-end tests run against the real `simgate serve`). It answers the
 * routes the UI uses and lets a test push server events.
 */
export class FakeGateway {
  messages: Message[] = [];
  modems: Modem[] = [];
  inbox: InboxItem[] = [];
  routing: RoutingConfig = {
    pools: [{ name: "all", modems: ["demo-1"], strategy: "round-robin" }],
    rules: [],
    default_pool: null,
    limits: {},
    windows: { marketing: null, transactional: null },
    default_timezone: "+00:00",
  };
  requests: {
    method: string;
    path: string;
    query: string | null;
    search: string | null;
    body: unknown;
    auth: string | null;
  }[] = [];
  /** The only token the fake accepts. */
  token = "test-token";
  /** When set, POST /api/v1/messages answers with this status and problem body. */
  rejectSend: { status: number; problem: unknown } | null = null;
  /** When set, PUT /api/v1/routing answers with this status and problem body. */
  rejectRouting: { status: number; problem: unknown } | null = null;
  private streams: ReadableStreamDefaultController<Uint8Array>[] = [];
  private seq = 0;

  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const auth = request.headers.get("Authorization");
    const text = ["POST", "PUT"].includes(request.method) ? await request.text() : "";
    const body = text ? JSON.parse(text) : null;
    this.requests.push({
      method: request.method,
      path: url.pathname,
      query: url.searchParams.get("status"),
      search: url.searchParams.get("q"),
      body,
      auth,
    });
    const json = (status: number, data: unknown, type = "application/json") =>
      new Response(JSON.stringify(data), { status, headers: { "content-type": type } });

    if (auth !== `Bearer ${this.token}`) {
      return json(
        401,
        { type: "about:blank", title: "Unauthorized", status: 401 },
        "application/problem+json",
      );
    }
    if (url.pathname === "/api/v1/modems") return json(200, this.modems);
    if (url.pathname === "/api/v1/routing") {
      if (request.method === "PUT") {
        if (this.rejectRouting) {
          return json(
            this.rejectRouting.status,
            this.rejectRouting.problem,
            "application/problem+json",
          );
        }
        const config = body as RoutingConfig;
        if (config.default_timezone === "+99:00") {
          return json(
            422,
            {
              type: "about:blank",
              title: "Invalid routing",
              status: 422,
              detail: "invalid configuration",
              errors: [{ field: "default_timezone", message: "offset out of range" }],
            },
            "application/problem+json",
          );
        }
        this.routing = config;
      }
      return json(200, this.routing);
    }
    if (url.pathname === "/api/v1/inbox") {
      return json(200, { items: [...this.inbox].reverse(), next_cursor: null });
    }
    const action = url.pathname.match(/^\/api\/v1\/modems\/([^/]+)\/(enabled|ussd|simulate|pin)$/);
    if (action && request.method === "POST") {
      const modem = this.modems.find((m) => m.name === action[1]);
      if (!modem)
        return json(
          404,
          { type: "about:blank", title: "Not found", status: 404 },
          "application/problem+json",
        );
      const input = body as Record<string, unknown>;
      if (action[2] === "enabled") modem.enabled = Boolean(input.enabled);
      if (action[2] === "ussd")
        return json(200, { reply: `Reply to ${String(input.code)}: 5,00 EUR` });
      if (action[2] === "simulate") {
        if (!modem.demo)
          return json(
            409,
            { type: "about:blank", title: "Conflict", status: 409, detail: "not a demo modem" },
            "application/problem+json",
          );
        if (input.action === "unplug") modem.state = "offline";
        if (input.action === "replug") modem.state = "ready";
      }
      this.emit("modem.updated", { name: modem.name });
      return json(200, modem);
    }
    if (url.pathname === "/api/v1/stats") {
      const byStatus: Record<string, number> = {};
      for (const m of this.messages) byStatus[m.status] = (byStatus[m.status] ?? 0) + 1;
      return json(200, { total: this.messages.length, by_status: byStatus });
    }
    if (url.pathname === "/api/v1/health") return json(200, { status: "ok", version: "0.1.0" });
    if (url.pathname === "/api/v1/events") {
      const stream = new ReadableStream<Uint8Array>({
        start: (controller) => void this.streams.push(controller),
      });
      return new Response(stream, { headers: { "content-type": "text/event-stream" } });
    }
    if (url.pathname === "/api/v1/messages" && request.method === "GET") {
      const status = url.searchParams.get("status");
      const q = url.searchParams.get("q")?.toLowerCase();
      const all = [...this.messages]
        .reverse()
        .filter((m) => !status || m.status === status)
        .filter((m) => !url.searchParams.get("modem") || m.modem === url.searchParams.get("modem"))
        .filter((m) => !q || m.to.includes(q) || m.body.toLowerCase().includes(q));
      const limit = Number(url.searchParams.get("limit") ?? 50);
      const start = Number(url.searchParams.get("cursor") ?? 0);
      const items = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : null;
      return json(200, { items, next_cursor: next });
    }
    if (url.pathname === "/api/v1/messages" && request.method === "POST") {
      if (this.rejectSend) {
        return json(this.rejectSend.status, this.rejectSend.problem, "application/problem+json");
      }
      const { to, body: text } = body as { to: string; body: string };
      const message = this.add({ to, body: text });
      this.emit("message.updated", { id: message.id, status: "queued" });
      return json(202, message);
    }
    if (url.pathname === "/api/v1/segments" && request.method === "POST") {
      return json(200, planSegments((body as { body: string }).body));
    }
    const retry = url.pathname.match(/^\/api\/v1\/messages\/([^/]+)\/retry$/);
    if (retry && request.method === "POST") {
      const found = this.messages.find((m) => m.id === retry[1]);
      if (!found)
        return json(
          404,
          { type: "about:blank", title: "Not found", status: 404 },
          "application/problem+json",
        );
      if (!["failed", "uncertain", "expired", "cancelled"].includes(found.status)) {
        return json(
          409,
          {
            type: "about:blank",
            title: "Conflict",
            status: 409,
            detail: `a ${found.status} message cannot be sent again`,
          },
          "application/problem+json",
        );
      }
      this.advance(found.id, "queued", { error: null });
      return json(202, found);
    }
    const detail = url.pathname.match(/^\/api\/v1\/messages\/([^/]+)$/);
    if (detail && request.method === "DELETE") {
      const found = this.messages.find((m) => m.id === detail[1]);
      if (!found)
        return json(
          404,
          { type: "about:blank", title: "Not found", status: 404 },
          "application/problem+json",
        );
      if (!["scheduled", "queued"].includes(found.status)) {
        return json(
          409,
          {
            type: "about:blank",
            title: "Conflict",
            status: 409,
            detail: `a ${found.status} message cannot be cancelled`,
          },
          "application/problem+json",
        );
      }
      this.advance(found.id, "cancelled");
      return json(200, found);
    }
    if (detail && request.method === "GET") {
      const found = this.messages.find((m) => m.id === detail[1]);
      return found
        ? json(200, found)
        : json(
            404,
            { type: "about:blank", title: "Not found", status: 404 },
            "application/problem+json",
          );
    }
    return json(
      404,
      { type: "about:blank", title: "Not found", status: 404 },
      "application/problem+json",
    );
  };

  add(partial: Partial<Message> & { to: string; body: string }): Message {
    const now = new Date().toISOString();
    const message: Message = {
      id: `msg-${++this.seq}`,
      status: "queued",
      encoding: "gsm7",
      segments: 1,
      priority: "normal",
      category: "transactional",
      attempts: 0,
      modem: null,
      error: null,
      created_at: now,
      updated_at: now,
      history: [{ status: "queued", at: now, detail: null }],
      ...partial,
    };
    this.messages.push(message);
    return message;
  }

  /** Changes a message's status the way the engine would, and announces it. */
  advance(id: string, status: Message["status"], patch: Partial<Message> = {}) {
    const message = this.messages.find((m) => m.id === id)!;
    const at = new Date().toISOString();
    Object.assign(message, patch, {
      status,
      updated_at: at,
      history: [...message.history, { status, at, detail: null }],
    });
    this.emit("message.updated", { id, status });
  }

  /** An SMS arrives on a modem, as the engine would announce it. */
  receive(partial: { from: string; body: string; modem: string }) {
    const item: InboxItem = {
      id: `in-${++this.seq}`,
      received_at: new Date().toISOString(),
      sent_at: null,
      ...partial,
    };
    this.inbox.push(item);
    this.emit("message.received", { id: item.id, from: item.from, modem: item.modem });
    return item;
  }

  emit(type: string, data: unknown) {
    const bytes = new TextEncoder().encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const stream of this.streams) stream.enqueue(bytes);
  }

  get openStreams() {
    return this.streams.length;
  }
}

// A deliberately small planner for component tests: ASCII is GSM-7, anything
// else is UCS-2, and the curly apostrophe has a GSM-7 look-alike.
function planSegments(text: string) {
  const chars = Array.from(text);
  const ucs2 = chars
    .map((char, index) => ({ char, index }))
    .filter(({ char }) => !/^[\x20-\x7e\n]$/.test(char));
  const encoding = ucs2.length ? "ucs2" : "gsm7";
  const [single, multi] = encoding === "gsm7" ? [160, 153] : [70, 67];
  const count = (n: number) => (n <= single ? 1 : Math.ceil(n / multi));
  const segments = count(chars.length);
  const perSegment = segments === 1 ? single : multi;
  const optimised = text.replaceAll("\u2019", "'");
  const optimisedChars = Array.from(optimised);
  const optimisedGsm = optimisedChars.every((c) => /^[\x20-\x7e\n]$/.test(c));
  const optimisedSegments = optimisedGsm
    ? optimisedChars.length <= 160
      ? 1
      : Math.ceil(optimisedChars.length / 153)
    : segments;
  return {
    encoding,
    segments,
    chars_used: chars.length,
    chars_left: segments * perSegment - chars.length,
    per_segment: perSegment,
    units_total: chars.length,
    ucs2_chars: ucs2,
    optimisation:
      optimised !== text
        ? {
            text: optimised,
            replacements: ucs2
              .filter((c) => c.char === "\u2019")
              .map((c) => ({ from: c.char, to: "'", index: c.index })),
            segments_saved: segments - optimisedSegments,
          }
        : null,
  };
}

/** A modem as GET /api/v1/modems reports it, ready and idle unless told otherwise. */
export function fakeModem(partial: Partial<Modem> & { name: string }): Modem {
  return {
    path: `/dev/${partial.name}`,
    demo: false,
    state: "ready",
    enabled: true,
    roaming: false,
    sent_today: 0,
    ...partial,
  };
}
