import { describe, expect, it } from "vitest";

import {
  parseAddressOrPrefix,
  parseBoolean,
  parseEnum,
  parseEnumList,
  parseHttpUrl,
  parseIncidentRef,
  parseOrganization,
  parseRequestRef,
  parseTlp,
} from "../../../src/bot/commands/fields.ts";
import { parsePorts } from "../../../src/bot/commands/ports.ts";
import { parseRate, type RateUnit } from "../../../src/bot/commands/quantity.ts";
import { TLP_LABELS } from "../../../src/bot/commands/types.ts";
import {
  ACTION_VOCABULARY,
  CREDIBILITY_VOCABULARY,
  DETECTION_STATUS_VOCABULARY,
  EFFECT_VOCABULARY,
  FILTER_VOCABULARY,
  SOURCE_VOCABULARY,
  VECTOR_VOCABULARY,
  type Vocabulary,
} from "../../../src/bot/commands/vocabulary.ts";

describe("parseRate valid", () => {
  const cases: [string, RateUnit, number][] = [
    ["10G", "bps", 10_000_000_000],
    ["10Gbps", "bps", 10_000_000_000],
    ["1.5Tbps", "bps", 1_500_000_000_000],
    ["500M", "bps", 500_000_000],
    ["500m", "bps", 500_000_000],
    ["800 Mbps", "bps", 800_000_000],
    ["2Mpps", "pps", 2_000_000],
    ["50k", "rps", 50_000],
    ["50krps", "rps", 50_000],
    ["50K", "rps", 50_000],
    ["1234", "pps", 1234],
    ["1,500,000", "pps", 1_500_000],
    ["0", "bps", 0],
    ["１０Ｇｂｐｓ", "bps", 10_000_000_000],
    ["2.5Gb", "bps", 2_500_000_000],
  ];

  it.each(cases)("%s as %s", (raw, unit, expected) => {
    expect(parseRate(raw, unit)).toStrictEqual({ ok: true, value: expected });
  });
});

describe("parseRate invalid", () => {
  const cases: [string, RateUnit][] = [
    ["-10G", "bps"],
    ["ten", "bps"],
    ["10X", "bps"],
    ["10Gpps", "bps"],
    ["2Mbps", "pps"],
    ["1.2.3", "pps"],
    ["1,50", "pps"],
    ["G", "bps"],
    ["99999999T", "bps"],
  ];

  it.each(cases)("%s as %s", (raw, unit) => {
    expect(parseRate(raw, unit)).toStrictEqual({ ok: false, code: "invalid_number" });
  });
});

describe("parsePorts", () => {
  const valid: [string, string][] = [
    ["53", "53"],
    ["80,443", "80,443"],
    ["1024-65535", "1024-65535"],
    ["0", "0"],
    ["80, 443、8080", "80,443,8080"],
    ["1024 - 2048", "1024-2048"],
    ["１０２４－２０４８", "1024-2048"],
    ["1000~2000", "1000-2000"],
    ["080", "80"],
    ["53-53", "53"],
    ["80,", "80"],
  ];

  it.each(valid)("accepts %s", (raw, expected) => {
    expect(parsePorts(raw)).toStrictEqual({ ok: true, value: expected });
  });

  const invalid = ["65536", "443-80", "http", "1-2-3", "-1", "123456", "80;443"];

  it.each(invalid)("rejects %s", (raw) => {
    expect(parsePorts(raw)).toStrictEqual({ ok: false, code: "invalid_ports" });
  });

  it("rejects an empty list", () => {
    expect(parsePorts(" , ")).toStrictEqual({ ok: false, code: "missing_value" });
  });
});

