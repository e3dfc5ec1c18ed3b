// Network prefixes that status views group target addresses by: /24 for
// IPv4 and /48 for IPv6, the longest prefixes commonly routed on the Internet.

import { BlockList, isIP } from "node:net";

import { expandIpv6, parseCidr } from "../address-guard.ts";

export const IPV4_GROUP_PREFIX = 24;
export const IPV6_GROUP_PREFIX = 48;

/**
 * Returns the IPv4 address inside an IPv4-mapped IPv6 address, or the
 * address unchanged. Both spellings occur: ::ffff:a.b.c.d from resolvers and
 * sockets, and ::ffff:xxxx:xxxx from the WHATWG URL parser.
 */
export function unmapIpv4(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return address;
  const high = Number.parseInt(hex[1]!, 16);
  const low = Number.parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Returns the /24 or /48 prefix that contains `address`, such as "192.0.2.0/24", or null for a non-address. */
export function groupPrefixOf(rawAddress: string): string | null {
  const address = unmapIpv4(rawAddress.split("%")[0] ?? rawAddress);
  const version = isIP(address);
  if (version === 4) {
    const octets = address.split(".");
    return `${octets[0]}.${octets[1]}.${octets[2]}.0/${IPV4_GROUP_PREFIX}`;
  }
  if (version === 6) {
    const groups = expandIpv6(address).slice(0, 3).map((group) => group.toString(16));
    return `${groups.join(":")}::/${IPV6_GROUP_PREFIX}`;
  }
  return null;
}

/** Returns a test for membership in `cidr`, or null when `cidr` is not an address or prefix. */
export function prefixMatcher(cidr: string): ((address: string) => boolean) | null {
  let parsed;
  try {
    parsed = parseCidr(cidr);
  } catch {
    return null;
  }
  const list = new BlockList();
  list.addSubnet(parsed.network, parsed.prefix, parsed.family);
  return (address) => {
    const plain = unmapIpv4(address.split("%")[0] ?? address);
    const version = isIP(plain);
    return version !== 0 && list.check(plain, version === 4 ? "ipv4" : "ipv6");
  };
}
