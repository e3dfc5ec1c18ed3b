// Queued fault injection: error responses and delays for the next requests of a route kind.
import { STATUS_CODES } from "node:http";

import type { FailureOptions, FaultKind } from "./types.ts";

export type FaultAction = { type: "fail"; options: FailureOptions } | { type: "hang"; ms: number };

/** Default HTTP status of an injected Matrix error code; other codes default to 500. */
const STATUS_BY_ERRCODE: Record<string, number> = {
  M_LIMIT_EXCEEDED: 429,
  M_FORBIDDEN: 403,
  M_NOT_FOUND: 404,
  M_UNKNOWN_TOKEN: 401,
  M_MISSING_TOKEN: 401,
  M_BAD_JSON: 400,
  M_NOT_JSON: 400,
  M_INVALID_PARAM: 400,
  M_TOO_LARGE: 413,
};

/** Per route kind, a first-in first-out queue of faults that the next requests of that kind consume. */
export class FaultQueue {
  private readonly queues = new Map<FaultKind, FaultAction[]>();

  push(kind: FaultKind, action: FaultAction): void {
    const queue = this.queues.get(kind) ?? [];
    queue.push(action);
    this.queues.set(kind, queue);
  }

  take(kind: FaultKind): FaultAction | undefined {
    return this.queues.get(kind)?.shift();
  }

  /** Returns how many faults are still queued for the kind. */
  pending(kind: FaultKind): number {
    return this.queues.get(kind)?.length ?? 0;
  }
}

export interface FailureResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * Builds an injected error response. The status defaults from the errcode (429 for
 * M_LIMIT_EXCEEDED), else 500. The errcode defaults to M_LIMIT_EXCEEDED for 429, else
 * M_UNKNOWN. `retryAfterMs` adds `retry_after_ms` and a Retry-After header in whole seconds.
 * With `body`, that text is sent as text/plain in place of the JSON error.
 */
export function failureResponse(options: FailureOptions): FailureResponse {
  const status = options.status ?? (options.errcode ? (STATUS_BY_ERRCODE[options.errcode] ?? 500) : 500);
  const headers: Record<string, string> = {};
  if (options.retryAfterMs !== undefined) {
    headers["Retry-After"] = String(Math.ceil(options.retryAfterMs / 1000));
  }

  if (options.body !== undefined) {
    return { status, body: options.body, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } };
  }

  const errcode = options.errcode ?? (status === 429 ? "M_LIMIT_EXCEEDED" : "M_UNKNOWN");
  const error = options.error ?? (status === 429 ? "Too many requests" : (STATUS_CODES[status] ?? "Injected failure"));
  const json: Record<string, unknown> = { errcode, error };
  if (options.retryAfterMs !== undefined) {
    json.retry_after_ms = options.retryAfterMs;
  }
  return { status, body: JSON.stringify(json), headers: { ...headers, "Content-Type": "application/json" } };
}
