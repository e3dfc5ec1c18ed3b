import { describe, expect, it } from "vitest";

import { parsePrefix } from "../../../src/bot/commands/ip.ts";
import { parseTarget, parseTargets } from "../../../src/bot/commands/target.ts";
import type { Target } from "../../../src/bot/commands/types.ts";

describe("parseTarget valid", () => {
  const cases: [string, Target][] = [
    ["example.co.jp", { kind: "domain", value: "example.co.jp" }],
    ["Example.CO.JP.", { kind: "domain", value: "example.co.jp" }],
    ["ｅｘａｍｐｌｅ．ｃｏ．ｊｐ", { kind: "domain", value: "example.co.jp" }],
    ["例え。jp", { kind: "domain", value: "xn--r8jz45g.jp" }],
    ["日本語.jp", { kind: "domain", value: "xn--wgv71a119e.jp" }],
    ["a-b.example", { kind: "domain", value: "a-b.example" }],
    ["https://Example.JP", { kind: "url", value: "https://example.jp/" }],
    ["http://例え.jp/パス?q=1", { kind: "url", value: "http://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=1" }],
    ["https://[2001:DB8::1]:8443/", { kind: "url", value: "https://[2001:db8::1]:8443/" }],
    ["http://192.0.2.1/", { kind: "url", value: "http://192.0.2.1/" }],
    ["192.0.2.1", { kind: "ipv4", value: "192.0.2.1" }],
    ["0.0.0.0", { kind: "ipv4", value: "0.0.0.0" }],
    ["１９２．０．２．１", { kind: "ipv4", value: "192.0.2.1" }],
    ["2001:0DB8:0:0:0:0:0:1", { kind: "ipv6", value: "2001:db8::1" }],
    ["::ffff:192.0.2.1", { kind: "ipv6", value: "::ffff:c000:201" }],
    ["192.0.2.0/24", { kind: "prefix", value: "192.0.2.0/24" }],
    ["0.0.0.0/0", { kind: "prefix", value: "0.0.0.0/0" }],
    ["192.0.2.1/32", { kind: "prefix", value: "192.0.2.1/32" }],
    ["2001:DB8::/32", { kind: "prefix", value: "2001:db8::/32" }],
    ["2001:db8::1/128", { kind: "prefix", value: "2001:db8::1/128" }],
    ["AS64500", { kind: "asn", value: "AS64500" }],
    ["as64500", { kind: "asn", value: "AS64500" }],
    ["ASN64500", { kind: "asn", value: "AS64500" }],
    ["ＡＳ６４５００", { kind: "asn", value: "AS64500" }],
  ];

  it.each(cases)("%s", (item, expected) => {
    expect(parseTarget(item)).toStrictEqual({ ok: true, value: expected });
  });
});

describe("parseTarget invalid", () => {
  const cases: [string, string][] = [
    ["localhost", "invalid_target"],
    ["example", "invalid_target"],
    ["-a.jp", "invalid_target"],
    ["a-.jp", "invalid_target"],
    ["a_b.jp", "invalid_target"],
    ["a..jp", "invalid_target"],
    [`${"a".repeat(64)}.jp`, "invalid_target"],
    ["example.123", "invalid_target"],
    ["1.2.3", "invalid_target"],
    ["1.2.3.4.5", "invalid_target"],
    ["256.0.0.1", "invalid_target"],
    ["01.2.3.4", "invalid_target"],
    ["fe80::1%eth0", "invalid_target"],
    ["2001:db8::g", "invalid_target"],
    ["ftp://example.jp/", "invalid_target"],
    ["http://localhost/", "invalid_target"],
    ["192.0.2.0/33", "invalid_target"],
    ["2001:db8::/129", "invalid_target"],
    ["192.0.2.0/024", "invalid_target"],
    ["example.jp/24", "invalid_target"],
    ["AS0", "invalid_target"],
    ["AS4294967296", "invalid_target"],
    ["192.0.2.1/24", "invalid_prefix"],
    ["2001:db8::1/64", "invalid_prefix"],
  ];

  it.each(cases)("%s", (item, code) => {
    expect(parseTarget(item)).toStrictEqual({ ok: false, code, value: item });
  });
});

describe("parseTargets", () => {
  it("splits on commas and 、", () => {
    const result = parseTargets("a.jp, b.jp、c.jp，d.jp");
    const values = result.ok ? result.value.map((target) => target.value) : [];
    expect(values).toStrictEqual(["a.jp", "b.jp", "c.jp", "d.jp"]);
  });

  it("keeps the first of duplicates", () => {
    const result = parseTargets("A.jp,a.jp,AS1,as1");
    const values = result.ok ? result.value.map((target) => target.value) : [];
    expect(values).toStrictEqual(["a.jp", "AS1"]);
  });

  it("reports the bad item as typed", () => {
    expect(parseTargets("a.jp,ｂａｄ")).toStrictEqual({ ok: false, code: "invalid_target", value: "ｂａｄ" });
  });
});

describe("parsePrefix", () => {
  it("returns the network address", () => {
    expect(parsePrefix("192.0.2.77/26")).toStrictEqual({ ok: false, reason: "host_bits", network: "192.0.2.64/26" });
  });

  it("returns the IPv6 network", () => {
    expect(parsePrefix("2001:db8:1:2::5/48")).toStrictEqual({ ok: false, reason: "host_bits", network: "2001:db8:1::/48" });
  });
});
