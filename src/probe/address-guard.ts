// Address guard: decides whether the probe may connect to a resolved address.
// Probed URLs come from outside parties, so a name that resolves to loopback,
// a private network or a cloud metadata service must not be reached.

import { BlockList, isIP } from "node:net";

export type BlockedRangeLabel =
  | "cloud-metadata"
  | "unspecified"
  | "loopback"
  | "private"
  | "cgnat"
  | "link-local"
  | "multicast"
  | "documentation"
  | "benchmarking"
  | "reserved"
  | "invalid";

export type AddressVerdict =
  | { allowed: true; address: string }
  | { allowed: false; address: string; label: BlockedRangeLabel; range: string };

export interface AddressGuard {
  check(address: string): AddressVerdict;
}

interface SpecialRange {
  cidr: string;
  label: BlockedRangeLabel;
}

// Special-purpose ranges from the IANA IPv4 and IPv6 special-purpose address
// registries (RFC 6890 and later). Order matters: the first match names the
// reason, so the metadata hosts come before the ranges that contain them.
const SPECIAL_RANGES: readonly SpecialRange[] = [
  { cidr: "169.254.169.254/32", label: "cloud-metadata" },
  { cidr: "100.100.100.200/32", label: "cloud-metadata" },
  { cidr: "fd00:ec2::254/128", label: "cloud-metadata" },
  { cidr: "0.0.0.0/8", label: "unspecified" },
  { cidr: "10.0.0.0/8", label: "private" },
  { cidr: "100.64.0.0/10", label: "cgnat" },
  { cidr: "127.0.0.0/8", label: "loopback" },
  { cidr: "169.254.0.0/16", label: "link-local" },
  { cidr: "172.16.0.0/12", label: "private" },
  { cidr: "192.0.0.0/24", label: "reserved" },
  { cidr: "192.0.2.0/24", label: "documentation" },
  { cidr: "192.88.99.0/24", label: "reserved" },
  { cidr: "192.168.0.0/16", label: "private" },
  { cidr: "198.18.0.0/15", label: "benchmarking" },
  { cidr: "198.51.100.0/24", label: "documentation" },
  { cidr: "203.0.113.0/24", label: "documentation" },
  { cidr: "224.0.0.0/4", label: "multicast" },
  { cidr: "240.0.0.0/4", label: "reserved" },
  { cidr: "::/128", label: "unspecified" },
  { cidr: "::1/128", label: "loopback" },
  { cidr: "64:ff9b:1::/48", label: "private" },
  { cidr: "100::/64", label: "reserved" },
  { cidr: "2001::/23", label: "reserved" },
  { cidr: "2001:db8::/32", label: "documentation" },
  { cidr: "3fff::/20", label: "documentation" },
  { cidr: "5f00::/16", label: "reserved" },
  { cidr: "fc00::/7", label: "private" },
  { cidr: "fe80::/10", label: "link-local" },
  { cidr: "fec0::/10", label: "reserved" },
  { cidr: "ff00::/8", label: "multicast" },
];

// Only 2000::/3 contains globally routed unicast IPv6 today, apart from the
// NAT64 prefix whose embedded IPv4 address is checked on its own.
const GLOBAL_UNICAST_IPV6 = "2000::/3";
const NAT64_PREFIX = "64:ff9b::/96";
const SIX_TO_FOUR_PREFIX = "2002::/16";

interface CompiledRange extends SpecialRange {
  list: BlockList;
}

/**
 * Parses "address/prefix" or a bare address (a host route) into BlockList arguments.
 * Throws a TypeError naming the value when it is not a valid CIDR.
 */
