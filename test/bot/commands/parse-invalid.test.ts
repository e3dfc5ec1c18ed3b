import { describe, expect, it } from "vitest";

import { parseCommand } from "../../../src/bot/commands/parse.ts";
import type { ParseError, ParseOptions } from "../../../src/bot/commands/types.ts";
import { ATTACK_VECTORS, CREDIBILITIES, INCIDENT_FILTERS, MITIGATION_ACTIONS, TLP_LABELS } from "../../../src/bot/commands/types.ts";

const options: ParseOptions = { now: new Date("2026-12-20T03:00:00Z"), timeZone: "Asia/Tokyo" };

const cases: [string, ParseError][] = [
  // subcommand and syntax
  ["", { code: "empty", field: "subcommand" }],
  ["  \u3000\t ", { code: "empty", field: "subcommand" }],
  ["forecast target=a.jp", { code: "unknown_subcommand", field: "subcommand", value: "forecast" }],
  ["#12", { code: "unknown_subcommand", field: "subcommand", value: "#12" }],
  ["notice target=a.jp foo=bar", { code: "unknown_key", subcommand: "notice", field: "syntax", value: "foo" }],
  ["notice target=a.jp 規模=10G", { code: "unknown_key", subcommand: "notice", field: "syntax", value: "規模" }],
  ["ack R1 tlp=RED", { code: "unknown_key", subcommand: "ack", field: "syntax", value: "tlp" }],
  ['notice target=a.jp foo="bar', { code: "unknown_key", subcommand: "notice", field: "syntax", value: "foo" }],
  ["notice target=a.jp 標的=b.jp", { code: "duplicate_key", subcommand: "notice", field: "target", value: "b.jp" }],
  ["close #1 #2", { code: "duplicate_key", subcommand: "close", field: "incident", value: "#2" }],
  ["ack R1 r2", { code: "duplicate_key", subcommand: "ack", field: "request", value: "r2" }],
  ["list open state=all", { code: "duplicate_key", subcommand: "list", field: "state", value: "open" }],
  [
    'notice target=a.jp when="12/24" start=12/24',
    { code: "duplicate_key", subcommand: "notice", field: "when", value: "12/24" },
  ],
  ["notice target=", { code: "missing_value", subcommand: "notice", field: "target" }],
  ['notice target=a.jp title=""', { code: "missing_value", subcommand: "notice", field: "title" }],
  ["notice target=,", { code: "missing_value", subcommand: "notice", field: "target", value: "," }],
  ['notice target=a.jp title="abc def', { code: "unclosed_quote", subcommand: "notice", field: "title", value: '"abc def' }],
  ["notice target=a.jp 件名=「年末", { code: "unclosed_quote", subcommand: "notice", field: "title", value: "「年末" }],
  // required parts
  ["notice title=x", { code: "missing_required", subcommand: "notice", field: "target" }],
  ["mitigate action=acl", { code: "missing_required", subcommand: "mitigate", field: "incident" }],
  ["mitigate #1", { code: "missing_required", subcommand: "mitigate", field: "action" }],
  ["request #1 フィルタ依頼", { code: "missing_required", subcommand: "request", field: "to" }],
  ["request #1 to=isp-b", { code: "missing_required", subcommand: "request", field: "text" }],
  ["request to=isp-b 依頼", { code: "missing_required", subcommand: "request", field: "incident" }],
  ["ack 5", { code: "missing_required", subcommand: "ack", field: "request" }],
  ["review", { code: "missing_required", subcommand: "review", field: "incident" }],
  ["close 12", { code: "missing_required", subcommand: "close", field: "incident" }],
  ["notice target=a.jp end=23:00", { code: "missing_required", subcommand: "notice", field: "start" }],
  // references
  ["close #0", { code: "invalid_incident_ref", subcommand: "close", field: "incident", value: "#0" }],
  ["close #1x", { code: "invalid_incident_ref", subcommand: "close", field: "incident", value: "#1x" }],
  ["close #abc", { code: "missing_required", subcommand: "close", field: "incident" }],
  ["close #-1", { code: "invalid_incident_ref", subcommand: "close", field: "incident", value: "#-1" }],
  ["status ＃", { code: "invalid_incident_ref", subcommand: "status", field: "incident", value: "＃" }],
  ["ack R0", { code: "invalid_request_ref", subcommand: "ack", field: "request", value: "R0" }],
  ["done r-1", { code: "invalid_request_ref", subcommand: "done", field: "request", value: "r-1" }],
  // enums
  [
    "detect vector=udp,smurf",
    { code: "invalid_enum", subcommand: "detect", field: "vector", value: "smurf", allowed: ATTACK_VECTORS },
  ],
  [
    "notice target=a.jp credibility=maybe",
    { code: "invalid_enum", subcommand: "notice", field: "credibility", value: "maybe", allowed: CREDIBILITIES },
  ],
  [
    "mitigate #1 action=pray",
    { code: "invalid_enum", subcommand: "mitigate", field: "action", value: "pray", allowed: MITIGATION_ACTIONS },
  ],
  ["close #1 tlp=RED", { code: "unknown_key", subcommand: "close", field: "syntax", value: "tlp" }],
  ["detect tlp=PINK", { code: "invalid_enum", subcommand: "detect", field: "tlp", value: "PINK", allowed: TLP_LABELS }],
  ["list pending", { code: "invalid_enum", subcommand: "list", field: "state", value: "pending", allowed: INCIDENT_FILTERS }],
  // values
  ["notice target=a.jp,localhost", { code: "invalid_target", subcommand: "notice", field: "target", value: "localhost" }],
  ["notice target=256.1.1.1", { code: "invalid_target", subcommand: "notice", field: "target", value: "256.1.1.1" }],
  ["notice target=192.0.2.01", { code: "invalid_target", subcommand: "notice", field: "target", value: "192.0.2.01" }],
  ["notice target=AS0", { code: "invalid_target", subcommand: "notice", field: "target", value: "AS0" }],
  ["notice target=AS4294967296", { code: "invalid_target", subcommand: "notice", field: "target", value: "AS4294967296" }],
  ["notice target=ftp://a.jp/", { code: "invalid_target", subcommand: "notice", field: "target", value: "ftp://a.jp/" }],
  ["notice target=192.0.2.0/33", { code: "invalid_target", subcommand: "notice", field: "target", value: "192.0.2.0/33" }],
  ["notice target=192.0.2.1/24", { code: "invalid_prefix", subcommand: "notice", field: "target", value: "192.0.2.1/24" }],
  [
    'notice target=a.jp when="12/40 21:00"',
    { code: "invalid_datetime", subcommand: "notice", field: "when", value: "12/40 21:00" },
  ],
  ["detect start=25:00", { code: "invalid_datetime", subcommand: "detect", field: "start", value: "25:00" }],
  [
    'notice target=a.jp when="12/24 21:00-12/23 21:00"',
    { code: "invalid_range", subcommand: "notice", field: "when", value: "12/24 21:00-12/23 21:00" },
  ],
  [
    'mitigate #1 action=acl start="12/24 21:00" end="12/24 20:00"',
    { code: "invalid_range", subcommand: "mitigate", field: "end", value: "12/24 20:00" },
  ],
  ["detect bps=-10G", { code: "invalid_number", subcommand: "detect", field: "bps", value: "-10G" }],
  ["detect bps=2Mpps", { code: "invalid_number", subcommand: "detect", field: "bps", value: "2Mpps" }],
  ["detect pps=lots", { code: "invalid_number", subcommand: "detect", field: "pps", value: "lots" }],
  [
    "mitigate #1 action=acl prefix=2001:db8::1/32",
    { code: "invalid_prefix", subcommand: "mitigate", field: "prefix", value: "2001:db8::1/32" },
  ],
  ["mitigate #1 action=acl prefix=a.jp", { code: "invalid_prefix", subcommand: "mitigate", field: "prefix", value: "a.jp" }],
  ["mitigate #1 action=acl ports=443-80", { code: "invalid_ports", subcommand: "mitigate", field: "ports", value: "443-80" }],
  ["mitigate #1 action=acl ports=65536", { code: "invalid_ports", subcommand: "mitigate", field: "ports", value: "65536" }],
  ["request #1 to=isp urgent=maybe 依頼", { code: "invalid_boolean", subcommand: "request", field: "urgent", value: "maybe" }],
  ["review #1 publish=2", { code: "invalid_boolean", subcommand: "review", field: "publish", value: "2" }],
  ["notice target=a.jp link=ftp://x.example/", { code: "invalid_url", subcommand: "notice", field: "link", value: "ftp://x.example/" }],
  ["notice target=a.jp link=sns.example/p", { code: "invalid_url", subcommand: "notice", field: "link", value: "sns.example/p" }],
  ["request #1 to=isp.b 依頼", { code: "invalid_org", subcommand: "request", field: "to", value: "isp.b" }],
  ["status #1 please", { code: "unexpected_text", subcommand: "status", field: "text", value: "please" }],
  ["list open now", { code: "unexpected_text", subcommand: "list", field: "text", value: "now" }],
  ["help notice detect", { code: "unexpected_text", subcommand: "help", field: "text", value: "detect" }],
  ["help forecast", { code: "unknown_subcommand", subcommand: "help", field: "subcommand", value: "forecast" }],
];

describe("parseCommand invalid input", () => {
  it.each(cases)("%s", (text, expected) => {
    expect(parseCommand(text, options)).toStrictEqual({ ok: false, error: expected });
  });
});

describe("parseCommand length limits", () => {
  it("rejects free text over 4000", () => {
    const result = parseCommand(`close #1 ${"あ".repeat(4001)}`, options);
    expect(result).toStrictEqual({
      ok: false,
      error: { code: "too_long", subcommand: "close", field: "text", value: `${"あ".repeat(40)}…` },
    });
  });

  it("rejects a value over 500", () => {
    const result = parseCommand(`detect title="${"t".repeat(501)}"`, options);
    expect(result).toStrictEqual({
      ok: false,
      error: { code: "too_long", subcommand: "detect", field: "title", value: `${"t".repeat(40)}…` },
    });
  });
});

describe("parseCommand options", () => {
  it("throws for an unknown zone", () => {
    expect(() => parseCommand("help", { now: options.now, timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});
