// One request of a redirect chain: DNS, address guard, connect, TLS, headers
// and body, on a fresh undici Client that is destroyed when the hop ends.

import { Client, errors } from "undici";

import type { AddressGuard, AddressVerdict } from "./address-guard.ts";
import { cancelBody, readBody, type BodyReadResult } from "./body.ts";
import { createHopConnector, type HopMarks } from "./connector.ts";
import type { ProbeDeadline } from "./deadline.ts";
import { isRedirectStatus } from "./redirects.ts";
import { hostnameFromUrl, resolveHostAddresses } from "./resolve-host.ts";
import type { CreateConnection, HopRecord, ResolveHost } from "./types.ts";

// Passed to client.destroy() at the end of every hop. Without it undici creates
// a new ClientDestroyedError each time, and Node formats its stack trace when
// it destroys the socket with it. Sharing one error cut the CPU time of a plain
// HTTP probe by about 20% under tsx, which formats stacks through source maps.
const HOP_FINISHED = new errors.ClientDestroyedError();

/** Settings shared by all hops of one probe. */
export interface HopSettings {
  deadline: ProbeDeadline;
  resolveHost: ResolveHost;
  addressGuard: AddressGuard;
  createConnection: CreateConnection;
  ca: string | readonly string[] | undefined;
  userAgent: string;
  maxBodyBytes: number;
  keyword: string | undefined;
}

export type HopResponse =
  | { kind: "blocked"; verdict: Extract<AddressVerdict, { allowed: false }> }
  | { kind: "redirect"; statusCode: number; location: string }
  | { kind: "final"; statusCode: number; body: BodyReadResult };

/**
 * Facts gathered during one hop. The hop fills them in as it goes, so they
 * are complete up to the point where the hop failed.
 */
export class HopTrace {
  readonly marks: HopMarks = {
    dnsStart: performance.now(),
    dnsEnd: null,
    connectStart: null,
    connectEnd: null,
    tlsEnd: null,
    firstByte: null,
  };
  resolvedAddresses: string[] = [];
  address: string | null = null;
  statusCode: number | null = null;
  certificateExpiresAt: Date | null = null;
  endedAt: number | null = null;

  constructor(readonly url: URL) {}

  toRecord(): HopRecord {
    const { marks } = this;
    const end = this.endedAt ?? performance.now();
    const connectionReady = marks.tlsEnd ?? marks.connectEnd;
    return {
      url: this.url.href,
      resolvedAddresses: this.resolvedAddresses,
      address: this.address,
      statusCode: this.statusCode,
      timings: {
        dnsMs: marks.dnsEnd === null ? null : marks.dnsEnd - marks.dnsStart,
        connectMs: marks.connectEnd === null || marks.connectStart === null ? null : marks.connectEnd - marks.connectStart,
        tlsMs: marks.tlsEnd === null || marks.connectEnd === null ? null : marks.tlsEnd - marks.connectEnd,
        firstByteMs: marks.firstByte === null || connectionReady === null ? null : marks.firstByte - connectionReady,
        totalMs: end - marks.dnsStart,
      },
    };
  }
}

function defaultPort(url: URL): number {
  if (url.port !== "") {
    return Number(url.port);
  }
  return url.protocol === "https:" ? 443 : 80;
}

/**
 * Runs one hop and records its facts in `trace`. Resolves with a blocked,
 * redirect or final response. Rejects with the underlying network or
 * deadline error, which the caller classifies.
 */
export async function runHop(trace: HopTrace, settings: HopSettings): Promise<HopResponse> {
  const { deadline } = settings;
  const { url } = trace;
  const hostname = hostnameFromUrl(url);

  deadline.phase = "dns";
  const addresses = await resolveHostAddresses(hostname, settings.resolveHost, deadline.signal);
  trace.marks.dnsEnd = performance.now();
  trace.resolvedAddresses = addresses.map((entry) => entry.address);

  // Every address must pass, so a name that also resolves into a private range is rejected outright.
  for (const entry of addresses) {
    const verdict = settings.addressGuard.check(entry.address);
    if (!verdict.allowed) {
      return { kind: "blocked", verdict };
    }
  }

  // NOTE: only the first address is tried. There is no fallback to the next
  // address or the other IP family when the connection fails.
  const chosen = addresses[0]!;
  trace.address = chosen.address;

  const secure = url.protocol === "https:";
  const connector = createHopConnector({
    address: chosen,
    port: defaultPort(url),
    secure,
    servername: hostname === chosen.address ? undefined : hostname,
    ca: settings.ca,
    deadline,
    marks: trace.marks,
    createConnection: settings.createConnection,
    onCertificate: (expiresAt) => {
      trace.certificateExpiresAt = expiresAt;
    },
  });

  // undici builds the Host header ("<url host>[:port]") from this origin. The connector ignores the name.
  const client = new Client(url.origin, {
    connect: connector,
    pipelining: 1,
    // The probe deadline fires first. These undici timeouts are only a backstop.
    headersTimeout: deadline.timeoutMs,
    bodyTimeout: deadline.timeoutMs,
  });

  try {
    const response = await client.request({
      path: `${url.pathname}${url.search}`,
      method: "GET",
      headers: {
        "user-agent": settings.userAgent,
        accept: "text/html,application/xhtml+xml,*/*;q=0.8",
        // The keyword search does not decompress, so ask for an uncompressed body.
        "accept-encoding": "identity",
      },
      // No "Connection: close": every hop still uses its own connection, and the
      // finally block below closes it once the response is read. With reset: true,
      // undici creates an error object per response to close the socket, and
      // formatting its stack cost about 15% of a plain HTTP probe's CPU time
      // under tsx (bench/probe.ts). Closing from this side also leaves the
      // TIME_WAIT state on the prober rather than on the probed server.
      reset: false,
      signal: deadline.signal,
    });
    trace.statusCode = response.statusCode;

    const location = response.headers.location;
    const locationText = Array.isArray(location) ? location[0] : location;
    if (isRedirectStatus(response.statusCode) && locationText !== undefined) {
      cancelBody(response.body);
      return { kind: "redirect", statusCode: response.statusCode, location: locationText };
    }

    deadline.phase = "body";
    const contentType = response.headers["content-type"];
    const body = await readBody(response.body, {
      maxBytes: settings.maxBodyBytes,
      keyword: settings.keyword,
      contentType: Array.isArray(contentType) ? contentType[0] : contentType,
    });
    return { kind: "final", statusCode: response.statusCode, body };
  } finally {
    trace.endedAt = performance.now();
    await client.destroy(HOP_FINISHED).catch(() => {});
  }
}
