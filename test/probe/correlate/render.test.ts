// Rendering of alert messages and notes in Japanese and English, from alert
// rows shaped as the database stores them.

import { describe, expect, it } from "vitest";

import type { ProbeAlert } from "../../../src/generated/prisma/client.ts";
import { renderAlert, renderAlertList, renderAlertNote, type AlertRenderContext } from "../../../src/probe/correlate/render.ts";
import type { AlertMember, FiredRule } from "../../../src/probe/correlate/types.ts";
import { DEFAULT_SECTORS } from "../../../src/probe/sectors.ts";

const OPENED = new Date("2026-12-04T03:00:00Z");
const UPDATED = new Date("2026-12-04T03:04:00Z");

function context(locale: "ja" | "en"): AlertRenderContext {
  return { locale, timeZone: "Asia/Tokyo", sectors: DEFAULT_SECTORS, resolveAfterMinutes: 5 };
}

function member(operator: string, sector: string, address: string, fields: Partial<AlertMember> = {}): AlertMember {
  return {
    operatorId: operator.length,
    operator,
    sector,
    since: "2026-12-04T02:58:00.000Z",
    joinedAt: OPENED.toISOString(),
    recoveredAt: null,
    network: `${address.split(".").slice(0, 3).join(".")}.0/24`,
    addresses: [address],
    failures: { timeout: 2, http_error: 1 },
    medianMs: 9800,
    urls: [`https://${operator}.example/`],
    ...fields,
  };
}

const RULES: FiredRule[] = [
  { rule: "operators", operators: 3, networks: 3, minimum: 3 },
  { rule: "sector", sector: "金融", degraded: 2, total: 3, share: 2 / 3, minimumShare: 0.5, minimum: 2 },
];

function alert(fields: Partial<ProbeAlert> = {}): ProbeAlert {
  return {
    id: 12,
    kind: "correlated",
    state: "open",
    rule: "operators",
    rules: JSON.stringify(RULES),
    members: JSON.stringify([
      member("bank", "金融", "192.0.2.10"),
      member("shinkin", "金融", "198.51.100.10", { recoveredAt: UPDATED.toISOString() }),
      member("power", "電力", "203.0.113.10", { joinedAt: UPDATED.toISOString() }),
    ]),
    tlp: "AMBER",
    openedAt: OPENED,
    updatedAt: UPDATED,
    lastDegradedAt: UPDATED,
    resolvedAt: null,
    revision: 1,
    incidentId: null,
    ...fields,
  };
}

