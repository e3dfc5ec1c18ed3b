// A correlated-degradation alert in the Matrix room: the alert notice, its
// edit and thread note after an update, and a detection declared with !dos.

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { BroadcastRenderers } from "../../../src/bot/delivery/broadcast.ts";
import { storeDecision } from "../../../src/probe/correlate/alert-store.ts";
import { registerAlertRenderers } from "../../../src/probe/correlate/renderers.ts";
import type { AlertMember } from "../../../src/probe/correlate/types.ts";
import { DEFAULT_SECTORS } from "../../../src/probe/sectors.ts";
import { ALICE, BOT, botMessages, eventually, relationOf, say, startMatrixHarness, type MatrixHarness } from "./harness.ts";

let harness: MatrixHarness;

beforeEach(async () => {
  const broadcasts = new BroadcastRenderers();
  registerAlertRenderers(broadcasts, { sectors: DEFAULT_SECTORS, resolveAfterMinutes: 5 });
  harness = await startMatrixHarness({ broadcasts });
  await harness.startBot();
});

afterEach(async () => {
  await harness.close();
});

function member(operatorId: number, operator: string, sector: string): AlertMember {
  return {
    operatorId,
    operator,
    sector,
    since: "2026-12-04T02:55:00.000Z",
    joinedAt: "2026-12-04T02:57:00.000Z",
    recoveredAt: null,
    network: `198.51.100.${operatorId}/32`,
    addresses: [`198.51.100.${operatorId}`],
    failures: { timeout: 3 },
    medianMs: 10_000,
    urls: [`https://operator${operatorId}.example/`],
  };
}

const MEMBERS = [member(1, "例示銀行", "金融"), member(2, "例示電力", "電力"), member(3, "例示鉄道", "鉄道")];
const RULES = [{ rule: "operators" as const, operators: 3, networks: 3, minimum: 3 }];

describe("probe alert in Matrix", () => {
  it("posts, edits, notes, declares with !dos", async () => {
    const context = { db: harness.database.db, destinations: [harness.adapter!.destination], tlp: "AMBER" as const };
    const opened = await storeDecision(context, null, { kind: "open", rule: "operators", rules: RULES, members: MEMBERS }, new Date("2026-12-04T03:00:00Z"));
    harness.worker!.wake();

    const notice = await eventually(() => botMessages(harness).find((event) => String(event.content.body).includes(`同時多発的な応答低下 A${opened!.id}`)), 5_000, "alert notice");
    expect(relationOf(notice)).toBeUndefined();
    expect(notice.content.msgtype).toBe("m.notice");
    expect(String(notice.content.body)).toMatch(/^\[TLP:AMBER\] /);
    expect(String(notice.content.body)).toContain(`!dos 観測 宣言 A${opened!.id}`);

    const joined = [...MEMBERS, member(4, "例示ガス", "ガス")];
    const change = { joined: ["例示ガス"], recovered: [], degradedAgain: [], ruleFrom: null, ruleTo: null };
    await storeDecision(context, opened, { kind: "update", rule: "operators", rules: RULES, members: joined, change, degradedNow: true }, new Date("2026-12-04T03:02:00Z"));
    harness.worker!.wake();

    const edit = await eventually(() => botMessages(harness).find((event) => relationOf(event)?.rel_type === "m.replace"), 5_000, "alert edit");
    expect(relationOf(edit)?.event_id).toBe(notice.event_id);
    expect((edit.content["m.new_content"] as { body: string }).body).toContain("4事業者");
    const note = await eventually(() => botMessages(harness).find((event) => String(event.content.body).includes("追加: 例示ガス")), 5_000, "alert note");
    expect(relationOf(note)?.rel_type).toBe("m.thread");
    expect(relationOf(note)?.event_id).toBe(notice.event_id);

    say(harness, ALICE, `!dos 観測 宣言 A${opened!.id}`);
    const linked = await eventually(
      () => harness.database.db.probeAlert.findUnique({ where: { id: opened!.id } }).then((row) => (row?.incidentId ? row : undefined)),
      5_000,
      "linked alert",
    );
    const linkNote = await eventually(() => botMessages(harness).find((event) => String(event.content.body).includes(`事案 #${linked.incidentId} を開きました`)), 5_000, "link note");
    expect(relationOf(linkNote)?.event_id).toBe(notice.event_id);
    expect(harness.server.sentBy(BOT, "m.room.message").length).toBeGreaterThanOrEqual(4);
  });
});
