// Sorts tokens into the fields, positional references and free text of one
// subcommand, rejecting unknown and repeated keys.

import { looksLikeIncidentRef, looksLikeRequestRef } from "./fields.ts";
import { abbreviate, countCharacters, normalizeNumeric } from "./normalize.ts";
import { ParseFailure, parseError } from "./result.ts";
import { findField, type SubcommandSpec } from "./subcommands.ts";
import type { Token } from "./tokenize.ts";
import type { ParseErrorCode } from "./types.ts";

/** Maximum length in code points of one key=value value. */
export const MAX_VALUE_LENGTH = 500;

export interface Arguments {
  /** Values by canonical key, as typed without quotes and trimmed. */
  values: Map<string, string>;
  /** The incident reference as typed, e.g. "#12" or "＃１２". */
  incident?: string;
  /** The request reference as typed, e.g. "R5". */
  request?: string;
  /** Remaining words as typed, in order. */
  words: string[];
}

function fail(spec: SubcommandSpec, code: ParseErrorCode, field: string, value?: string): never {
  throw new ParseFailure(parseError({ code, subcommand: spec.name, field, value }));
}

// A date typed without quotes ("start=12/24 21:00") is split at the space, so a
// time word that directly follows a date-only value is taken as part of it.
function continuesDate(value: string, next: Token | undefined): next is { kind: "word"; text: string } {
  if (next?.kind !== "word" || value === "") return false;
  const date = normalizeNumeric(value);
  const hasTime = date.includes(":") || date.includes("時");
  return !hasTime && /^\d{1,2}(:\d{2}|時)/.test(normalizeNumeric(next.text));
}

function addPositional(spec: SubcommandSpec, args: Arguments, word: string): void {
  if (spec.positional.includes("incident") && looksLikeIncidentRef(word)) {
    if (args.incident !== undefined) fail(spec, "duplicate_key", "incident", word);
    args.incident = word;
  } else if (spec.positional.includes("request") && looksLikeRequestRef(word)) {
    if (args.request !== undefined) fail(spec, "duplicate_key", "request", word);
    args.request = word;
  } else {
    args.words.push(word);
  }
}

/** Sorts `tokens` for `spec`. Throws ParseFailure for unknown, repeated, empty or overlong values. */
export function collectArguments(spec: SubcommandSpec, tokens: readonly Token[]): Arguments {
  const args: Arguments = { values: new Map(), words: [] };

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.kind === "word") {
      addPositional(spec, args, token.text);
      continue;
    }

    const field = findField(spec, token.key);
    if (field === undefined) fail(spec, "unknown_key", "syntax", token.key);
    if (args.values.has(field.key)) fail(spec, "duplicate_key", field.key, abbreviate(token.value.trim()));

    let value = token.value.trim();
    const next = tokens[index + 1];
    if ((field.kind === "datetime" || field.kind === "range") && !token.quoted && continuesDate(value, next)) {
      value = `${value} ${next.text}`;
      index++;
    }

    if (value === "") fail(spec, "missing_value", field.key);
    if (countCharacters(value) > MAX_VALUE_LENGTH) fail(spec, "too_long", field.key, abbreviate(value));
    args.values.set(field.key, value);
  }

  return args;
}
