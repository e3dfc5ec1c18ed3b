// The alert actions of /dos probe through the command handler, as the
// console runs them: declare from an alert (new incident or an open one that
// names the same targets), silences and the alert list.

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { CommandHandler, HandleResult } from "../../../src/bot/handle.ts";
import type { MemberDirectory } from "../../../src/phases/actor.ts";
import type { AlertMember } from "../../../src/probe/correlate/types.ts";
import { syncSectors, DEFAULT_SECTORS } from "../../../src/probe/sectors.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { createTestHandler } from "../../support/handler.ts";
import { addTargets } from "../support/storage.ts";

const NOW = new Date("2026-12-04T03:00:00Z");

let database: TestDatabase;
let handler: CommandHandler;
let directory: MemberDirectory;

function replyOf(result: HandleResult) {
  if (result.duplicate) throw new Error("expected a reply, got a duplicate");
  return result.reply;
}

function member(operator: string, url: string): AlertMember {
  return {
    operatorId: 1,
    operator,
    sector: "金融",
    since: "2026-12-04T02:55:00.000Z",
    joinedAt: "2026-12-04T02:57:00.000Z",
    recoveredAt: null,
    network: null,
    addresses: [],
    failures: { timeout: 3 },
    medianMs: 10_000,
    urls: [url],
  };
}

async function storeAlert(kind: "correlated" | "connectivity", members: AlertMember[] = []): Promise<number> {
  const alert = await database.db.probeAlert.create({
    data: {
      kind,
      state: "open",
      rule: kind === "correlated" ? "operators" : null,
      rules: "[]",
      members: JSON.stringify(members),
      tlp: "AMBER",
      openedAt: NOW,
      updatedAt: NOW,
      lastDegradedAt: NOW,
    },
  });
  return alert.id;
}

beforeEach(async () => {
  database = await createTestDatabase();
  await syncSectors(database.db, DEFAULT_SECTORS);
  ({ handler, directory } = createTestHandler(database, () => NOW));
});

afterEach(async () => {
  await database.close();
});

describe("probe declare", () => {
  it("opens an incident from the alert", async () => {
    const alertId = await storeAlert("correlated", [member("例示銀行", "https://www.bank.example/"), member("例示電力", "https://www.power.example/")]);
    const alice = directory.actor("isp-a", "alice", "console");

    const reply = replyOf(await handler.handle(`probe declare A${alertId}`, alice, "ja"));

    expect(reply.isError).toBe(false);
    const alert = await database.db.probeAlert.findUniqueOrThrow({ where: { id: alertId } });
    expect(alert.incidentId).not.toBeNull();
    expect(reply.lines[0]).toBe(`A${alertId} から事案 #${alert.incidentId} を開き、検知を登録しました`);
    const incident = await database.db.incident.findUniqueOrThrow({ where: { id: alert.incidentId! } });
    expect(incident.state).toBe("under_attack");
    expect(incident.tlp).toBe("AMBER");
    const detection = await database.db.detection.findFirstOrThrow({ where: { incidentId: incident.id } });
    expect(JSON.parse(detection.targets)).toEqual([
      { kind: "url", value: "https://www.bank.example/" },
      { kind: "url", value: "https://www.power.example/" },
    ]);
    expect(detection.startedAt?.toISOString()).toBe("2026-12-04T02:55:00.000Z");
  });

  it("joins an open incident naming the targets", async () => {
    const alice = directory.actor("isp-a", "alice", "console");
    replyOf(await handler.handle("notice target=www.bank.example attacker=Anon", alice, "ja"));
    const noticeIncident = await database.db.incident.findFirstOrThrow();
    const alertId = await storeAlert("correlated", [member("例示銀行", "https://www.bank.example/")]);

    const reply = replyOf(await handler.handle(`観測 宣言 A${alertId}`, alice, "ja"));

    expect(reply.lines[0]).toContain(`事案 #${noticeIncident.id} に検知を登録`);
    expect(await database.db.incident.count()).toBe(1);
    const alert = await database.db.probeAlert.findUniqueOrThrow({ where: { id: alertId } });
    expect(alert.incidentId).toBe(noticeIncident.id);
  });

  it("rejects a missing alert", async () => {
    const reply = replyOf(await handler.handle("probe declare A99", directory.actor("isp-a", "alice", "console"), "en"));

    expect(reply.isError).toBe(true);
    expect(reply.title).toContain("Alert A99 not found");
  });

  it("rejects a connectivity warning", async () => {
    const alertId = await storeAlert("connectivity");

    const reply = replyOf(await handler.handle(`probe declare A${alertId}`, directory.actor("isp-a", "alice", "console"), "en"));

    expect(reply.title).toContain("prober connectivity warning");
    expect(await database.db.incident.count()).toBe(0);
  });

  it("rejects a second declaration", async () => {
    const alertId = await storeAlert("correlated", [member("例示銀行", "https://www.bank.example/")]);
    const alice = directory.actor("isp-a", "alice", "console");
    replyOf(await handler.handle(`probe declare A${alertId}`, alice, "ja"));

    const reply = replyOf(await handler.handle(`probe declare A${alertId}`, directory.actor("isp-b", "bob", "console"), "ja"));

    expect(reply.isError).toBe(true);
    expect(reply.title).toContain("連携済み");
    expect(await database.db.detection.count()).toBe(1);
  });

  it("rejects an unregistered member", async () => {
    const alertId = await storeAlert("correlated", [member("例示銀行", "https://www.bank.example/")]);

    const reply = replyOf(await handler.handle(`probe declare A${alertId}`, directory.actor("isp-x", "mallory", "console"), "en"));

    expect(reply.isError).toBe(true);
    const alert = await database.db.probeAlert.findUniqueOrThrow({ where: { id: alertId } });
    expect(alert.incidentId).toBeNull();
  });
});

