// Attack targets: domain names, URLs, IP addresses, prefixes and AS numbers.

import { domainToASCII } from "node:url";

import { canonicalIpv4, canonicalIpv6, parsePrefix } from "./ip.ts";
import { splitList, toHalfWidth } from "./normalize.ts";
import { invalid, valid, type ValueResult } from "./result.ts";
import type { Target } from "./types.ts";

const MAX_ASN = 4_294_967_295;
const LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Returns the lower-case ASCII form of a host name with at least two labels,
 * or undefined. Internationalized names are converted to punycode.
 */
export function canonicalDomain(text: string): string | undefined {
  const ascii = domainToASCII(text.replace(/[.\u3002]$/u, ""));
  if (ascii === "" || ascii.length > 253) return undefined;

  const labels = ascii.split(".");
  if (labels.length < 2 || !labels.every((label) => LABEL_PATTERN.test(label))) return undefined;
  if (/^\d+$/.test(labels[labels.length - 1]!)) return undefined;
  return ascii;
}

function parseUrlTarget(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  // Credentials in a shared record would leak to every member who reads it.
  if (url.username !== "" || url.password !== "") return undefined;

  const host = url.hostname;
  const hostValid = host.startsWith("[") || canonicalIpv4(host) !== undefined || canonicalDomain(host) !== undefined;
  return hostValid ? url.href : undefined;
}

function parseAsn(digits: string): string | undefined {
  const number = Number(digits);
  return number >= 1 && number <= MAX_ASN ? `AS${number}` : undefined;
}

/** Parses one target item, typed by a member, into its canonical form. */
export function parseTarget(item: string): ValueResult<Target> {
  const text = toHalfWidth(item).trim();

  const asn = /^asn?(\d{1,10})$/i.exec(text);
  if (asn !== null) {
    const value = parseAsn(asn[1]!);
    return value === undefined ? invalid("invalid_target", item) : valid({ kind: "asn", value });
  }

  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const value = parseUrlTarget(text);
    return value === undefined ? invalid("invalid_target", item) : valid({ kind: "url", value });
  }

  if (text.includes("/")) {
    const prefix = parsePrefix(text);
    if (prefix.ok) return valid({ kind: "prefix", value: prefix.prefix });
    return invalid(prefix.reason === "host_bits" ? "invalid_prefix" : "invalid_target", item);
  }

  if (/^[\d.]+$/.test(text)) {
    const value = canonicalIpv4(text);
    return value === undefined ? invalid("invalid_target", item) : valid({ kind: "ipv4", value });
  }

  if (text.includes(":")) {
    const value = canonicalIpv6(text);
    return value === undefined ? invalid("invalid_target", item) : valid({ kind: "ipv6", value });
  }

  const value = canonicalDomain(text);
  return value === undefined ? invalid("invalid_target", item) : valid({ kind: "domain", value });
}

/**
 * Parses a list of targets separated by commas, "、" or spaces. Repeated
 * targets are kept once, in the order first typed.
 */
export function parseTargets(text: string): ValueResult<Target[]> {
  const targets: Target[] = [];
  // NOTE: a comma inside a URL also splits the list, so URLs with commas cannot be targets.
  for (const item of splitList(text)) {
    const result = parseTarget(item);
    if (!result.ok) return result;
    const duplicate = targets.some((t) => t.kind === result.value.kind && t.value === result.value.value);
    if (!duplicate) targets.push(result.value);
  }
  return targets.length === 0 ? invalid("missing_value") : valid(targets);
}
