// Entry point of the `/dos` grammar: text after "/dos " in, typed Command out.

import { collectArguments } from "./args.ts";
import { BUILDERS } from "./builders.ts";
import { abbreviate } from "./normalize.ts";
import { FieldReader } from "./reader.ts";
import { ParseFailure, parseError } from "./result.ts";
import { findField, findSubcommand, type SubcommandSpec } from "./subcommands.ts";
import { tokenize, type Token } from "./tokenize.ts";
import type { ParseError, ParseOptions, ParseResult } from "./types.ts";
import { assertTimeZone } from "./zone.ts";

function failure(error: ParseError): ParseResult {
  return { ok: false, error: parseError(error) };
}

function tokenizeArguments(spec: SubcommandSpec, text: string): Token[] | ParseError {
  const result = tokenize(text);
  if (result.ok) return result.tokens;

  const field = findField(spec, result.key);
  if (field === undefined) return { code: "unknown_key", subcommand: spec.name, field: "syntax", value: result.key };
  return { code: "unclosed_quote", subcommand: spec.name, field: field.key, value: abbreviate(result.value) };
}

/**
 * Parses the text that follows "/dos ", e.g.
 * `notice target=example.co.jp when="12/24 21:00-23:00" 年末に攻撃予告`.
 * Invalid input returns `{ ok: false, error }` naming the field. Only an
 * unknown `options.timeZone` throws (a RangeError), because that is a
 * configuration error rather than bad input.
 */
export function parseCommand(text: string, options: ParseOptions): ParseResult {
  assertTimeZone(options.timeZone);

  const match = /^\s*(\S+)([\s\S]*)$/u.exec(text);
  if (match === null) return failure({ code: "empty", field: "subcommand" });

  const [, word = "", rest = ""] = match;
  const spec = findSubcommand(word);
  if (spec === undefined) return failure({ code: "unknown_subcommand", field: "subcommand", value: word });

  const tokens = tokenizeArguments(spec, rest);
  if (!Array.isArray(tokens)) return failure(tokens);

  try {
    const args = collectArguments(spec, tokens);
    const command = BUILDERS[spec.name](new FieldReader(spec, args, options));
    return { ok: true, command };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, error: error.error };
    throw error;
  }
}

/** Field values collected by a form (a Slack modal), keyed by canonical field key. */
export interface FormInput {
  subcommand: string;
  fields: Record<string, string | undefined>;
  incident?: number;
  request?: number;
  /** Free text, kept whole: newlines and "key=value"-looking words stay text. */
  text?: string;
}

/**
 * Parses form input through the same field validation as typed commands,
 * so a modal and `/dos` accept and reject exactly the same values.
 */
export function parseForm(input: FormInput, options: ParseOptions): ParseResult {
  assertTimeZone(options.timeZone);
  const spec = findSubcommand(input.subcommand);
  if (spec === undefined) return failure({ code: "unknown_subcommand", field: "subcommand", value: input.subcommand });

  const tokens: Token[] = [];
  for (const [key, value] of Object.entries(input.fields)) {
    if (value !== undefined && value.trim() !== "") tokens.push({ kind: "pair", key, value, quoted: true });
  }
  if (input.incident !== undefined) tokens.push({ kind: "word", text: `#${input.incident}` });
  if (input.request !== undefined) tokens.push({ kind: "word", text: `R${input.request}` });
  if (input.text !== undefined && input.text.trim() !== "") tokens.push({ kind: "word", text: input.text.trim() });

  try {
    const args = collectArguments(spec, tokens);
    return { ok: true, command: BUILDERS[spec.name](new FieldReader(spec, args, options)) };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, error: error.error };
    throw error;
  }
}
