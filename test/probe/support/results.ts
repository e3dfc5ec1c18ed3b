// Builds ProbeResult values for tests of rounds and schedules, which inject
// their own probe function instead of opening connections.

import type { Outcome, ProbeResult, ProbeTarget } from "../../../src/probe/index.ts";

export function fakeResult(target: ProbeTarget, outcome: Outcome = "ok", totalMs = 10): ProbeResult {
  return {
    targetId: target.id,
    url: target.url,
    startedAt: new Date(),
    outcome,
    timeoutPhase: null,
    errorCode: null,
    errorMessage: null,
    statusCode: outcome === "ok" ? 200 : null,
    finalUrl: target.url,
    redirectCount: 0,
    resolvedAddresses: [],
    address: null,
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs },
    bytesRead: 0,
    bodyTruncated: false,
    certificateExpiresAt: null,
    hops: [],
  };
}

export function targets(count: number): ProbeTarget[] {
  return Array.from({ length: count }, (_, index) => ({ id: `t${index}`, url: `http://site${index}.test/` }));
}

/** Logger double that records every call. */
export function recordingLogger() {
  const calls: Array<{ level: "info" | "warn" | "error"; fields: Record<string, unknown>; message: string }> = [];
  const record =
    (level: "info" | "warn" | "error") =>
    (fields: object, message: string): void => {
      calls.push({ level, fields: fields as Record<string, unknown>, message });
    };
  return { calls, info: record("info"), warn: record("warn"), error: record("error") };
}
