// DNS step of a hop: turns the URL host into the list of addresses that the
// address guard checks and the connector uses. The probe never looks a name
// up a second time, so the address checked is the address connected to.

import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

import { raceWithSignal } from "./deadline.ts";
import type { ResolveHost } from "./types.ts";

/** Error for a lookup that returned no address. Its code matches the c-ares "no data" code. */
export class NoAddressError extends Error {
  readonly code = "ENODATA";

  constructor(hostname: string) {
    super(`DNS lookup of ${hostname} returned no address`);
    this.name = "NoAddressError";
  }
}

/**
 * Resolves with the system resolver (getaddrinfo, which reads /etc/hosts).
 * NOTE: getaddrinfo runs on libuv's thread pool (4 threads by default), so many
 * slow lookups at once also delay file and crypto work. A resolver built on
 * `dns.promises.Resolver` (c-ares) avoids the pool and can be injected instead.
 */
export const systemResolveHost: ResolveHost = (hostname) => lookup(hostname, { all: true });

/** Strips the brackets that URLs put around IPv6 literals. */
export function hostnameFromUrl(url: URL): string {
  const host = url.hostname;
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/**
 * Returns all addresses of `hostname`. An IP literal is returned as it is,
 * without a lookup. Rejects with the resolver's error, with NoAddressError for
 * an empty result, or with the abort reason when `signal` aborts first.
 */
export async function resolveHostAddresses(
  hostname: string,
  resolveHost: ResolveHost,
  signal: AbortSignal,
): Promise<LookupAddress[]> {
  const version = isIP(hostname);
  if (version !== 0) {
    return [{ address: hostname, family: version }];
  }

  const addresses = await raceWithSignal(resolveHost(hostname), signal);
  if (addresses.length === 0) {
    throw new NoAddressError(hostname);
  }
  return addresses;
}
