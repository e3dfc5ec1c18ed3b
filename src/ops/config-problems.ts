// Configuration problems as data: where (a key path in the config file or an
// environment variable), which rule (a zod issue code or one of the codes
// below) and the values the message needs. src/ops/config-messages.ts turns
// them into Japanese or English sentences, so the bot's refusal to start and
// `npm run config:check` show the same text.
import { readFileSync } from "node:fs";
import type { ZodIssue } from "zod";

export interface ConfigProblem {
  /** "file" for the config file, "env" for an environment variable. */
  source: "file" | "env";
  /** Key path such as "members[2].org" ("" for the whole file), or the variable name. */
  path: string;
  /** A zod issue code (invalid_type, too_small, invalid_format, invalid_value, custom, ...) or one of PROBLEM_CODES. */
  code: string;
  /** Values for the message, such as expected, received, minimum, values, value, rule. */
  params: Record<string, unknown>;
}

/** Codes of problems found outside zod: reading the file and checking the environment. */
export const PROBLEM_CODES = [
  "file_unreadable",
  "invalid_json",
  "section_missing",
  "slack_mode_missing",
  "token_prefix",
  "invalid_port",
  "invalid_url",
  "set_together",
  "invalid_database_url",
  "invalid_number",
] as const;

// Rules for regex checks, by key path with array indices as [*]. zod 4 does
// not copy a check's params into invalid_format issues, so the rule is found
// from where the value sits.
const FORMAT_RULE_BY_PATH: Readonly<Record<string, string>> = {
  "organizations[*].id": "id",
  "members[*].org": "id",
  "organizations[*].slackTeamIds[*]": "slack_team_id",
  "members[*].slackUserId": "slack_user_id",
  "members[*].matrixUserId": "matrix_user_id",
  "slack.channel": "slack_channel_id",
  "matrix.room": "matrix_room_id",
  "probe.correlation.canaries.tcp[*]": "host_port",
};

export function envProblem(variable: string, code: string, params: Record<string, unknown> = {}): ConfigProblem {
  return { source: "env", path: variable, code, params };
}

export function fileProblem(path: string, code: string, params: Record<string, unknown> = {}): ConfigProblem {
  return { source: "file", path, code, params };
}

/** Formats a zod path as a key path: members[2].org. */
export function formatKeyPath(segments: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of segments) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/** Describes a value's JSON type as zod's `expected` does: missing, null, array, object, string, number, boolean. */
export function describeReceived(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function valueAt(input: unknown, segments: readonly PropertyKey[]): unknown {
  let current = input;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * Converts one zod issue. `input` is the object that was parsed, for the
 * received value. `overriddenBy` maps top-level keys that an environment
 * variable set (locale: "BOT_LOCALE") to that variable, so the problem names
 * the variable and not the file key.
 */
export function issueToProblem(issue: ZodIssue, input: unknown, overriddenBy: Readonly<Record<string, string>> = {}): ConfigProblem {
  const value = valueAt(input, issue.path);
  const params: Record<string, unknown> = { message: issue.message };
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") params.value = value;

  switch (issue.code) {
    case "invalid_type":
      Object.assign(params, { expected: issue.expected, received: describeReceived(value) });
      break;
    case "too_small":
      Object.assign(params, { origin: issue.origin, minimum: Number(issue.minimum), inclusive: issue.inclusive !== false, exact: issue.exact === true });
      break;
    case "too_big":
      Object.assign(params, { origin: issue.origin, maximum: Number(issue.maximum), inclusive: issue.inclusive !== false, exact: issue.exact === true });
      break;
    case "invalid_format": {
      const rule = FORMAT_RULE_BY_PATH[formatKeyPath(issue.path).replace(/\[\d+\]/g, "[*]")];
      Object.assign(params, { format: issue.format, pattern: issue.pattern, ...(rule ? { rule } : {}) });
      break;
    }
    case "invalid_value":
      params.values = issue.values.map(String);
      break;
    case "unrecognized_keys":
      params.keys = issue.keys;
      break;
    case "not_multiple_of":
      params.divisor = issue.divisor;
      break;
    case "custom":
      Object.assign(params, issue.params ?? {});
      break;
    default:
      break;
  }

  const head = issue.path[0];
  const variable = typeof head === "string" ? overriddenBy[head] : undefined;
  if (variable) return envProblem(variable, issue.code, params);
  return fileProblem(formatKeyPath(issue.path), issue.code, params);
}

export type ConfigJson = { ok: true; value: Record<string, unknown> } | { ok: false; problem: ConfigProblem };

/** Reads the config file as a JSON object, or returns the problem that stops it. */
export function readConfigJson(file: string): ConfigJson {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return { ok: false, problem: fileProblem("", "file_unreadable", { file, errno: code, reason: message }) };
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8 quotes part of the file in some messages, so line breaks are replaced to keep the problem on one line.
    const reason = (error as Error).message.replace(/\s*\n\s*/g, " ");
    return { ok: false, problem: fileProblem("", "invalid_json", { file, reason, ...jsonErrorPosition(text, reason) }) };
  }

  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, problem: fileProblem("", "invalid_type", { expected: "object", received: describeReceived(value) }) };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Line and column (1-based) of a JSON.parse error, from the "at position N"
 * that V8 puts in most of its messages. Both are missing when the message has no position.
 */
function jsonErrorPosition(text: string, reason: string): { line?: number; column?: number } {
  const match = /at position (\d+)/.exec(reason);
  if (!match) return {};
  const before = text.slice(0, Number(match[1]));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
