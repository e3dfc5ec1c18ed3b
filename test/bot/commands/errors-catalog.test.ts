import { describe, expect, it } from "vitest";

import { renderParseError } from "../../../src/bot/commands/errors-catalog.ts";
import { parseCommand } from "../../../src/bot/commands/parse.ts";
import type { ParseError, ParseErrorCode } from "../../../src/bot/commands/types.ts";

// One sample per code; the Record type makes a new code fail to compile here too.
const SAMPLES: Record<ParseErrorCode, ParseError> = {
  empty: { code: "empty", field: "subcommand" },
  unknown_subcommand: { code: "unknown_subcommand", field: "subcommand", value: "forecast" },
  unknown_key: { code: "unknown_key", subcommand: "notice", field: "syntax", value: "size" },
  duplicate_key: { code: "duplicate_key", subcommand: "notice", field: "target", value: "b.jp" },
  missing_value: { code: "missing_value", subcommand: "notice", field: "title" },
  unclosed_quote: { code: "unclosed_quote", subcommand: "notice", field: "attacker", value: '"Anon' },
  missing_required: { code: "missing_required", subcommand: "mitigate", field: "incident" },
  invalid_enum: {
    code: "invalid_enum",
    subcommand: "notice",
    field: "credibility",
    value: "maybe",
    allowed: ["high", "medium", "low", "unknown"],
  },
  invalid_target: { code: "invalid_target", subcommand: "notice", field: "target", value: "localhost" },
  invalid_datetime: { code: "invalid_datetime", subcommand: "notice", field: "when", value: "12/40 21:00" },
  invalid_range: { code: "invalid_range", subcommand: "mitigate", field: "end", value: "12/23" },
  invalid_number: { code: "invalid_number", subcommand: "detect", field: "bps", value: "lots" },
  invalid_incident_ref: { code: "invalid_incident_ref", subcommand: "close", field: "incident", value: "#abc" },
  invalid_request_ref: { code: "invalid_request_ref", subcommand: "ack", field: "request", value: "R0" },
  invalid_alert_ref: { code: "invalid_alert_ref", subcommand: "probe", field: "alert", value: "B12" },
  invalid_silence_ref: { code: "invalid_silence_ref", subcommand: "probe", field: "silence", value: "S0" },
  invalid_prefix: { code: "invalid_prefix", subcommand: "mitigate", field: "prefix", value: "a.jp" },
  invalid_ports: { code: "invalid_ports", subcommand: "mitigate", field: "ports", value: "443-80" },
  invalid_boolean: { code: "invalid_boolean", subcommand: "request", field: "urgent", value: "maybe" },
  invalid_url: { code: "invalid_url", subcommand: "notice", field: "link", value: "ftp://x.example/" },
  invalid_org: { code: "invalid_org", subcommand: "request", field: "to", value: "isp.b" },
  unexpected_text: { code: "unexpected_text", subcommand: "status", field: "text", value: "please" },
  unexpected_field: { code: "unexpected_field", subcommand: "probe", field: "operator", value: "remove" },
  invalid_status: { code: "invalid_status", subcommand: "probe", field: "expect", value: "999" },
  too_long: { code: "too_long", subcommand: "close", field: "text", value: "aaaa…" },
};

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/u;

// What each message must mention to name the field.
const LABELS: Record<string, { ja: string; en: string }> = {
  subcommand: { ja: "サブコマンド", en: "ubcommand" },
  syntax: { ja: "キー", en: "key" },
  incident: { ja: "事案番号", en: "incident number" },
  request: { ja: "依頼番号", en: "request number" },
  text: { ja: "本文", en: "free text" },
  alert: { ja: "アラート番号", en: "alert number" },
  silence: { ja: "抑止番号", en: "silence number" },
};

function expectedLabel(error: ParseError, locale: "ja" | "en"): string {
  const pseudo = LABELS[error.field];
  if (pseudo !== undefined) return pseudo[locale];
  return locale === "ja" ? `「${error.field}」` : `"${error.field}"`;
}

describe("renderParseError per code", () => {
  const rows = Object.values(SAMPLES).map((error) => [error.code, error] as const);

  it("mitigate action names its own field", () => {
    const error = { code: "missing_required" as const, subcommand: "mitigate" as const, field: "action" };

    expect(renderParseError(error, "ja")).toContain("「action」は必須です");
    expect(renderParseError(error, "en")).not.toContain("remove");
  });

  it.each(rows)("%s in ja", (_code, error) => {
    const message = renderParseError(error, "ja");
    expect(message).toContain(expectedLabel(error, "ja"));
    expect(message).toContain("例: ");
    expect(message).toMatch(JAPANESE);
    expect(message).toMatch(/詳しくは \/dos help( [a-z]+)?$/);
    if (error.value !== undefined) expect(message).toContain(error.value);
  });

  it.each(rows)("%s in en", (_code, error) => {
    const message = renderParseError(error, "en");
    expect(message).toContain(expectedLabel(error, "en"));
    expect(message).toContain("Example: ");
    expect(message).not.toMatch(JAPANESE);
    expect(message).toMatch(/See \/dos help( [a-z]+)?$/);
    if (error.value !== undefined) expect(message).toContain(error.value);
  });
});

describe("renderParseError details", () => {
  const datetime = SAMPLES.invalid_datetime;

  it("renders datetime in ja", () => {
    expect(renderParseError(datetime, "ja")).toBe(
      '「when」の日時を読み取れません: "12/40 21:00"。例: when="12/24 21:00" または when="2026-12-24T21:00+09:00"。詳しくは /dos help notice',
    );
  });

  it("renders datetime in en", () => {
    expect(renderParseError(datetime, "en")).toBe(
      'Invalid date/time in "when": "12/40 21:00". Example: when="12/24 21:00" or when="2026-12-24T21:00+09:00". See /dos help notice',
    );
  });

  it("names the network address", () => {
    const error: ParseError = { code: "invalid_prefix", subcommand: "notice", field: "target", value: "192.0.2.1/24" };
    expect(renderParseError(error, "ja")).toContain("ネットワークアドレス 192.0.2.0/24");
    expect(renderParseError(error, "en")).toContain("network address 192.0.2.0/24");
  });

  it("lists the allowed values", () => {
    expect(renderParseError(SAMPLES.invalid_enum, "en")).toContain("high, medium, low, unknown");
  });

  it("lists keys with Japanese aliases", () => {
    expect(renderParseError(SAMPLES.unknown_key, "ja")).toContain("target (標的)");
  });

  it("shows an incident example", () => {
    expect(renderParseError(SAMPLES.missing_required, "en")).toContain("/dos mitigate #12");
  });

  it("shows a request example", () => {
    expect(renderParseError(SAMPLES.invalid_request_ref, "ja")).toContain("/dos 受領 R5");
  });

  it("states the text limit", () => {
    expect(renderParseError(SAMPLES.too_long, "en")).toContain("4000 characters");
  });

  it("renders a parser result", () => {
    const options = { now: new Date("2026-12-20T03:00:00Z"), timeZone: "Asia/Tokyo" };
    const result = parseCommand("detect bps=ten", options);
    expect(result.ok).toBe(false);
    const message = result.ok ? "" : renderParseError(result.error, "en");
    expect(message).toBe(
      'Invalid number in "bps": "ten". Give a non-negative number, optionally with k, M, G or T and the unit. Example: bps=40G. See /dos help detect',
    );
  });
});
