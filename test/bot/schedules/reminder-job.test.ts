import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoredBroadcast } from "../../../src/bot/delivery/broadcast.ts";
import { runReminderTick, type ReminderJob } from "../../../src/bot/schedules/reminder-job.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { silentLogger } from "../../support/handler.ts";
import { createScenario, type Scenario } from "../../phases/summary/scenario.ts";
import { defaultRules, jst } from "../../phases/reminders/rules.ts";
import { destination } from "./context.ts";

const MINUTE = 60_000;
const destinations = [destination("CAAA", "AMBER")];
let database: TestDatabase;
let scenario: Scenario;
let job: ReminderJob;

beforeEach(async () => {
  database = await createTestDatabase();
  scenario = createScenario(database);
  job = { db: database.db, directory: scenario.directory, destinations, logger: silentLogger, rules: defaultRules() };
});

afterEach(async () => {
  await database.close();
});

/** Runs a tick every `stepMinutes` from `from` up to and including `to` (Japan time). */
async function tickEvery(stepMinutes: number, from: string, to: string): Promise<void> {
  for (let at = jst(from).getTime(); at <= jst(to).getTime(); at += stepMinutes * MINUTE) await runReminderTick(job, new Date(at));
}

async function reminderPosts(prefix: string) {
  const posts = await database.db.outboxPost.findMany({ where: { key: { startsWith: prefix } }, orderBy: { id: "asc" } });
  return posts.map((post) => ({
    key: post.key,
    kind: post.kind,
    incidentId: post.incidentId,
    payload: (JSON.parse(post.payload!) as StoredBroadcast).payload as Record<string, unknown>,
  }));
}

describe("request acknowledgement repeats", () => {
  beforeEach(async () => {
    await scenario.run("2026-12-11T17:00", "isp-a/alice", "detect target=example.co.jp vector=udp-flood");
    await scenario.run("2026-12-11T17:05", "isp-a/alice", "mitigate #1 action=rtbh");
  });

  it("waits for business hours when not urgent", async () => {
    // Friday 17:50; the first repeat would be due at 18:20, after closing.
    await scenario.run("2026-12-11T17:50", "isp-a/alice", "request #1 to=isp-b フィルタ依頼");
    await tickEvery(15, "2026-12-11T18:00", "2026-12-14T12:00");
    const posts = await reminderPosts("reminder:request_ack:");
    expect(posts.map((post) => [post.key, post.payload.at])).toEqual([
      ["reminder:request_ack:1:1:slack:CAAA", jst("2026-12-14T09:00").toISOString()],
      ["reminder:request_ack:1:2:slack:CAAA", jst("2026-12-14T09:30").toISOString()],
      ["reminder:request_ack:1:3:slack:CAAA", jst("2026-12-14T10:00").toISOString()],
    ]);
    expect(posts[0]!.kind).toBe("thread_note");
    expect(posts[0]!.incidentId).toBe(1);
  });

  it("repeats urgent requests at night", async () => {
    await scenario.run("2026-12-12T03:00", "isp-a/alice", "request #1 to=isp-b urgent=yes 緊急のフィルタ依頼");
    await tickEvery(5, "2026-12-12T03:00", "2026-12-12T06:00");
    const posts = await reminderPosts("reminder:request_ack:");
    expect(posts.map((post) => post.payload.at)).toEqual(["2026-12-12T03:30", "2026-12-12T04:00", "2026-12-12T04:30"].map((at) => jst(at).toISOString()));
  });

  it("stops once acknowledged", async () => {
    await scenario.run("2026-12-14T10:00", "isp-a/alice", "request #1 to=isp-b フィルタ依頼");
    await tickEvery(5, "2026-12-14T10:00", "2026-12-14T10:50");
    await scenario.run("2026-12-14T10:55", "isp-b/bob", "ack R1");
    await tickEvery(5, "2026-12-14T11:00", "2026-12-14T13:00");
    expect((await reminderPosts("reminder:request_ack:")).map((post) => post.key)).toEqual(["reminder:request_ack:1:1:slack:CAAA"]);
  });
});

describe("reminder tick", () => {
  it("stores a due reminder once", async () => {
    await scenario.run("2026-12-07T10:00", "isp-a/alice", 'notice target=example.co.jp when="2026-12-07 21:00"');
    expect(await runReminderTick(job, jst("2026-12-07T21:00"))).toBe(1);
    // The same tick again, as after a restart or in a second process.
    expect(await runReminderTick(job, jst("2026-12-07T21:00"))).toBe(0);
    expect(await runReminderTick(job, jst("2026-12-07T21:01"))).toBe(0);
    const posts = await reminderPosts("reminder:expected_start:");
    expect(posts).toEqual([{ key: "reminder:expected_start:1:slack:CAAA", kind: "thread_note", incidentId: 1, payload: { noticeId: 1 } }]);
  });

  it("posts meeting reminders to the channel", async () => {
    await runReminderTick(job, jst("2026-12-01T10:00"));
    const posts = await reminderPosts("reminder:retrospective_meeting:");
    expect(posts.map((post) => [post.key, post.kind, post.incidentId])).toEqual([["reminder:retrospective_meeting:month:2026-11:slack:CAAA", "broadcast", null]]);
  });

  it("honours disabled rules", async () => {
    const rules = defaultRules();
    job = { ...job, rules: { ...rules, expectedStart: { ...rules.expectedStart, enabled: false } } };
    await scenario.run("2026-12-07T10:00", "isp-a/alice", 'notice target=example.co.jp when="2026-12-07 21:00"');
    expect(await runReminderTick(job, jst("2026-12-07T21:00"))).toBe(0);
  });
});
