// Parsers for single values: enums, booleans, TLP labels, URLs, organization
// ids, addresses and the positional references #N and R<N>.

import { canonicalIpv4, canonicalIpv6, parsePrefix } from "./ip.ts";
import { splitList, toHalfWidth, toLooseKey } from "./normalize.ts";
import { invalid, valid, type ValueResult } from "./result.ts";
import { TLP_LABELS, type Tlp } from "./types.ts";
import { BOOLEAN_WORDS, type Vocabulary } from "./vocabulary.ts";

/** Matches a value against the canonical values and their aliases. */
export function parseEnum<T extends string>(raw: string, vocabulary: Vocabulary<T>): ValueResult<T> {
  const key = toLooseKey(raw);
  for (const value of vocabulary.canonical) {
    const spellings = [value, ...(vocabulary.aliases[value] ?? [])];
    if (spellings.some((spelling) => toLooseKey(spelling) === key)) return valid(value);
  }
  return invalid("invalid_enum", raw.trim(), vocabulary.canonical);
}

/** Parses a comma- or "、"-separated list of enum values, keeping each value once. */
export function parseEnumList<T extends string>(raw: string, vocabulary: Vocabulary<T>): ValueResult<T[]> {
  const values: T[] = [];
  for (const item of splitList(raw)) {
    const result = parseEnum(item, vocabulary);
    if (!result.ok) return result;
    if (!values.includes(result.value)) values.push(result.value);
  }
  return values.length === 0 ? invalid("missing_value") : valid(values);
}

export function parseBoolean(raw: string): ValueResult<boolean> {
  const key = toLooseKey(raw);
  if (BOOLEAN_WORDS.true.some((word) => word === key)) return valid(true);
  if (BOOLEAN_WORDS.false.some((word) => word === key)) return valid(false);
  return invalid("invalid_boolean");
}

/**
 * Parses a TLP 2.0 label, ignoring case and an optional "TLP:" prefix. The
 * TLP 1.0 label WHITE is read as CLEAR.
 */
export function parseTlp(raw: string): ValueResult<Tlp> {
  const label = toHalfWidth(raw)
    .trim()
    .toUpperCase()
    .replace(/^TLP ?: ?/, "");
  if (label === "WHITE") return valid("CLEAR");

  const match = TLP_LABELS.find((tlp) => tlp === label);
  return match === undefined ? invalid("invalid_enum", raw.trim(), TLP_LABELS) : valid(match);
}

/** Parses an absolute http or https URL and returns its WHATWG serialization. */
export function parseHttpUrl(raw: string): ValueResult<string> {
  let url: URL;
  try {
    url = new URL(toHalfWidth(raw).trim());
  } catch {
    return invalid("invalid_url");
  }
  // Credentials in a shared record would leak to every member who reads it.
  if (url.username !== "" || url.password !== "") return invalid("invalid_url");
  return url.protocol === "http:" || url.protocol === "https:" ? valid(url.href) : invalid("invalid_url");
}

/** Parses an organization id (letters, digits, "-", "_") and returns it in lower case. */
export function parseOrganization(raw: string): ValueResult<string> {
  const id = toHalfWidth(raw).trim().toLowerCase();
  return /^[a-z0-9][a-z0-9_-]*$/.test(id) ? valid(id) : invalid("invalid_org");
}

function parsePositiveInteger(digits: string): number | undefined {
  if (!/^\d+$/.test(digits)) return undefined;
  const number = Number(digits);
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/**
 * True for words that members type as an incident reference, valid or not:
 * "#12", "＃１２", "#0", "#-1". A hashtag such as "#OpJapan", common in attack
 * notices, is free text.
 */
export function looksLikeIncidentRef(word: string): boolean {
  return /^#(?:[-+]?\d|$)/.test(toHalfWidth(word));
}

/** True for "R5", "r5" and malformed variants such as "R0" or "R-1". */
export function looksLikeRequestRef(word: string): boolean {
  return /^r[-+]?\d+$/i.test(toHalfWidth(word));
}

export function parseIncidentRef(word: string): ValueResult<number> {
  const number = parsePositiveInteger(toHalfWidth(word).slice(1));
  return number === undefined ? invalid("invalid_incident_ref") : valid(number);
}

/** Parses a probe alert reference such as "A12". */
export function parseAlertRef(word: string): ValueResult<number> {
  const text = toHalfWidth(word).trim();
  const number = /^a/i.test(text) ? parsePositiveInteger(text.slice(1)) : undefined;
  return number === undefined ? invalid("invalid_alert_ref") : valid(number);
}

/** Parses a silence reference such as "S3". */
export function parseSilenceRef(word: string): ValueResult<number> {
  const text = toHalfWidth(word).trim();
  const number = /^s/i.test(text) ? parsePositiveInteger(text.slice(1)) : undefined;
  return number === undefined ? invalid("invalid_silence_ref") : valid(number);
}

export function parseRequestRef(word: string): ValueResult<number> {
  const number = parsePositiveInteger(toHalfWidth(word).slice(1));
  return number === undefined ? invalid("invalid_request_ref") : valid(number);
}

/** Parses an IPv4/IPv6 address or a prefix with zero host bits, for the mitigate prefix field. */
export function parseAddressOrPrefix(raw: string): ValueResult<string> {
  const text = toHalfWidth(raw).trim();
  if (text.includes("/")) {
    const prefix = parsePrefix(text);
    return prefix.ok ? valid(prefix.prefix) : invalid("invalid_prefix");
  }

  const address = canonicalIpv4(text) ?? canonicalIpv6(text);
  return address === undefined ? invalid("invalid_prefix") : valid(address);
}
