import { describe, expect, test } from "vitest";

import { renderParseError } from "../../src/bot/commands/errors-catalog.ts";
import { parseCommand } from "../../src/bot/commands/parse.ts";
import type { ParseOptions } from "../../src/bot/commands/types.ts";

const options: ParseOptions = { now: new Date("2026-12-20T03:00:00Z"), timeZone: "Asia/Tokyo" };

function parse(text: string) {
  return parseCommand(text, options);
}

describe("probe subcommand parsing", () => {
  test.each([
    [
      'probe add operator="Example Bank" sector=finance url=https://www.bank.example/ expect=200 keyword="Online banking"',
      {
        name: "probe",
        action: "add",
        operator: "Example Bank",
        sector: "finance",
        url: "https://www.bank.example/",
        expectedStatus: "200",
        keyword: "Online banking",
      },
    ],
    ["probe remove https://www.bank.example/?a=1", { name: "probe", action: "remove", entry: "https://www.bank.example/?a=1" }],
    ["probe remove 12", { name: "probe", action: "remove", entry: "12" }],
    ["probe list", { name: "probe", action: "list" }],
    ['probe list "Example Bank"', { name: "probe", action: "list", filter: "Example Bank" }],
    ["probe import config/targets.csv", { name: "probe", action: "import", path: "config/targets.csv" }],
    ["probe export", { name: "probe", action: "export" }],
    ["probe status", { name: "probe", action: "status" }],
    ["probe status 192.0.2.0/24", { name: "probe", action: "status", filter: "192.0.2.0/24" }],
    ["probe alerts", { name: "probe", action: "alerts" }],
    ["観測 アラート", { name: "probe", action: "alerts" }],
    ["probe alerts A7", { name: "probe", action: "alerts", alert: 7 }],
    ["probe declare A12", { name: "probe", action: "declare", alert: 12 }],
    ["観測 宣言 ａ１２", { name: "probe", action: "declare", alert: 12 }],
    ["probe unsilence S3", { name: "probe", action: "unsilence", silence: 3 }],
    [
      'probe silence operator="金融" until="12/21 06:00"',
      { name: "probe", action: "silence", entry: "金融", scope: "operator", until: new Date("2026-12-20T21:00:00Z") },
    ],
    ['観測 抑止 分野=金融 終了="12/21 06:00"', { name: "probe", action: "silence", entry: "金融", scope: "sector", until: new Date("2026-12-20T21:00:00Z") }],
    [
      'probe silence 金融 until="12/21 06:00" reason="定期メンテナンス"',
      { name: "probe", action: "silence", entry: "金融", until: new Date("2026-12-20T21:00:00Z"), reason: "定期メンテナンス" },
    ],
    [
      '観測 抑止 "Example Bank" 開始="12/21 02:00" 終了="12/21 04:00"',
      { name: "probe", action: "silence", entry: "Example Bank", from: new Date("2026-12-20T17:00:00Z"), until: new Date("2026-12-20T19:00:00Z") },
    ],
  ])("%s", (text, command) => {
    expect(parse(text)).toStrictEqual({ ok: true, command });
  });

  test("Japanese aliases and IME input", () => {
    const result = parse("観測　追加　事業者＝例示銀行　分野＝金融　url＝https://www.bank.example/　期待ステータス＝２００－２９９");

    expect(result).toStrictEqual({
      ok: true,
      command: {
        name: "probe",
        action: "add",
        operator: "例示銀行",
        sector: "金融",
        url: "https://www.bank.example/",
        expectedStatus: "200-299",
      },
    });
  });

  test("full-width action word", () => {
    expect(parse("ｐｒｏｂｅ ＳＴＡＴＵＳ 金融")).toStrictEqual({ ok: true, command: { name: "probe", action: "status", filter: "金融" } });
  });

  test("Japanese quotes around filter", () => {
    expect(parse("観測 状況 「例示 銀行」")).toStrictEqual({ ok: true, command: { name: "probe", action: "status", filter: "例示 銀行" } });
  });

  test.each([
    ["probe", { code: "missing_required", subcommand: "probe", field: "probeAction" }],
    ["probe fly", { code: "invalid_enum", subcommand: "probe", field: "probeAction", value: "fly", allowed: ["add", "remove", "list", "import", "export", "status", "alerts", "declare", "silence", "unsilence"] }],
    ["probe declare", { code: "missing_required", subcommand: "probe", field: "alert" }],
    ["probe declare 12", { code: "invalid_alert_ref", subcommand: "probe", field: "alert", value: "12" }],
    ["probe declare A0", { code: "invalid_alert_ref", subcommand: "probe", field: "alert", value: "A0" }],
    ["probe declare A3 now", { code: "unexpected_text", subcommand: "probe", field: "text", value: "now" }],
    ["probe unsilence", { code: "missing_required", subcommand: "probe", field: "silence" }],
    ["probe unsilence X3", { code: "invalid_silence_ref", subcommand: "probe", field: "silence", value: "X3" }],
    ["probe silence 金融", { code: "missing_required", subcommand: "probe", field: "until" }],
    ['probe silence until="12/05 06:00"', { code: "missing_required", subcommand: "probe", field: "silenceEntry" }],
    ["probe silence 金融 until=tomorrowish", { code: "invalid_datetime", subcommand: "probe", field: "until", value: "tomorrowish" }],
    ['probe silence 金融 sector=電力 until="12/21 06:00"', { code: "unexpected_text", subcommand: "probe", field: "text", value: "金融 電力" }],
    ["probe alerts open", { code: "invalid_alert_ref", subcommand: "probe", field: "alert", value: "open" }],
    ["probe alerts A1 more", { code: "unexpected_text", subcommand: "probe", field: "text", value: "more" }],
    ["probe alerts until=12/05", { code: "unexpected_field", subcommand: "probe", field: "until", value: "alerts" }],
    ["probe remove 12 until=12/05", { code: "unexpected_field", subcommand: "probe", field: "until", value: "remove" }],
    ["probe add sector=金融 url=https://a.example/", { code: "missing_required", subcommand: "probe", field: "operator" }],
    ["probe add operator=A url=https://a.example/", { code: "missing_required", subcommand: "probe", field: "sector" }],
    ["probe add operator=A sector=金融", { code: "missing_required", subcommand: "probe", field: "url" }],
    ["probe add operator=A sector=金融 url=ftp://a.example/", { code: "invalid_url", subcommand: "probe", field: "url", value: "ftp://a.example/" }],
    ["probe add operator=A sector=金融 url=https://a.example/ expect=999", { code: "invalid_status", subcommand: "probe", field: "expect", value: "999" }],
    ["probe add operator=A sector=金融 url=https://a.example/ expect=300-200", { code: "invalid_status", subcommand: "probe", field: "expect", value: "300-200" }],
    ["probe add operator=A sector=金融 url=https://a.example/ extra", { code: "unexpected_text", subcommand: "probe", field: "text", value: "extra" }],
    ["probe remove", { code: "missing_required", subcommand: "probe", field: "entry" }],
    ["probe remove 12 operator=A", { code: "unexpected_field", subcommand: "probe", field: "operator", value: "remove" }],
    ["probe import", { code: "missing_required", subcommand: "probe", field: "path" }],
    ["probe export all", { code: "unexpected_text", subcommand: "probe", field: "text", value: "all" }],
    ["probe add colour=red", { code: "unknown_key", subcommand: "probe", field: "syntax", value: "colour" }],
  ])("rejects %s", (text, error) => {
    expect(parse(text)).toStrictEqual({ ok: false, error });
  });
});