describe("parseEnum aliases", () => {
  const cases: [string, Vocabulary<string>, string][] = [
    ["SNS", SOURCE_VOCABULARY, "sns"],
    ["掲示板", SOURCE_VOCABULARY, "bbs"],
    ["JPCERT/CC", SOURCE_VOCABULARY, "jpcert"],
    ["会員", SOURCE_VOCABULARY, "member"],
    ["高", CREDIBILITY_VOCABULARY, "high"],
    ["ＭＥＤＩＵＭ", CREDIBILITY_VOCABULARY, "medium"],
    ["UDPフラッド", VECTOR_VOCABULARY, "udp-flood"],
    ["ｓｙｎ", VECTOR_VOCABULARY, "syn-flood"],
    ["memcached", VECTOR_VOCABULARY, "memcached-amp"],
    ["Carpet Bombing", VECTOR_VOCABULARY, "carpet-bombing"],
    ["カーペットボム", VECTOR_VOCABULARY, "carpet-bombing"],
    ["終息", DETECTION_STATUS_VOCABULARY, "ended"],
    ["継続", DETECTION_STATUS_VOCABULARY, "ongoing"],
    ["rate_limit", ACTION_VOCABULARY, "rate-limit"],
    ["RateLimit", ACTION_VOCABULARY, "rate-limit"],
    ["スクラビング", ACTION_VOCABULARY, "scrubbing"],
    ["上流フィルタ", ACTION_VOCABULARY, "upstream-filter"],
    ["顧客連絡", ACTION_VOCABULARY, "customer-contact"],
    ["部分的", EFFECT_VOCABULARY, "partial"],
    ["無効", EFFECT_VOCABULARY, "ineffective"],
    ["未完了", FILTER_VOCABULARY, "open"],
    ["完了", FILTER_VOCABULARY, "closed"],
    ["すべて", FILTER_VOCABULARY, "all"],
  ];

  it.each(cases)("%s", (raw, vocabulary, expected) => {
    expect(parseEnum(raw, vocabulary)).toStrictEqual({ ok: true, value: expected });
  });

  it("lists allowed values on error", () => {
    expect(parseEnum("huge", CREDIBILITY_VOCABULARY)).toStrictEqual({
      ok: false,
      code: "invalid_enum",
      value: "huge",
      allowed: ["high", "medium", "low", "unknown"],
    });
  });

  it("parses a list once each", () => {
    expect(parseEnumList("dns、ntp，DNSアンプ", VECTOR_VOCABULARY)).toStrictEqual({ ok: true, value: ["dns-amp", "ntp-amp"] });
  });
});

describe("parseBoolean", () => {
  const truthy = ["yes", "YES", "true", "y", "1", "on", "あり", "有", "はい", "ｙｅｓ"];
  const falsy = ["no", "false", "N", "0", "off", "なし", "無", "いいえ"];

  it.each(truthy)("reads %s as true", (raw) => {
    expect(parseBoolean(raw)).toStrictEqual({ ok: true, value: true });
  });

  it.each(falsy)("reads %s as false", (raw) => {
    expect(parseBoolean(raw)).toStrictEqual({ ok: true, value: false });
  });

  it("rejects other words", () => {
    expect(parseBoolean("maybe")).toStrictEqual({ ok: false, code: "invalid_boolean" });
  });
});

describe("parseTlp", () => {
  const cases: [string, string][] = [
    ["clear", "CLEAR"],
    ["Green", "GREEN"],
    ["TLP:AMBER", "AMBER"],
    ["tlp:amber+strict", "AMBER+STRICT"],
    ["ＴＬＰ：ＲＥＤ", "RED"],
    ["WHITE", "CLEAR"],
    ["TLP:WHITE", "CLEAR"],
  ];

  it.each(cases)("%s", (raw, expected) => {
    expect(parseTlp(raw)).toStrictEqual({ ok: true, value: expected });
  });

  it("rejects an unknown label", () => {
    expect(parseTlp("赤")).toStrictEqual({ ok: false, code: "invalid_enum", value: "赤", allowed: TLP_LABELS });
  });
});

describe("parseHttpUrl", () => {
  it("returns the WHATWG href", () => {
    expect(parseHttpUrl("HTTPS://SNS.example/p/1")).toStrictEqual({ ok: true, value: "https://sns.example/p/1" });
  });

  it("rejects other schemes", () => {
    expect(parseHttpUrl("javascript:alert(1)")).toStrictEqual({ ok: false, code: "invalid_url" });
  });

  it("rejects relative URLs", () => {
    expect(parseHttpUrl("/p/1")).toStrictEqual({ ok: false, code: "invalid_url" });
  });
});

describe("parseOrganization", () => {
  it("lower-cases the id", () => {
    expect(parseOrganization("ＩＳＰ-B_2")).toStrictEqual({ ok: true, value: "isp-b_2" });
  });

  it("rejects a dot", () => {
    expect(parseOrganization("isp.b")).toStrictEqual({ ok: false, code: "invalid_org" });
  });

  it("rejects Japanese", () => {
    expect(parseOrganization("事業者")).toStrictEqual({ ok: false, code: "invalid_org" });
  });
});

describe("parseAddressOrPrefix", () => {
  it("accepts an address", () => {
    expect(parseAddressOrPrefix("2001:DB8::10")).toStrictEqual({ ok: true, value: "2001:db8::10" });
  });

  it("rejects host bits", () => {
    expect(parseAddressOrPrefix("10.1.2.3/8")).toStrictEqual({ ok: false, code: "invalid_prefix" });
  });
});

describe("reference parsing", () => {
  it("reads full-width incident refs", () => {
    expect(parseIncidentRef("＃１２")).toStrictEqual({ ok: true, value: 12 });
  });

  it("rejects an unsafe integer", () => {
    expect(parseIncidentRef("#99999999999999999999")).toStrictEqual({ ok: false, code: "invalid_incident_ref" });
  });

  it("reads lower-case request refs", () => {
    expect(parseRequestRef("r7")).toStrictEqual({ ok: true, value: 7 });
  });
});