describe("renderAlert", () => {
  it("puts TLP, rule and operators first", () => {
    const reply = renderAlert(context("ja"), alert());

    expect(reply.tlp).toBe("AMBER");
    expect(reply.title).toBe("同時多発的な応答低下 A12: 3事業者 / 3ネットワーク (金融, 電力)");
    expect(reply.lines[0]).toContain("同時多発的な攻撃の可能性");
    expect(reply.lines[1]).toBe("判定 複数事業者: 3事業者、独立ネットワーク 3 (基準 3 以上)");
    expect(reply.lines[2]).toBe("判定 分野集中: 金融 2/3事業者 (67%、基準 50% 以上かつ 2 事業者以上)");
  });

  it("lists members with failures and timings", () => {
    const lines = renderAlert(context("ja"), alert()).lines;

    expect(lines).toContain("・bank (金融) 2026-12-04 11:58 +09:00 から タイムアウト×2, HTTPエラー×1、中央値 9800 ms — 192.0.2.10");
    expect(lines.find((line) => line.startsWith("・shinkin"))).toMatch(/ — 2026-12-04 12:04 \+09:00 回復$/);
  });

  it("repeats the last update's changes", () => {
    const lines = renderAlert(context("en"), alert()).lines;

    expect(lines).toContain("Changed at the last update: Joined: power / Recovered: shinkin");
  });

  it("offers declare while open and unlinked", () => {
    const open = renderAlert(context("en"), alert());
    const linked = renderAlert(context("en"), alert({ incidentId: 4 }));

    expect(open.declareAlert).toBe(12);
    expect(open.next).toEqual(["Declare a detection: /dos probe declare A12"]);
    expect(linked.declareAlert).toBeUndefined();
    expect(linked.next).toEqual([]);
    expect(linked.lines).toContain("Linked incident: #4");
  });

  it("marks a resolved alert", () => {
    const reply = renderAlert(context("en"), alert({ state: "resolved", resolvedAt: new Date("2026-12-04T03:30:00Z") }));

    expect(reply.title).toMatch(/^\[Resolved\] Correlated degradation A12/);
    expect(reply.lines).toContain("Resolved 2026-12-04 12:30 +09:00 (lasted 30m)");
    expect(reply.lines.some((line) => line.includes("may be a simultaneous attack"))).toBe(false);
    expect(reply.declareAlert).toBeUndefined();
  });

  it("shows sector names in English", () => {
    const reply = renderAlert(context("en"), alert());

    expect(reply.title).toBe("Correlated degradation A12: 3 operators on 3 networks (Finance, Electric power)");
  });

  it("renders a connectivity warning", () => {
    const canaries = [
      { canary: "https://ref.example/", ok: false, failure: "timeout", totalMs: 5000 },
      { canary: "192.0.2.53:53", ok: true, failure: null, totalMs: 3 },
      { canary: "https://ref2.example/", ok: true, failure: null, statusCode: 503, totalMs: 40 },
    ];
    const reply = renderAlert(context("ja"), alert({ kind: "connectivity", rule: null, rules: "[]", members: JSON.stringify(canaries) }));

    expect(reply.title).toBe("観測側の接続障害の可能性 A12: カナリア 1/3 が失敗");
    expect(reply.lines).toContain("・https://ref.example/: タイムアウト 5000 ms");
    expect(reply.lines).toContain("・192.0.2.53:53: 正常 3 ms");
    expect(reply.lines).toContain("・https://ref2.example/: 到達 (HTTP 503) 40 ms");
    expect(reply.declareAlert).toBeUndefined();
  });
});

describe("renderAlertNote", () => {
  it("lists what changed", () => {
    const change = { joined: ["power"], recovered: ["shinkin"], degradedAgain: [], ruleFrom: "shared" as const, ruleTo: "operators" as const };

    const reply = renderAlertNote(context("ja"), alert(), { alertId: 12, revision: 1, at: UPDATED.toISOString(), event: "changed", change });

    expect(reply.title).toBe("A12 の更新");
    expect(reply.lines).toEqual(["追加: power", "回復: shinkin", "判定の変更: 共有基盤 → 複数事業者"]);
  });

  it("gives the duration on resolution", () => {
    const reply = renderAlertNote(context("en"), alert(), { alertId: 12, revision: 2, at: UPDATED.toISOString(), event: "resolved", durationMs: 42 * 60_000 });

    expect(reply.title).toBe("A12 resolved: every operator has been up for at least 5 minutes (lasted 42m)");
  });

  it("names the linked incident", () => {
    const reply = renderAlertNote(context("ja"), alert(), { alertId: 12, revision: 3, at: UPDATED.toISOString(), event: "linked", incidentId: 9, openedIncident: false });

    expect(reply.title).toBe("A12 を既存の事案 #9 に連携しました");
  });
});

describe("renderAlertList", () => {
  it("counts canaries for connectivity warnings", () => {
    const canaries = [
      { canary: "https://ref.example/", ok: false, failure: "timeout", totalMs: 5000 },
      { canary: "192.0.2.53:53", ok: true, failure: null, totalMs: 3 },
    ];
    const warning = alert({ id: 13, kind: "connectivity", rule: null, rules: "[]", members: JSON.stringify(canaries) });

    const reply = renderAlertList(context("ja"), [warning, alert()], [], "AMBER");

    expect(reply.title).toBe("ホームページ観測のアラート: 継続中 2 件、直近 7 日 2 件");
    expect(reply.lines[0]).toBe("A13 [継続中] 観測側の接続障害 カナリア 1/2 失敗 2026-12-04 12:00 +09:00 発生");
    expect(reply.lines[1]).toBe("A12 [継続中] 複数事業者 3事業者 2026-12-04 12:00 +09:00 発生");
  });
});
