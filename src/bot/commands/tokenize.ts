// Splits command arguments into `key=value` pairs and plain words.

import { WHITESPACE, toHalfWidth } from "./normalize.ts";

export type Token =
  /** A word outside any pair, exactly as typed. */
  | { kind: "word"; text: string }
  /** `key=value` with key and value as typed, the value without its quotes. */
  | { kind: "pair"; key: string; value: string; quoted: boolean };

export type TokenizeResult =
  | { ok: true; tokens: Token[] }
  /** A quoted value never closed; `value` is everything after the "=". */
  | { ok: false; key: string; value: string };

// Opening quote → accepted closing quotes. Full-width ASCII quotes come from
// IMEs in full-width mode and may be closed by either width.
const CLOSING_QUOTES: ReadonlyMap<string, string> = new Map([
  ['"', '"\uFF02'],
  ["\uFF02", '"\uFF02'],
  ["'", "'\uFF07"],
  ["\uFF07", "'\uFF07"],
  ["\u300C", "\u300D"], // 「」
  ["\u300E", "\u300F"], // 『』
  ["\u201C", "\u201D"], // “”
  ["\u2018", "\u2019"], // ‘’
]);

// A key is letters (including kana and kanji), digits, "_" or "-". A word whose
// part before "=" has anything else, such as a URL with "?a=b", is free text.
const KEY_PATTERN = /^[\p{L}\p{N}_-]+$/u;

export function isKey(text: string): boolean {
  return KEY_PATTERN.test(toHalfWidth(text));
}

function findWordEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && !WHITESPACE.test(text[end]!)) end++;
  return end;
}

function findEquals(word: string): number {
  const ascii = word.indexOf("=");
  const fullWidth = word.indexOf("\uFF1D");
  if (ascii < 0) return fullWidth;
  if (fullWidth < 0) return ascii;
  return Math.min(ascii, fullWidth);
}

/**
 * Returns where a quoted stretch of free text that starts at `from` ends (the
 * end of the word holding the closing quote), or undefined when `from` opens
 * no quote or the quote is never closed. Inside it, "key=value"-looking words
 * such as an ACL line stay free text, typed quotes included.
 */
function quotedFreeText(text: string, from: number): number | undefined {
  const closers = CLOSING_QUOTES.get(text[from]!);
  if (closers === undefined) return undefined;
  let close = from + 1;
  while (close < text.length && !closers.includes(text[close]!)) close++;
  if (close >= text.length) return undefined;
  return findWordEnd(text, close + 1);
}

/**
 * Splits `text` on whitespace (including U+3000) into tokens. A value that
 * starts with a quote runs to the matching closing quote and may contain
 * whitespace. Quotes elsewhere are ordinary characters, so apostrophes and
 * 「」 in free text stay as typed.
 */
export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  let index = 0;

  while (index < text.length) {
    if (WHITESPACE.test(text[index]!)) {
      index++;
      continue;
    }

    const quoted = quotedFreeText(text, index);
    if (quoted !== undefined) {
      tokens.push({ kind: "word", text: text.slice(index, quoted) });
      index = quoted;
      continue;
    }

    const wordEnd = findWordEnd(text, index);
    const word = text.slice(index, wordEnd);
    const equals = findEquals(word);

    if (equals <= 0 || !isKey(word.slice(0, equals))) {
      tokens.push({ kind: "word", text: word });
      index = wordEnd;
      continue;
    }

    const key = word.slice(0, equals);
    const valueStart = index + equals + 1;
    const closers = CLOSING_QUOTES.get(text[valueStart] ?? "");

    if (closers === undefined) {
      tokens.push({ kind: "pair", key, value: text.slice(valueStart, wordEnd), quoted: false });
      index = wordEnd;
      continue;
    }

    let close = valueStart + 1;
    while (close < text.length && !closers.includes(text[close]!)) close++;
    if (close >= text.length) return { ok: false, key, value: text.slice(valueStart) };

    tokens.push({ kind: "pair", key, value: text.slice(valueStart + 1, close), quoted: true });
    index = close + 1;
  }

  return { ok: true, tokens };
}
