import createClient, { type Client } from "openapi-fetch";
import { ApiError, NetworkError, type Problem } from "./errors";
import type { paths } from "./schema";

export type ApiClient = Client<paths>;

export interface ClientOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

/** A typed client for the gateway's HTTP API; every request carries the bearer token. */
export function createApiClient({ baseUrl, token, fetch: fetchImpl }: ClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl,
    // Resolved per request so tests and the desktop shell can swap fetch.
    fetch: (request: Request) => (fetchImpl ?? globalThis.fetch)(request),
  });
  client.use({
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  });
  return client;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Turns an openapi-fetch result into data or a thrown ApiError, so TanStack
 * Query sees failures as errors. Network failures become NetworkError.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new NetworkError(err);
  }
  const { data, error, response } = result;
  if (!response.ok) {
    const problem = error && typeof error === "object" ? (error as Problem) : null;
    throw new ApiError(response.status, problem, typeof error === "string" ? error : undefined);
  }
  return data as T;
}
