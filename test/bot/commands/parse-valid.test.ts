import { describe, expect, it } from "vitest";

import { parseCommand } from "../../../src/bot/commands/parse.ts";
import type { Command, ParseOptions } from "../../../src/bot/commands/types.ts";

// 2026-12-20 12:00 in Tokyo.
const options: ParseOptions = { now: new Date("2026-12-20T03:00:00Z"), timeZone: "Asia/Tokyo" };
const at = (iso: string) => new Date(iso);

const cases: [string, Command][] = [
  // notice
  [
    'notice target=example.co.jp attacker="Anon JP" when="12/24 21:00-23:00" 年末に攻撃予告',
    {
      name: "notice",
      targets: [{ kind: "domain", value: "example.co.jp" }],
      attacker: "Anon JP",
      expected: { start: at("2026-12-24T12:00:00Z"), end: at("2026-12-24T14:00:00Z") },
      text: "年末に攻撃予告",
    },
  ],
  [
    "ｎｏｔｉｃｅ　target＝ｅｘａｍｐｌｅ．ｃｏ．ｊｐ　＃１２",
    { name: "notice", incident: 12, targets: [{ kind: "domain", value: "example.co.jp" }] },
  ],
  [
    "予知 標的=例え.jp、192.0.2.0/24，AS64500 予定=１２／２４　２１：００ 確度=高 情報源=掲示板 TLP=tlp:amber+strict",
    {
      name: "notice",
      targets: [
        { kind: "domain", value: "xn--r8jz45g.jp" },
        { kind: "prefix", value: "192.0.2.0/24" },
        { kind: "asn", value: "AS64500" },
      ],
      expected: { start: at("2026-12-24T12:00:00Z") },
      credibility: "high",
      source: "bbs",
      tlp: "AMBER+STRICT",
    },
  ],
  [
    "NOTICE Target=https://Example.JP/login 件名=「年末 の 予告」 リンク=https://sns.example/p/1 source=jpcert/cc",
    {
      name: "notice",
      targets: [{ kind: "url", value: "https://example.jp/login" }],
      title: "年末 の 予告",
      link: "https://sns.example/p/1",
      source: "jpcert",
    },
  ],
  [
    "notice target=example.jp start=12/24 21:00 end=01:00 credibility=不明 profile='Anon「JP」 group'",
    {
      name: "notice",
      targets: [{ kind: "domain", value: "example.jp" }],
      expected: { start: at("2026-12-24T12:00:00Z"), end: at("2026-12-24T16:00:00Z") },
      credibility: "unknown",
      profile: "Anon「JP」 group",
    },
  ],
  [
    "notice target=example.jp 攻撃者=“Ａｎｏｎ　ＪＰ” tlp=white 全角のＡＢＣ　は　そのまま",
    {
      name: "notice",
      targets: [{ kind: "domain", value: "example.jp" }],
      attacker: "Ａｎｏｎ　ＪＰ",
      tlp: "CLEAR",
      text: "全角のＡＢＣ は そのまま",
    },
  ],
  [
    "notice target=example.jp 詳細は https://x.example/?a=b を参照 It's #1",
    {
      name: "notice",
      incident: 1,
      targets: [{ kind: "domain", value: "example.jp" }],
      text: "詳細は https://x.example/?a=b を参照 It's",
    },
  ],
  [
    "notice targets=2001:DB8::1,198.51.100.7,as4294967295,ASN1",
    {
      name: "notice",
      targets: [
        { kind: "ipv6", value: "2001:db8::1" },
        { kind: "ipv4", value: "198.51.100.7" },
        { kind: "asn", value: "AS4294967295" },
        { kind: "asn", value: "AS1" },
      ],
    },
  ],
  [
    "notice target=a.jp when=12/24 21:00-23:00 続報",
    {
      name: "notice",
      targets: [{ kind: "domain", value: "a.jp" }],
      expected: { start: at("2026-12-24T12:00:00Z"), end: at("2026-12-24T14:00:00Z") },
      text: "続報",
    },
  ],
  // detect
  ["detect", { name: "detect", observed: true, targets: [], vectors: [] }],
  ["detect start=2026-12-24 21:00 21:30 に再開", { name: "detect", observed: true, targets: [], vectors: [], start: at("2026-12-24T12:00:00Z"), text: "21:30 に再開" }],
  [
    "detect #3 vector=udp,DNSアンプ,udp-flood bps=1.5Tbps pps=2Mpps rps=50krps status=継続中 start=12/24 21:00",
    {
      name: "detect",
      incident: 3,
      observed: true,
      targets: [],
      vectors: ["udp-flood", "dns-amp"],
      start: at("2026-12-24T12:00:00Z"),
      peakBps: 1_500_000_000_000,
      peakPps: 2_000_000,
      peakRps: 50_000,
      status: "ongoing",
    },
  ],
  [
    "検知 標的=192.0.2.0/24 手法=SYNフラッド、カーペットボム 観測=なし 状態=沈静化 bps=１０Ｇ 件名=テスト",
    {
      name: "detect",
      title: "テスト",
      observed: false,
      targets: [{ kind: "prefix", value: "192.0.2.0/24" }],
      vectors: ["syn-flood", "carpet-bombing"],
      peakBps: 10_000_000_000,
      status: "subsided",
    },
  ],
  // mitigate
  [
    "mitigate #3 action=FlowSpec prefix=2001:DB8::/32 ports=80,443,1024-65535 protocol=UDP start=\"12/24 21:00\" end=20:00",
    {
      name: "mitigate",
      incident: 3,
      action: "flowspec",
      prefix: "2001:db8::/32",
      ports: "80,443,1024-65535",
      protocol: "udp",
      start: at("2026-12-24T12:00:00Z"),
      end: at("2026-12-25T11:00:00Z"),
    },
  ],
  [
    "対処 ＃７ 手段=レート制限 プレフィックス=１９２．０．２．１０ ポート=５３ 効果=一部有効 上流にも依頼済み",
    {
      name: "mitigate",
      incident: 7,
      action: "rate-limit",
      prefix: "192.0.2.10",
      ports: "53",
      effect: "partial",
      text: "上流にも依頼済み",
    },
  ],
  ["mitigate #1 action=cleaning", { name: "mitigate", incident: 1, action: "scrubbing" }],
  ["mitigate #1 対処=シンクホール", { name: "mitigate", incident: 1, action: "dns-sinkhole" }],
  // request and its steps
  [
    "request #1 to=Example-ISP 緊急=はい フィルタお願いします",
    { name: "request", incident: 1, to: "example-isp", urgent: true, text: "フィルタお願いします" },
  ],
  [
    "依頼 宛先=isp_b #2 UDP/53 を止めてください tlp=red",
    { name: "request", incident: 2, to: "isp_b", urgent: false, tlp: "RED", text: "UDP/53 を止めてください" },
  ],
  ["ack r5 了解", { name: "ack", request: 5, text: "了解" }],
  ["受領 Ｒ１２", { name: "ack", request: 12 }],
  ["done R5 #12 の分は完了", { name: "done", request: 5, text: "#12 の分は完了" }],
  ["辞退 R9 設備がありません", { name: "decline", request: 9, text: "設備がありません" }],
  // review and close
  [
    'review #12 attacker="Anon JP" 手法=DNSアンプ 対応="上流で RTBH" 被害=あり damage_detail="Web 30 分停止" 教訓=手順の事前確認 公開=いいえ 所感',
    {
      name: "review",
      incident: 12,
      attacker: "Anon JP",
      methods: "DNSアンプ",
      response: "上流で RTBH",
      damage: true,
      damageDetail: "Web 30 分停止",
      lessons: "手順の事前確認",
      publishable: false,
      text: "所感",
    },
  ],
  ["終結 #12 攻撃終息、被害なし", { name: "close", incident: 12, text: "攻撃終息、被害なし" }],
  ["close #4", { name: "close", incident: 4 }],
  // status, list, help
  ["status", { name: "status" }],
  ["状況 #8", { name: "status", incident: 8 }],
  ["list", { name: "list", filter: "open" }],
  ["一覧 全て", { name: "list", filter: "all" }],
  ["list state=終結", { name: "list", filter: "closed" }],
  ["help", { name: "help" }],
  ["ヘルプ 予知", { name: "help", topic: "notice" }],
  ["HELP Mitigate", { name: "help", topic: "mitigate" }],
];

