/** An RFC 9457 problem document, as every failing SimGate API call returns. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string | null;
  errors?: { field: string; message: string }[];
}

/** A failed API call: the HTTP status plus the server's problem document, if it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, fallback?: string) {
    super(problem?.detail || problem?.title || fallback || `Request failed (HTTP ${status})`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  /** Field-level validation errors (422), keyed by field name. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) {
      if (!(e.field in out)) out[e.field] = e.message;
    }
    return out;
  }
}

export function isUnauthorized(error: unknown) {
  return error instanceof ApiError && error.status === 401;
}

/** Reaching the server failed at all (offline, server stopped). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("Cannot reach SimGate. Is the gateway running?", { cause });
    this.name = "NetworkError";
  }
}