describe("probe silence", () => {
  beforeEach(async () => {
    await addTargets(database.db, [{ operator: "例示銀行", sector: "金融", url: "https://www.bank.example/" }]);
  });

  it("sets a sector silence and lists it", async () => {
    const root = directory.actor("isp-c", "root", "console");

    const set = replyOf(await handler.handle('観測 抑止 金融 until="12/04 18:00" reason="定期メンテナンス"', root, "ja"));
    const list = replyOf(await handler.handle("観測 アラート", root, "ja"));

    expect(set.isError).toBe(false);
    expect(set.title).toContain("金融 (分野)");
    const silence = await database.db.probeSilence.findFirstOrThrow();
    expect([silence.scope, silence.name, silence.endsAt.toISOString(), silence.reason]).toEqual(["sector", "金融", "2026-12-04T09:00:00.000Z", "定期メンテナンス"]);
    expect(list.lines).toContain("抑止・メンテナンス:");
    expect(list.lines.some((line) => line.startsWith(`S${silence.id} 金融 (分野)`))).toBe(true);
  });

  it("sets an operator maintenance window", async () => {
    const root = directory.actor("isp-c", "root", "console");

    replyOf(await handler.handle('probe silence 例示銀行 from="12/05 02:00" until="12/05 04:00"', root, "en"));

    const silence = await database.db.probeSilence.findFirstOrThrow();
    expect([silence.scope, silence.startsAt.toISOString(), silence.endsAt.toISOString()]).toEqual(["operator", "2026-12-04T17:00:00.000Z", "2026-12-04T19:00:00.000Z"]);
  });

  it.each([
    ["member", "isp-a", "alice", 'probe silence 金融 until="12/04 18:00"', "Only administrators"],
    ["unknown name", "isp-c", "root", 'probe silence "No Such Co" until="12/04 18:00"', 'No probed operator or sector is named "No Such Co"'],
    ["past end", "isp-c", "root", 'probe silence 金融 until="12/04 10:00"', "in the past"],
    ["end before start", "isp-c", "root", 'probe silence 金融 from="12/04 20:00" until="12/04 19:00"', "later than the start"],
  ])("rejects %s", async (_name, org, user, text, message) => {
    const reply = replyOf(await handler.handle(text, directory.actor(org, user, "console"), "en"));

    expect(reply.isError).toBe(true);
    expect(reply.title).toContain(message);
    expect(await database.db.probeSilence.count()).toBe(0);
  });

  it("asks for a scope when a name is both", async () => {
    await addTargets(database.db, [{ operator: "金融", sector: "電力", url: "https://kinyu.example/" }]);
    const root = directory.actor("isp-c", "root", "console");

    const ambiguous = replyOf(await handler.handle('probe silence 金融 until="12/04 18:00"', root, "ja"));
    const scoped = replyOf(await handler.handle('probe silence 事業者=金融 until="12/04 18:00"', root, "ja"));

    expect(ambiguous.isError).toBe(true);
    expect(ambiguous.title).toBe("「金融」は分野名でも事業者名でもあります。事業者=金融 か 分野=金融 のように指定してください");
    expect(scoped.isError).toBe(false);
    const silence = await database.db.probeSilence.findFirstOrThrow();
    expect([silence.scope, silence.name]).toEqual(["operator", "金融"]);
  });

  it("cancels a silence once", async () => {
    const root = directory.actor("isp-c", "root", "console");
    replyOf(await handler.handle('probe silence 金融 until="12/04 18:00"', root, "en"));
    const silence = await database.db.probeSilence.findFirstOrThrow();

    const first = replyOf(await handler.handle(`probe unsilence S${silence.id}`, root, "en"));
    const second = replyOf(await handler.handle(`probe unsilence S${silence.id}`, root, "en"));

    expect(first.isError).toBe(false);
    expect(second.isError).toBe(true);
    expect(second.title).toContain("not found or already ended");
  });
});

describe("probe alerts", () => {
  it("lists open and recent alerts", async () => {
    const alertId = await storeAlert("correlated", [member("例示銀行", "https://www.bank.example/")]);

    const reply = replyOf(await handler.handle("probe alerts", directory.actor("isp-a", "alice", "console"), "en"));

    expect(reply.tlp).toBe("AMBER");
    expect(reply.title).toBe("Homepage probe alerts: 1 open, 1 in the last 7 days");
    expect(reply.lines[0]).toMatch(new RegExp(`^A${alertId} \\[open\\] several operators, 1 operator, started 2026-12-04 12:00 \\+09:00$`));
  });

  it("shows one alert in full", async () => {
    const alertId = await storeAlert("correlated", [member("例示銀行", "https://www.bank.example/")]);

    const reply = replyOf(await handler.handle(`観測 アラート A${alertId}`, directory.actor("isp-a", "alice", "console"), "ja"));

    expect(reply.title).toContain(`同時多発的な応答低下 A${alertId}`);
    expect(reply.lines.some((line) => line.startsWith("・例示銀行 (金融)"))).toBe(true);
    expect(reply.next).toEqual([`検知を宣言する: /dos 観測 宣言 A${alertId}`]);
  });

  it("rejects a missing alert in full", async () => {
    const reply = replyOf(await handler.handle("probe alerts A404", directory.actor("isp-a", "alice", "console"), "en"));

    expect(reply.isError).toBe(true);
    expect(reply.title).toContain("Alert A404 not found");
  });

  it("says when there are none", async () => {
    const reply = replyOf(await handler.handle("観測 アラート", directory.actor("isp-a", "alice", "console"), "ja"));

    expect(reply.lines).toEqual(["直近 7 日のアラートはありません"]);
  });
});
