// probe(): fetches one target's homepage, following redirects hop by hop
// under one deadline, and returns a ProbeResult. Network failures become
// outcome classes, and probe() rejects only on invalid options.

import { connect as netConnect } from "node:net";

import { createAddressGuard } from "./address-guard.ts";
import type { BodyReadResult } from "./body.ts";
import { ProbeDeadline } from "./deadline.ts";
import { HopTrace, runHop, type HopSettings } from "./hop.ts";
import { classifyError, classifyResponse, DEFAULT_EXPECTED_STATUS } from "./outcome.ts";
import { parseProbeUrl, RedirectChain } from "./redirects.ts";
import { systemResolveHost } from "./resolve-host.ts";
import type {
  HopRecord,
  Outcome,
  ProbeOptions,
  ProbePhase,
  ProbeResult,
  ProbeTarget,
  ProbeTimings,
} from "./types.ts";

export const PROBE_DEFAULTS = {
  timeoutMs: 10_000,
  slowThresholdMs: 3_000,
  maxBodyBytes: 256 * 1024,
  maxRedirects: 5,
  userAgent: "dos-bot-probe/0.1 (homepage availability check)",
} as const;

const defaultAddressGuard = createAddressGuard();

function requireNumber(name: string, value: number, min: number, integer: boolean): number {
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    const kind = integer ? "an integer" : "a number";
    throw new RangeError(`Invalid probe option ${name}=${value}: expected ${kind} >= ${min}`);
  }
  return value;
}

/** Outcome fields that every ending of a probe sets. */
interface Ending {
  outcome: Outcome;
  timeoutPhase?: ProbePhase | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  body?: BodyReadResult;
  /** Wall time of the probe when it was already measured for the slow check. */
  totalMs?: number;
}

function sumTimings(hops: readonly HopRecord[], key: Exclude<keyof ProbeTimings, "totalMs">): number | null {
  let sum: number | null = null;
  for (const hop of hops) {
    const value = hop.timings[key];
    if (value !== null) {
      sum = (sum ?? 0) + value;
    }
  }
  return sum;
}

function buildResult(
  target: ProbeTarget,
  startedAt: Date,
  startMark: number,
  traces: readonly HopTrace[],
  redirectCount: number,
  ending: Ending,
): ProbeResult {
  const last = traces.at(-1);
  const hops = traces.map((trace) => trace.toRecord());
  return {
    targetId: target.id,
    url: target.url,
    startedAt,
    outcome: ending.outcome,
    timeoutPhase: ending.timeoutPhase ?? null,
    errorCode: ending.errorCode ?? null,
    errorMessage: ending.errorMessage ?? null,
    statusCode: last?.statusCode ?? null,
    finalUrl: last?.url.href ?? target.url,
    redirectCount,
    resolvedAddresses: last?.resolvedAddresses ?? [],
    address: last?.address ?? null,
    timings: {
      dnsMs: sumTimings(hops, "dnsMs"),
      connectMs: sumTimings(hops, "connectMs"),
      tlsMs: sumTimings(hops, "tlsMs"),
      firstByteMs: sumTimings(hops, "firstByteMs"),
      totalMs: ending.totalMs ?? performance.now() - startMark,
    },
    bytesRead: ending.body?.bytesRead ?? 0,
    bodyTruncated: ending.body?.truncated ?? false,
    certificateExpiresAt: last?.certificateExpiresAt ?? null,
    hops,
  };
}

/**
 * Probes `target` once. Resolves with a result for every network outcome,
 * including timeouts, refused addresses and invalid URLs. Throws a RangeError
 * when an option or target setting is out of range.
 */
export async function probe(target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeResult> {
  const startedAt = new Date();
  const startMark = performance.now();

  const timeoutMs = requireNumber("timeoutMs", target.timeoutMs ?? options.timeoutMs ?? PROBE_DEFAULTS.timeoutMs, 1, true);
  const slowThresholdMs = requireNumber(
    "slowThresholdMs",
    target.slowThresholdMs ?? options.slowThresholdMs ?? PROBE_DEFAULTS.slowThresholdMs,
    0,
    false,
  );
  const maxBodyBytes = requireNumber("maxBodyBytes", options.maxBodyBytes ?? PROBE_DEFAULTS.maxBodyBytes, 0, true);
  const maxRedirects = requireNumber("maxRedirects", options.maxRedirects ?? PROBE_DEFAULTS.maxRedirects, 0, true);

  const traces: HopTrace[] = [];
  const startUrl = parseProbeUrl(target.url);
  if (startUrl === null) {
    return buildResult(target, startedAt, startMark, traces, 0, {
      outcome: "invalid_url",
      errorCode: "INVALID_URL",
      errorMessage: `Invalid target URL "${target.url}": expected an absolute http or https URL without credentials`,
    });
  }

  const deadline = new ProbeDeadline(timeoutMs);
  const settings: HopSettings = {
    deadline,
    resolveHost: options.resolveHost ?? systemResolveHost,
    addressGuard: options.addressGuard ?? defaultAddressGuard,
    createConnection: options.createConnection ?? netConnect,
    ca: target.ca ?? options.ca,
    userAgent: options.userAgent ?? PROBE_DEFAULTS.userAgent,
    maxBodyBytes,
    keyword: target.keyword,
  };
  const chain = new RedirectChain(startUrl, maxRedirects);
  const finish = (ending: Ending): ProbeResult =>
    buildResult(target, startedAt, startMark, traces, chain.count, ending);

  try {
    let url = startUrl;
    for (;;) {
      const trace = new HopTrace(url);
      traces.push(trace);

      let response;
      try {
        response = await runHop(trace, settings);
      } catch (error) {
        const classified = classifyError(error, deadline.phase, deadline.expiredPhase);
        return finish({
          ...classified,
          errorMessage: error instanceof Error ? error.message : String(error),
        });
      }

      if (response.kind === "blocked") {
        const { verdict } = response;
        return finish({
          outcome: "blocked_address",
          errorCode: verdict.label,
          errorMessage: `Address ${verdict.address} of ${url.host} is in blocked range ${verdict.range} (${verdict.label})`,
        });
      }

      if (response.kind === "final") {
        const totalMs = performance.now() - startMark;
        const outcome = classifyResponse({
          statusCode: response.statusCode,
          expectedStatus: target.expectedStatus ?? DEFAULT_EXPECTED_STATUS,
          keywordFound: response.body.keywordFound,
          totalMs,
          slowThresholdMs,
        });
        return finish({ outcome, body: response.body, totalMs });
      }

      const next = parseProbeUrl(response.location, url);
      if (next === null) {
        return finish({
          outcome: "invalid_url",
          errorCode: "INVALID_REDIRECT",
          errorMessage: `Invalid redirect location "${response.location}" from ${url.href}`,
        });
      }
      const decision = chain.decide(next);
      if (decision !== "follow") {
        return finish({
          outcome: decision,
          errorCode: decision === "redirect_loop" ? "REDIRECT_LOOP" : "TOO_MANY_REDIRECTS",
          errorMessage: `Redirect from ${url.href} to ${next.href} not followed after ${chain.count} redirects`,
        });
      }
      url = next;
    }
  } finally {
    deadline.dispose();
  }
}
