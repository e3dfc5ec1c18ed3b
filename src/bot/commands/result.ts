import type { ParseError, ParseErrorCode } from "./types.ts";

/** The reason a single value was rejected. The caller adds the field it belongs to. */
export interface ValueProblem {
  ok: false;
  code: ParseErrorCode;
  /** Overrides the value reported to the member, e.g. the one bad list item. */
  value?: string;
  allowed?: readonly string[];
}

/** The outcome of parsing one value. */
export type ValueResult<T> = { ok: true; value: T } | ValueProblem;

export function valid<T>(value: T): ValueResult<T> {
  return { ok: true, value };
}

export function invalid(code: ParseErrorCode, value?: string, allowed?: readonly string[]): ValueProblem {
  const problem: ValueProblem = { ok: false, code };
  if (value !== undefined) problem.value = value;
  if (allowed !== undefined) problem.allowed = allowed;
  return problem;
}

/**
 * Carries a ParseError out of nested builder code. parseCommand catches it and
 * returns `{ ok: false, error }`, so it never reaches callers of the parser.
 */
export class ParseFailure extends Error {
  readonly error: ParseError;

  constructor(error: ParseError) {
    super(`${error.code} in ${error.field}`);
    this.name = "ParseFailure";
    this.error = error;
  }
}

/** Builds a ParseError without keys whose value is undefined. */
export function parseError(fields: ParseError): ParseError {
  const error: ParseError = { code: fields.code, field: fields.field };
  if (fields.subcommand !== undefined) error.subcommand = fields.subcommand;
  if (fields.value !== undefined) error.value = fields.value;
  if (fields.allowed !== undefined) error.allowed = fields.allowed;
  return error;
}
