import { describe, expect, test } from "vitest";

import { classifyError, classifyResponse } from "../../src/probe/outcome.ts";
import type { ProbePhase } from "../../src/probe/index.ts";

function coded(code: string | undefined, cause?: unknown): Error {
  return Object.assign(new Error("irrelevant text"), { code, cause });
}

describe("error classification", () => {
  test.each<{ error: unknown; phase: ProbePhase; outcome: string; code: string }>([
    { error: coded("ECONNREFUSED"), phase: "connect", outcome: "connection_refused", code: "ECONNREFUSED" },
    { error: coded("ECONNRESET"), phase: "headers", outcome: "connection_reset", code: "ECONNRESET" },
    { error: coded("UND_ERR_SOCKET"), phase: "body", outcome: "connection_reset", code: "UND_ERR_SOCKET" },
    { error: coded("EAI_AGAIN"), phase: "dns", outcome: "dns_failure", code: "EAI_AGAIN" },
    { error: coded("ESERVFAIL"), phase: "dns", outcome: "dns_failure", code: "ESERVFAIL" },
    { error: coded("CERT_HAS_EXPIRED"), phase: "tls", outcome: "tls_error", code: "CERT_HAS_EXPIRED" },
    {
      error: coded("ERR_SSL_WRONG_VERSION_NUMBER"),
      phase: "tls",
      outcome: "tls_error",
      code: "ERR_SSL_WRONG_VERSION_NUMBER",
    },
    { error: coded("EPROTO"), phase: "tls", outcome: "tls_error", code: "EPROTO" },
    { error: coded("EPROTO"), phase: "headers", outcome: "error", code: "EPROTO" },
    { error: coded("UND_ERR_HEADERS_TIMEOUT"), phase: "headers", outcome: "timeout", code: "UND_ERR_HEADERS_TIMEOUT" },
    { error: coded(undefined, coded("ECONNRESET")), phase: "body", outcome: "connection_reset", code: "ECONNRESET" },
    { error: coded("HPE_INVALID_CONSTANT"), phase: "headers", outcome: "error", code: "HPE_INVALID_CONSTANT" },
    { error: new Error("connect ECONNREFUSED 127.0.0.1:80"), phase: "connect", outcome: "error", code: "Error" },
    { error: "thrown string", phase: "headers", outcome: "error", code: "UNKNOWN" },
  ])("$code in $phase is $outcome", ({ error, phase, outcome, code }) => {
    const classified = classifyError(error, phase, null);

    expect(classified.outcome).toBe(outcome);
    expect(classified.errorCode).toBe(code);
  });

  test("expired deadline wins", () => {
    const classified = classifyError(coded("ECONNRESET"), "body", "body");

    expect(classified).toEqual({ outcome: "timeout", timeoutPhase: "body", errorCode: "PROBE_TIMEOUT" });
  });
});

describe("response classification", () => {
  const base = { statusCode: 200, expectedStatus: { min: 200, max: 399 }, keywordFound: null, totalMs: 100, slowThresholdMs: 1000 };

  test.each([
    { name: "good response", facts: {}, outcome: "ok" },
    { name: "redirect status kept", facts: { statusCode: 304 }, outcome: "ok" },
    { name: "server error", facts: { statusCode: 500 }, outcome: "http_error" },
    { name: "exact status mismatch", facts: { expectedStatus: 204 }, outcome: "http_error" },
    { name: "missing keyword", facts: { keywordFound: false }, outcome: "keyword_missing" },
    { name: "error before keyword", facts: { statusCode: 404, keywordFound: false }, outcome: "http_error" },
    { name: "over slow threshold", facts: { totalMs: 1500 }, outcome: "slow" },
    { name: "keyword before slowness", facts: { totalMs: 1500, keywordFound: false }, outcome: "keyword_missing" },
  ])("$name is $outcome", ({ facts, outcome }) => {
    expect(classifyResponse({ ...base, ...facts })).toBe(outcome);
  });
});