export function parseCidr(cidr: string): { network: string; prefix: number; family: "ipv4" | "ipv6" } {
  const [network, prefixText, extra] = cidr.trim().split("/");
  const version = isIP(network ?? "");
  if (extra !== undefined || version === 0) {
    throw new TypeError(`Invalid CIDR "${cidr}": expected an IPv4 or IPv6 address with an optional /prefix`);
  }

  const maxPrefix = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix || prefixText === "") {
    throw new TypeError(`Invalid CIDR "${cidr}": the prefix length must be an integer from 0 to ${maxPrefix}`);
  }

  return { network: network!, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

function compileRange(cidr: string): BlockList {
  const { network, prefix, family } = parseCidr(cidr);
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return list;
}

const COMPILED_RANGES: readonly CompiledRange[] = SPECIAL_RANGES.map((range) => ({
  ...range,
  list: compileRange(range.cidr),
}));
const GLOBAL_UNICAST_LIST = compileRange(GLOBAL_UNICAST_IPV6);
const NAT64_LIST = compileRange(NAT64_PREFIX);
const SIX_TO_FOUR_LIST = compileRange(SIX_TO_FOUR_PREFIX);

/** Expands an IPv6 address (without zone) into its eight 16-bit groups. */
export function expandIpv6(address: string): number[] {
  let text = address;
  const groupsFromIpv4: number[] = [];
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (isIP(tail) === 4) {
    const octets = tail.split(".").map(Number) as [number, number, number, number];
    groupsFromIpv4.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]);
    text = text.slice(0, lastColon + 1) + "0";
  }

  const [head, rest] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const restGroups = rest ? rest.split(":") : [];
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(rest === undefined ? 0 : missing).fill("0"), ...restGroups].map(
    (group) => Number.parseInt(group, 16),
  );

  if (groupsFromIpv4.length > 0) {
    groups.splice(6, 2, ...groupsFromIpv4);
  }
  return groups;
}

function ipv4FromGroups(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/** Returns the IPv4 address that a NAT64 or 6to4 address carries, or null for other IPv6 addresses. */
function embeddedIpv4(address: string): string | null {
  if (NAT64_LIST.check(address, "ipv6")) {
    const groups = expandIpv6(address);
    return ipv4FromGroups(groups[6]!, groups[7]!);
  }
  if (SIX_TO_FOUR_LIST.check(address, "ipv6")) {
    const groups = expandIpv6(address);
    return ipv4FromGroups(groups[1]!, groups[2]!);
  }
  return null;
}

function findSpecialRange(address: string, family: "ipv4" | "ipv6"): CompiledRange | undefined {
  // BlockList matches IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) against IPv4 ranges as well.
  return COMPILED_RANGES.find((range) => range.list.check(address, family));
}

/**
 * Creates a guard that rejects special-purpose addresses unless they fall in
 * one of `allowedCidrs` (for example "127.0.0.1/32" in tests). Throws a
 * TypeError on an invalid CIDR.
 */
export function createAddressGuard(allowedCidrs: readonly string[] = []): AddressGuard {
  const allowed = new BlockList();
  for (const cidr of allowedCidrs) {
    const { network, prefix, family } = parseCidr(cidr);
    allowed.addSubnet(network, prefix, family);
  }

  function check(rawAddress: string): AddressVerdict {
    // A zone index (fe80::1%eth0) does not change which range the address is in.
    const address = rawAddress.split("%")[0] ?? rawAddress;
    const version = isIP(address);
    if (version === 0) {
      return { allowed: false, address: rawAddress, label: "invalid", range: "not an IP address" };
    }

    const family = version === 4 ? "ipv4" : "ipv6";
    if (allowed.check(address, family)) {
      return { allowed: true, address: rawAddress };
    }

    const special = findSpecialRange(address, family);
    if (special) {
      return { allowed: false, address: rawAddress, label: special.label, range: special.cidr };
    }

    if (family === "ipv6") {
      const ipv4 = embeddedIpv4(address);
      if (ipv4 !== null) {
        const inner = check(ipv4);
        return inner.allowed ? { allowed: true, address: rawAddress } : { ...inner, address: rawAddress };
      }
      if (!GLOBAL_UNICAST_LIST.check(address, "ipv6")) {
        return { allowed: false, address: rawAddress, label: "reserved", range: `outside ${GLOBAL_UNICAST_IPV6}` };
      }
    }

    return { allowed: true, address: rawAddress };
  }

  return { check };
}
