// IPv4 and IPv6 addresses and prefixes in canonical text form.

import { isIP } from "node:net";

const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Returns the canonical dotted-quad form, or undefined unless each octet is 0–255 without leading zeros. */
export function canonicalIpv4(text: string): string | undefined {
  const match = IPV4_PATTERN.exec(text);
  if (match === null) return undefined;

  const octets = match.slice(1);
  const valid = octets.every((octet) => (octet === "0" || !octet.startsWith("0")) && Number(octet) <= 255);
  return valid ? octets.join(".") : undefined;
}

/** Returns the compressed lower-case form (RFC 5952), or undefined for anything but a plain IPv6 address. */
export function canonicalIpv6(text: string): string | undefined {
  // node:net accepts zone ids such as "fe80::1%eth0", which are not routable prefixes.
  if (text.includes("%") || isIP(text) !== 6) return undefined;
  return new URL(`http://[${text}]`).hostname.slice(1, -1);
}

function ipv4ToBigInt(address: string): bigint {
  return address.split(".").reduce((sum, octet) => (sum << 8n) | BigInt(octet), 0n);
}

function bigIntToIpv4(value: bigint): string {
  const octets: string[] = [];
  for (let shift = 24n; shift >= 0n; shift -= 8n) octets.push(String((value >> shift) & 0xffn));
  return octets.join(".");
}

/** Converts a canonical IPv6 address, which contains only hex groups and at most one "::". */
function ipv6ToBigInt(address: string): bigint {
  const [head = "", tail] = address.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros: string[] = Array(8 - headGroups.length - tailGroups.length).fill("0");
  const groups = tail === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups];
  return groups.reduce((sum, group) => (sum << 16n) | BigInt(`0x${group}`), 0n);
}

function bigIntToIpv6(value: bigint): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return canonicalIpv6(groups.join(":"))!;
}

export type PrefixResult =
  | { ok: true; prefix: string }
  /** Host bits are set; `network` is the prefix the member probably meant. */
  | { ok: false; reason: "host_bits"; network: string }
  | { ok: false; reason: "syntax" };

/**
 * Parses `address/length` and returns its canonical form. A prefix whose host
 * bits are set, such as 192.0.2.1/24, is rejected with its network address.
 */
export function parsePrefix(text: string): PrefixResult {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (match === null) return { ok: false, reason: "syntax" };

  const length = Number(match[2]);
  const v4 = canonicalIpv4(match[1]!);
  const v6 = v4 === undefined ? canonicalIpv6(match[1]!) : undefined;
  const bits = v4 !== undefined ? 32 : 128;
  if ((v4 === undefined && v6 === undefined) || length > bits || /^0\d/.test(match[2]!)) {
    return { ok: false, reason: "syntax" };
  }

  const value = v4 !== undefined ? ipv4ToBigInt(v4) : ipv6ToBigInt(v6!);
  const hostMask = (1n << BigInt(bits - length)) - 1n;
  if ((value & hostMask) === 0n) return { ok: true, prefix: `${v4 ?? v6}/${length}` };

  const network = value & ~hostMask;
  const address = v4 !== undefined ? bigIntToIpv4(network) : bigIntToIpv6(network);
  return { ok: false, reason: "host_bits", network: `${address}/${length}` };
}
