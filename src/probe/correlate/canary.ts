// Own-network check. Canaries are reference sites and resolvers outside the
// observed operators. When enough of them fail at once, the prober's own
// connectivity is the likely cause of any failures it records, so the detector
// stops judging targets until the canaries respond again.

import { connect } from "node:net";

import type { AddressGuard } from "../address-guard.ts";
import { probe } from "../http-probe.ts";
import { resolveHostAddresses, systemResolveHost } from "../resolve-host.ts";
import type { ProbeOptions, ProbeResult, ProbeTarget, ResolveHost } from "../types.ts";

export interface CanaryResult {
  /** The canary as configured: a URL or host:port. */
  canary: string;
  ok: boolean;
  /** Outcome or error code of a failed check, such as timeout or ECONNREFUSED. */
  failure: string | null;
  /** HTTP status of a URL canary that responded. */
  statusCode?: number | null;
  totalMs: number;
}

export interface CanarySettings {
  urls: readonly string[];
  tcp: readonly string[];
  failShare: number;
  timeoutMs: number;
}

export interface CanaryDeps {
  addressGuard: AddressGuard;
  resolveHost?: ResolveHost;
  probeOptions?: Partial<ProbeOptions>;
  /** Replaces the HTTP probe, for tests of the gate around it. */
  probe?: (target: ProbeTarget, options: ProbeOptions) => Promise<ProbeResult>;
}

/** Splits "host:port" or "[v6]:port" into its parts. */
export function parseHostPort(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (match === null || port < 1 || port > 65_535) throw new RangeError(`invalid canary "${value}": expected host:port such as 192.0.2.53:53`);
  return { host: match[1] ?? match[2]!, port };
}

async function checkTcp(value: string, settings: CanarySettings, deps: CanaryDeps): Promise<CanaryResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(settings.timeoutMs);
  try {
    const { host, port } = parseHostPort(value);
    const addresses = await resolveHostAddresses(host, deps.resolveHost ?? systemResolveHost, signal);
    const address = addresses.map((entry) => deps.addressGuard.check(entry.address)).find((verdict) => verdict.allowed);
    if (address === undefined) return { canary: value, ok: false, failure: "blocked_address", totalMs: elapsed() };
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host: address.address, port, signal });
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", reject);
    });
    return { canary: value, ok: true, failure: null, totalMs: elapsed() };
  } catch (error) {
    const code = signal.aborted ? "timeout" : ((error as NodeJS.ErrnoException).code ?? "error");
    return { canary: value, ok: false, failure: code, totalMs: elapsed() };
  }
}

async function checkUrl(url: string, settings: CanarySettings, deps: CanaryDeps): Promise<CanaryResult> {
  const run = deps.probe ?? probe;
  const result = await run(
    { id: `canary:${url}`, url, timeoutMs: settings.timeoutMs, slowThresholdMs: settings.timeoutMs },
    { ...deps.probeOptions, addressGuard: deps.addressGuard, ...(deps.resolveHost ? { resolveHost: deps.resolveHost } : {}) },
  );
  // Any HTTP response proves that the path to the Internet works, so only network-level failures count.
  const reached = result.statusCode !== null;
  return { canary: url, ok: reached, failure: reached ? null : result.outcome, statusCode: result.statusCode, totalMs: Math.round(result.timings.totalMs) };
}

/** Checks every canary at once. */
export async function checkCanaries(settings: CanarySettings, deps: CanaryDeps): Promise<CanaryResult[]> {
  return Promise.all([...settings.urls.map((url) => checkUrl(url, settings, deps)), ...settings.tcp.map((value) => checkTcp(value, settings, deps))]);
}

/** Tells whether a canary cannot be checked at all because the address guard blocks its address, which is a configuration error. */
export function isBlockedCanary(result: CanaryResult): boolean {
  return result.failure === "blocked_address";
}

/**
 * Returns whether the canary results mean that the prober's own connectivity
 * is lost. Canaries the address guard blocks are left out, because their
 * failure is no evidence about the network. Without canaries it never is.
 */
export function connectivityLost(results: readonly CanaryResult[], failShare: number): boolean {
  const usable = results.filter((result) => !isBlockedCanary(result));
  if (usable.length === 0) return false;
  const failed = usable.filter((result) => !result.ok).length;
  return failed / usable.length >= failShare;
}
