// Validation of one probe target as typed in a command or a CSV row. Both
// paths share it, so a URL that `probe add` rejects is also rejected by import.

import { isIP } from "node:net";

import type { AddressGuard } from "../address-guard.ts";
import { DEFAULT_GROUP } from "../config.ts";
import { parseProbeUrl } from "../redirects.ts";
import { findSector, type SectorDefinition } from "../sectors.ts";
import type { StatusRange } from "../types.ts";

export const TARGET_LIMITS = {
  operator: 100,
  url: 2000,
  keyword: 200,
  notes: 500,
} as const;

/** Fields of a target before validation. Undefined means the field was not given. */
export interface RawTargetInput {
  operator?: string;
  sector?: string;
  url?: string;
  expectedStatus?: string;
  keyword?: string;
  notes?: string;
  group?: string;
}

export interface TargetInput {
  /** NFKC-normalized and trimmed, so full-width and half-width spellings name the same operator. */
  operator: string;
  /** Canonical (Japanese) sector name. */
  sector: string;
  /** WHATWG serialization without fragment. */
  url: string;
  // For the optional fields, undefined (not given) leaves a stored value
  // unchanged, and null (given empty) clears it.
  /** "200" or "200-399". Null means the engine default 200-399. */
  expectedStatus?: string | null;
  keyword?: string | null;
  notes?: string | null;
  /** Scheduler group. An empty value means the default group. */
  group?: string;
}

export type TargetProblem =
  | { code: "missing_field"; field: "operator" | "sector" | "url" }
  | { code: "too_long"; field: keyof typeof TARGET_LIMITS; max: number }
  /** `known` lists the configured sector names in Japanese. */
  | { code: "unknown_sector"; value: string; known: string[] }
  | { code: "invalid_url"; value: string }
  | { code: "blocked_address"; value: string; label: string }
  | { code: "invalid_status"; value: string }
  | { code: "unknown_group"; value: string; groups: string[] };

export type TargetValidation = { ok: true; target: TargetInput } | { ok: false; problem: TargetProblem };

export interface TargetRules {
  sectors: readonly SectorDefinition[];
  guard: AddressGuard;
  /** Group names that exist in the configuration, including the default group. */
  groups: readonly string[];
}

/** Parses "200", "200-399" or "２００" into a status code or range of codes from 100 to 599. */
export function parseExpectedStatus(raw: string): number | StatusRange | null {
  const text = raw.normalize("NFKC").trim().replace(/[\u2010-\u2015\u2212~〜]/gu, "-");
  const match = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(text);
  if (!match) {
    return null;
  }
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (min < 100 || max > 599 || min > max) {
    return null;
  }
  return min === max ? min : { min, max };
}

export function formatExpectedStatus(status: number | StatusRange): string {
  return typeof status === "number" ? String(status) : `${status.min}-${status.max}`;
}

/** True for host names that RFC 6761 reserves for the local machine. */
function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

/** Checks the URL syntax and, for IP literals and localhost names, the address guard. */
export function validateTargetUrl(raw: string, guard: AddressGuard): { ok: true; url: string } | { ok: false; problem: TargetProblem } {
  const text = raw.trim();
  const url = parseProbeUrl(text);
  if (url === null || url.hostname === "") {
    return { ok: false, problem: { code: "invalid_url", value: text } };
  }

  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) !== 0) {
    const verdict = guard.check(host);
    if (!verdict.allowed) {
      return { ok: false, problem: { code: "blocked_address", value: host, label: verdict.label } };
    }
  } else if (isLocalhostName(host)) {
    const verdict = guard.check("127.0.0.1");
    if (!verdict.allowed) {
      return { ok: false, problem: { code: "blocked_address", value: host, label: verdict.label } };
    }
  }
  return { ok: true, url: url.href };
}

function optionalText(value: string | undefined): string | null | undefined {
  if (value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function tooLong(field: keyof typeof TARGET_LIMITS, value: string | null | undefined): TargetProblem | null {
  const max = TARGET_LIMITS[field];
  return value !== null && value !== undefined && [...value].length > max ? { code: "too_long", field, max } : null;
}

/**
 * Validates one target. Literal IP hosts and localhost names are checked
 * against the address guard now. Other names are checked at every probe,
 * after DNS.
 */
export function validateTargetInput(raw: RawTargetInput, rules: TargetRules): TargetValidation {
  const operator = raw.operator?.normalize("NFKC").trim() ?? "";
  if (operator === "") return { ok: false, problem: { code: "missing_field", field: "operator" } };
  const sectorText = raw.sector?.trim() ?? "";
  if (sectorText === "") return { ok: false, problem: { code: "missing_field", field: "sector" } };
  const urlText = raw.url?.trim() ?? "";
  if (urlText === "") return { ok: false, problem: { code: "missing_field", field: "url" } };

  const keyword = optionalText(raw.keyword);
  const notes = optionalText(raw.notes);
  const lengthProblem =
    tooLong("operator", operator) ?? tooLong("url", urlText) ?? tooLong("keyword", keyword) ?? tooLong("notes", notes);
  if (lengthProblem) return { ok: false, problem: lengthProblem };

  const sector = findSector(rules.sectors, sectorText);
  if (!sector) return { ok: false, problem: { code: "unknown_sector", value: sectorText, known: rules.sectors.map((known) => known.name) } };

  const url = validateTargetUrl(urlText, rules.guard);
  if (!url.ok) return url;

  let expectedStatus: string | null | undefined;
  const statusText = optionalText(raw.expectedStatus);
  if (statusText !== undefined && statusText !== null) {
    const status = parseExpectedStatus(statusText);
    if (status === null) return { ok: false, problem: { code: "invalid_status", value: statusText } };
    expectedStatus = formatExpectedStatus(status);
  } else {
    expectedStatus = statusText;
  }

  let group: string | undefined;
  const groupText = optionalText(raw.group);
  if (groupText === null) {
    group = DEFAULT_GROUP;
  } else if (groupText !== undefined) {
    group = groupText.normalize("NFKC").toLowerCase();
    if (!rules.groups.includes(group)) {
      return { ok: false, problem: { code: "unknown_group", value: groupText, groups: [...rules.groups] } };
    }
  }

  return { ok: true, target: { operator, sector: sector.name, url: url.url, expectedStatus, keyword, notes, group } };
}
