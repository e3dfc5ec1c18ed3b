// Outcome classification: maps an error code or a final response to one
// outcome class. It reads error codes and phases only, never message text.

import type { Outcome, ProbePhase, StatusRange } from "./types.ts";

export const DEFAULT_EXPECTED_STATUS: StatusRange = { min: 200, max: 399 };

export interface ErrorClassification {
  outcome: Outcome;
  timeoutPhase: ProbePhase | null;
  errorCode: string;
}

const REFUSED_CODES = new Set(["ECONNREFUSED"]);

// UND_ERR_SOCKET is undici's "other side closed": the peer closed the
// connection before a complete response arrived.
const RESET_CODES = new Set(["ECONNRESET", "ECONNABORTED", "EPIPE", "UND_ERR_SOCKET"]);

const TIMEOUT_PHASE_BY_CODE: ReadonlyMap<string, ProbePhase> = new Map([
  ["UND_ERR_CONNECT_TIMEOUT", "connect"],
  ["ETIMEDOUT", "connect"],
  ["UND_ERR_HEADERS_TIMEOUT", "headers"],
  ["UND_ERR_BODY_TIMEOUT", "body"],
]);

// OpenSSL certificate verification codes as Node reports them (X509_V_ERR_* without the prefix).
const CERTIFICATE_CODES = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_CHAIN_TOO_LONG",
  "CERT_REVOKED",
  "INVALID_CA",
  "PATH_LENGTH_EXCEEDED",
  "INVALID_PURPOSE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "HOSTNAME_MISMATCH",
]);

function isTlsCode(code: string): boolean {
  return CERTIFICATE_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_");
}

/** Returns the first string `code` on the error or its `cause` chain. */
export function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classifies an error that ended a hop. `phase` is the phase that was running
 * when the error arrived, and `expiredPhase` is set when the probe deadline
 * had passed, which makes any error a timeout.
 */
export function classifyError(error: unknown, phase: ProbePhase, expiredPhase: ProbePhase | null): ErrorClassification {
  const code = errorCodeOf(error) ?? (error instanceof Error ? error.name : "UNKNOWN");

  if (expiredPhase !== null) {
    return { outcome: "timeout", timeoutPhase: expiredPhase, errorCode: "PROBE_TIMEOUT" };
  }
  const timeoutPhase = TIMEOUT_PHASE_BY_CODE.get(code);
  if (timeoutPhase) {
    return { outcome: "timeout", timeoutPhase, errorCode: code };
  }
  // Every lookup error is a DNS failure, whatever resolver produced it
  // (getaddrinfo reports EAI_* and ENOTFOUND, c-ares reports ENOTFOUND, ESERVFAIL, ...).
  if (phase === "dns") {
    return { outcome: "dns_failure", timeoutPhase: null, errorCode: code };
  }
  if (REFUSED_CODES.has(code)) {
    return { outcome: "connection_refused", timeoutPhase: null, errorCode: code };
  }
  if (RESET_CODES.has(code)) {
    return { outcome: "connection_reset", timeoutPhase: null, errorCode: code };
  }
  // Node 20 reports a failed handshake as ERR_SSL_*, but older releases used EPROTO for the same failures.
  if (isTlsCode(code) || (phase === "tls" && code === "EPROTO")) {
    return { outcome: "tls_error", timeoutPhase: null, errorCode: code };
  }
  return { outcome: "error", timeoutPhase: null, errorCode: code };
}

export function statusMatches(statusCode: number, expected: number | StatusRange): boolean {
  if (typeof expected === "number") {
    return statusCode === expected;
  }
  return statusCode >= expected.min && statusCode <= expected.max;
}

export interface ResponseFacts {
  statusCode: number;
  expectedStatus: number | StatusRange;
  keywordFound: boolean | null;
  totalMs: number;
  slowThresholdMs: number;
}

/** Classifies a response that arrived in full: wrong status first, then missing keyword, then slowness. */
export function classifyResponse(facts: ResponseFacts): Outcome {
  if (!statusMatches(facts.statusCode, facts.expectedStatus)) {
    return "http_error";
  }
  if (facts.keywordFound === false) {
    return "keyword_missing";
  }
  if (facts.totalMs > facts.slowThresholdMs) {
    return "slow";
  }
  return "ok";
}