describe("parseCommand valid input", () => {
  it.each(cases)("%s", (text, expected) => {
    const result = parseCommand(text, options);
    expect(result).toStrictEqual({ ok: true, command: expected });
  });
});

describe("parseCommand free text", () => {
  it("keeps full-width characters", () => {
    const result = parseCommand("close #1 ＡＢＣ　１２３　全角", options);
    expect(result).toStrictEqual({ ok: true, command: { name: "close", incident: 1, text: "ＡＢＣ １２３ 全角" } });
  });

  it("joins tokens with single spaces", () => {
    const result = parseCommand("close #1  a\t\tb　　c ", options);
    expect(result).toStrictEqual({ ok: true, command: { name: "close", incident: 1, text: "a b c" } });
  });

  it("accepts exactly 4000 characters", () => {
    const text = "あ".repeat(4000);
    const result = parseCommand(`close #1 ${text}`, options);
    expect(result).toStrictEqual({ ok: true, command: { name: "close", incident: 1, text } });
  });

  it("accepts a 500-character value", () => {
    const title = "t".repeat(500);
    const result = parseCommand(`detect title=${title}`, options);
    expect(result).toStrictEqual({ ok: true, command: { name: "detect", title, observed: true, targets: [], vectors: [] } });
  });
});

describe("hashtags in free text", () => {
  it("keeps #OpJapan as text", () => {
    const result = parseCommand("notice target=example.co.jp #OpJapan で予告", { now: new Date("2026-12-04T00:00:00Z"), timeZone: "Asia/Tokyo" });

    expect(result.ok).toBe(true);
    if (result.ok && result.command.name === "notice") {
      expect(result.command.incident).toBeUndefined();
      expect(result.command.text).toBe("#OpJapan で予告");
    }
  });
});

describe("quoted free text", () => {
  it("keeps key=value inside quotes as text", () => {
    const result = parseCommand('request #1 to=example-net "ACL で src=AS64500 の udp/53 を落としてください"', { now: new Date("2026-12-04T00:00:00Z"), timeZone: "Asia/Tokyo" });

    expect(result.ok).toBe(true);
    if (result.ok && result.command.name === "request") {
      expect(result.command.text).toBe('"ACL で src=AS64500 の udp/53 を落としてください"');
    }
  });

  it("treats an unclosed quote as plain text", () => {
    const result = parseCommand('notice target=example.co.jp "予告あり', { now: new Date("2026-12-04T00:00:00Z"), timeZone: "Asia/Tokyo" });

    expect(result.ok).toBe(true);
    if (result.ok && result.command.name === "notice") expect(result.command.text).toBe('"予告あり');
  });
});

describe("URLs with credentials", () => {
  const options = { now: new Date("2026-12-04T00:00:00Z"), timeZone: "Asia/Tokyo" };

  it("rejects a target with user:password", () => {
    const result = parseCommand("notice target=https://user:pass@example.co.jp/", options);

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("invalid_target");
  });

  it("rejects a link with user:password", () => {
    const result = parseCommand("notice target=example.co.jp link=https://user:pass@evil.example/", options);

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("invalid_url");
  });
});
