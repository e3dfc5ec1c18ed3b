// Traffic rates such as "10G", "1.5Tbps", "2Mpps" or "50krps".

import { normalizeNumeric } from "./normalize.ts";
import { invalid, valid, type ValueResult } from "./result.ts";

/** Unit of a rate field. A typed unit suffix must match it. */
export type RateUnit = "bps" | "pps" | "rps";

const SI_MULTIPLIERS: Readonly<Record<string, number>> = { "": 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 };
const UNIT_SUFFIXES: Readonly<Record<RateUnit, readonly string[]>> = {
  bps: ["", "bps", "b", "bit/s", "b/s"],
  pps: ["", "pps", "p"],
  rps: ["", "rps", "r"],
};

// A plain decimal ("1500000", "1.5") or one grouped with commas ("1,500,000").
const QUANTITY = /^(\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?) ?([kmgt]?)([a-z/]*)$/;

/**
 * Parses a non-negative rate and returns it in units per second, rounded to an
 * integer. SI prefixes k, M, G and T are powers of 1000 and ignore case.
 */
export function parseRate(raw: string, unit: RateUnit): ValueResult<number> {
  const match = QUANTITY.exec(normalizeNumeric(raw));
  if (match === null) return invalid("invalid_number");

  const [, digits = "", prefix = "", suffix = ""] = match;
  if (!UNIT_SUFFIXES[unit].includes(suffix)) return invalid("invalid_number");

  const value = Math.round(Number(digits.replaceAll(",", "")) * SI_MULTIPLIERS[prefix]!);
  return Number.isSafeInteger(value) ? valid(value) : invalid("invalid_number");
}
