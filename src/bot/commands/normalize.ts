// Helpers that map what a Japanese IME produces to the ASCII the grammar
// expects. They apply only to parsed values such as keys, enum values,
// numbers, dates, targets and refs. Free text and free-text values stay as typed.

/** Characters that separate tokens: ASCII whitespace, U+3000 and the rest of `\s`. */
export const WHITESPACE = /\s/u;

const DASH_VARIANTS = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFF0D]/gu;
const WAVE_DASHES = /[\u301C\uFF5E]/gu;
// U+30FC is the katakana prolonged sound mark, which IMEs insert for "-" in
// Japanese mode. It counts as a dash only between digits, so katakana words
// such as カーペットボム keep it.
const PROLONGED_MARK_BETWEEN_DIGITS = /(?<=\d)\u30FC(?=\d)/gu;

/** Applies NFKC, which maps full-width ASCII to ASCII and U+3000 to a space. */
export function toHalfWidth(text: string): string {
  return text.normalize("NFKC");
}

/**
 * Normalizes a value that contains numbers or dates: NFKC, every dash variant to
 * "-", every wave dash to "~", whitespace runs to one space, lower case.
 */
export function normalizeNumeric(text: string): string {
  return toHalfWidth(text)
    .replace(DASH_VARIANTS, "-")
    .replace(WAVE_DASHES, "~")
    .replace(PROLONGED_MARK_BETWEEN_DIGITS, "-")
    .replace(/\s+/gu, " ")
    .trim()
    .toLowerCase();
}

/**
 * Returns the form used to compare keywords and enum values: NFKC, lower case,
 * without spaces, "-", "_" and "・", so "Rate Limit", "rate_limit" and
 * "ｒａｔｅ－ｌｉｍｉｔ" all compare equal.
 */
export function toLooseKey(text: string): string {
  return toHalfWidth(text)
    .replace(DASH_VARIANTS, "-")
    .toLowerCase()
    .replace(/[\s\-_\u30FB]/gu, "");
}

/** Splits a list value on commas (ASCII, full-width, ideographic) and whitespace. */
export function splitList(text: string): string[] {
  return text.split(/[,\uFF0C\u3001\uFF64\s]+/u).filter((item) => item !== "");
}

/** Counts Unicode code points, which is what members see as characters. */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Shortens a value for an error message, keeping the first `max` code points. */
export function abbreviate(text: string, max = 40): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join("")}…`;
}
