// Shared types of the homepage probe engine: what a probe is asked to check,
// the options that tune it, and the result record it returns.

import type { LookupAddress } from "node:dns";
import type { NetConnectOpts, Socket } from "node:net";

import type { AddressGuard } from "./address-guard.ts";

export const OUTCOMES = [
  "ok",
  "slow",
  "http_error",
  "timeout",
  "dns_failure",
  "connection_refused",
  "connection_reset",
  "tls_error",
  "keyword_missing",
  "blocked_address",
  "redirect_loop",
  "too_many_redirects",
  "invalid_url",
  "error",
] as const;

/** Result class of one probe. Every value except `ok` and `slow` means the page did not load as expected. */
export type Outcome = (typeof OUTCOMES)[number];

export const PROBE_PHASES = ["dns", "connect", "tls", "headers", "body"] as const;

/** Step of one hop. A timeout result names the step that was running when the deadline passed. */
export type ProbePhase = (typeof PROBE_PHASES)[number];

/** Inclusive range of HTTP status codes. */
export interface StatusRange {
  min: number;
  max: number;
}

/** Resolves a host name to all of its addresses, like `dns.promises.lookup(name, { all: true })`. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

/** Opens the TCP connection of one hop. The default is `net.connect`. */
export type CreateConnection = (options: NetConnectOpts) => Socket;

/** One homepage to check, as loaded from configuration or the database. */
export interface ProbeTarget {
  /** Caller's id for the target, copied into the result. */
  id: string;
  url: string;
  /** Expected final status code or range after redirects, by default 200–399. */
  expectedStatus?: number | StatusRange;
  /** Text that the body must contain, matched after decoding with the charset of the Content-Type header. */
  keyword?: string;
  /** Total time in milliseconds above which an otherwise good response is classified `slow`. */
  slowThresholdMs?: number;
  /** Deadline in milliseconds for the whole probe, redirects and body included. */
  timeoutMs?: number;
  /** Trusted CA certificates in PEM form. When set, they replace Node's default root CAs for this target. */
  ca?: string | readonly string[];
}

/** Engine-wide probe settings. Target fields override the matching defaults. */
export interface ProbeOptions {
  /** Defaults to `dns.promises.lookup` with `all: true`. */
  resolveHost?: ResolveHost;
  /** Defaults to a guard that allows no special-purpose range. */
  addressGuard?: AddressGuard;
  /** Defaults to `net.connect`. Tests inject a spy here to prove that no connection was opened. */
  createConnection?: CreateConnection;
  /** Default deadline in milliseconds for one probe. */
  timeoutMs?: number;
  /** Default slow threshold in milliseconds. */
  slowThresholdMs?: number;
  /** Maximum number of body bytes read from the final response. */
  maxBodyBytes?: number;
  /** Maximum number of redirects followed. One more redirect response ends the probe as `too_many_redirects`. */
  maxRedirects?: number;
  userAgent?: string;
  /** Trusted CA certificates in PEM form for targets without their own `ca`. When set, they replace Node's default root CAs. */
  ca?: string | readonly string[];
}

/** Durations in milliseconds. A phase that was not reached is null. */
export interface ProbeTimings {
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  /** Wait from the moment the connection was ready until the first response byte arrived. */
  firstByteMs: number | null;
  totalMs: number;
}

/** Record of one request in a redirect chain. */
export interface HopRecord {
  url: string;
  resolvedAddresses: string[];
  /** Address connected to, or null when no connection was attempted. */
  address: string | null;
  statusCode: number | null;
  timings: ProbeTimings;
}

/**
 * Record of one probe. Failures are results too: an unexpected error inside a
 * hop becomes the outcome `error`, and `probe` rejects only on invalid options.
 */
export interface ProbeResult {
  targetId: string;
  url: string;
  startedAt: Date;
  outcome: Outcome;
  /** Phase that was running when the deadline passed, set only for `timeout`. */
  timeoutPhase: ProbePhase | null;
  /** Short machine-readable cause, such as `ECONNREFUSED`, `CERT_HAS_EXPIRED` or `cloud-metadata`. */
  errorCode: string | null;
  /** Human-readable cause for operators. Classification never reads it. */
  errorMessage: string | null;
  statusCode: number | null;
  /** URL of the last hop attempted. */
  finalUrl: string;
  redirectCount: number;
  /** All addresses resolved for the last hop. */
  resolvedAddresses: string[];
  /** Address connected to on the last hop. */
  address: string | null;
  /** DNS, connect, TLS and first-byte times are sums over all hops. Total is the wall time of the probe. */
  timings: ProbeTimings;
  /** Body bytes read from the last response, at most the body cap. */
  bytesRead: number;
  /** True when reading stopped at the body cap before the end of the body was seen. */
  bodyTruncated: boolean;
  /** Expiry (`valid_to`) of the TLS certificate on the last hop, or null for plain HTTP or no handshake. */
  certificateExpiresAt: Date | null;
  hops: HopRecord[];
}

/** Logger subset used by rounds and the scheduler, which a pino logger satisfies. */
export interface ProbeLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error?(fields: object, message: string): void;
}