describe("probe parse error messages", () => {
  test("invalid status in both languages", () => {
    const result = parse("probe add operator=A sector=金融 url=https://a.example/ expect=999");
    if (result.ok) throw new Error("expected a parse error");

    expect(renderParseError(result.error, "ja")).toBe(
      '「expect」の HTTP ステータスを読み取れません: "999"。100〜599 のコード 1 つか「200-399」のような範囲を指定してください。例: expect=200 または expect=200-299。詳しくは /dos help probe',
    );
    expect(renderParseError(result.error, "en")).toBe(
      'Invalid HTTP status in "expect": "999". Give one code from 100 to 599 or a range such as 200-399. Example: expect=200 or expect=200-299. See /dos help probe',
    );
  });

  test("field on wrong action shows action example", () => {
    const result = parse("probe remove 12 operator=A");
    if (result.ok) throw new Error("expected a parse error");

    expect(renderParseError(result.error, "en")).toBe(
      '"operator" cannot be used with probe remove. Example: /dos probe remove 12. See /dos help probe',
    );
    expect(renderParseError(result.error, "ja")).toContain("「operator」は probe remove では使えません");
  });

  test("missing entry names it", () => {
    const result = parse("probe remove");
    if (result.ok) throw new Error("expected a parse error");

    expect(renderParseError(result.error, "ja")).toBe(
      "対象の URL か IDは必須です。例: /dos probe remove https://www.bank.example/。詳しくは /dos help probe",
    );
    expect(renderParseError(result.error, "en")).toBe("Missing required target URL or id. Example: /dos probe remove 12. See /dos help probe");
  });

  test("unknown action lists actions", () => {
    const result = parse("観測 飛ぶ");
    if (result.ok) throw new Error("expected a parse error");

    expect(renderParseError(result.error, "ja")).toContain("操作 (add、remove、list、import、export、status、alerts、declare、silence、unsilence)に \"飛ぶ\" は使えません");
  });
});
