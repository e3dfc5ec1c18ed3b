// Reads the errors that matrix-bot-sdk 0.7.1 throws. A JSON error body with
// an errcode becomes a MatrixError. Any other non-2xx response is thrown as
// the raw response object, which is not an Error. A network failure or a
// timeout is the request library's Error. The bot's own sync request
// (client.ts) throws MatrixError or Error in the same cases.
import { MatrixError } from "matrix-bot-sdk";
import type { SendResult } from "../delivery/types.ts";

interface RawResponse {
  statusCode: number;
  headers?: Record<string, string | string[] | undefined>;
}

function isRawResponse(error: unknown): error is RawResponse {
  return typeof error === "object" && error !== null && !(error instanceof Error) && typeof (error as RawResponse).statusCode === "number";
}

export function errcodeOf(error: unknown): string | undefined {
  return error instanceof MatrixError ? error.errcode : undefined;
}

/** Reads a Retry-After header given in seconds; HTTP dates are ignored. */
function retryAfterHeaderMs(response: RawResponse): number | undefined {
  const header = response.headers?.["retry-after"];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return header !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Describes a failure briefly for logs and the outbox's lastError, without the request or the access token. */
export function describeMatrixError(error: unknown): string {
  if (error instanceof MatrixError) return `matrix ${error.errcode} (HTTP ${error.statusCode}): ${error.error ?? ""}`.trim();
  if (isRawResponse(error)) return `matrix HTTP ${error.statusCode} without a Matrix error body`;
  if (error instanceof Error) return `matrix request failed: ${error.message}`;
  return `matrix request failed: ${String(error)}`;
}

export function failedSend(error: unknown): SendResult & { ok: false } {
  let retryAfterMs: number | undefined;
  if (error instanceof MatrixError) {
    retryAfterMs = typeof error.retryAfterMs === "number" ? error.retryAfterMs : undefined;
  } else if (isRawResponse(error)) {
    retryAfterMs = retryAfterHeaderMs(error);
  }
  return { ok: false, error: describeMatrixError(error), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/**
 * Returns true for errors that a retry of a command reply cannot fix: the
 * bot is not in the reply's room (any more), or the homeserver rejects the
 * event itself.
 */
export function isPermanentReplyError(error: unknown): boolean {
  const errcode = errcodeOf(error);
  return errcode === "M_FORBIDDEN" || errcode === "M_NOT_FOUND" || errcode === "M_TOO_LARGE" || errcode === "M_BAD_JSON";
}
