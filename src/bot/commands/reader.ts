// Typed access to collected arguments for the subcommand builders.

import type { Arguments } from "./args.ts";
import type { DateContext } from "./datetime.ts";
import { parseIncidentRef, parseRequestRef } from "./fields.ts";
import { abbreviate, countCharacters } from "./normalize.ts";
import { ParseFailure, parseError, type ValueResult } from "./result.ts";
import type { SubcommandSpec } from "./subcommands.ts";
import type { ParseErrorCode } from "./types.ts";

/** Maximum length in code points of the free text of one command. */
export const MAX_TEXT_LENGTH = 4000;

export type ValueParser<T> = (raw: string) => ValueResult<T>;

/**
 * Reads fields, references and free text of one command. Every method throws
 * ParseFailure with the field name when a value is missing or invalid.
 */
export class FieldReader {
  readonly spec: SubcommandSpec;
  readonly context: DateContext;
  private readonly args: Arguments;

  constructor(spec: SubcommandSpec, args: Arguments, context: DateContext) {
    this.spec = spec;
    this.args = args;
    this.context = context;
  }

  fail(code: ParseErrorCode, field: string, value?: string, allowed?: readonly string[]): never {
    throw new ParseFailure(parseError({ code, subcommand: this.spec.name, field, value, allowed }));
  }

  has(key: string): boolean {
    return this.args.values.has(key);
  }

  /** Parses `raw` and reports a problem under `field`. */
  parseAs<T>(field: string, raw: string, parse: ValueParser<T>): T {
    const result = parse(raw);
    return result.ok ? result.value : this.fail(result.code, field, result.value ?? raw, result.allowed);
  }

  optional<T>(key: string, parse: ValueParser<T>): T | undefined {
    const raw = this.args.values.get(key);
    return raw === undefined ? undefined : this.parseAs(key, raw, parse);
  }

  required<T>(key: string, parse: ValueParser<T>): T {
    const value = this.optional(key, parse);
    return value === undefined ? this.fail("missing_required", key) : value;
  }

  /** Returns a free-text field as typed, or undefined if absent. */
  text(key: string): string | undefined {
    return this.args.values.get(key);
  }

  incident(): number | undefined {
    const word = this.args.incident;
    if (word === undefined) return undefined;

    const result = parseIncidentRef(word);
    return result.ok ? result.value : this.fail(result.code, "incident", word);
  }

  requiredIncident(): number {
    return this.incident() ?? this.fail("missing_required", "incident");
  }

  requiredRequest(): number {
    const word = this.args.request;
    if (word === undefined) return this.fail("missing_required", "request");

    const result = parseRequestRef(word);
    return result.ok ? result.value : this.fail(result.code, "request", word);
  }

  /** Removes and returns the first free word, used as a help topic or list state. */
  takeWord(): string | undefined {
    return this.args.words.shift();
  }

  /** Returns the free words joined with single spaces, or undefined if there are none. */
  freeText(): string | undefined {
    if (this.args.words.length === 0) return undefined;

    const text = this.args.words.join(" ");
    if (countCharacters(text) > MAX_TEXT_LENGTH) this.fail("too_long", "text", abbreviate(text));
    return text;
  }

  requiredFreeText(): string {
    return this.freeText() ?? this.fail("missing_required", "text");
  }

  /** Rejects free words left over in a subcommand that takes no free text. */
  rejectFreeText(): void {
    if (this.args.words.length > 0) this.fail("unexpected_text", "text", this.args.words.join(" "));
  }
}
