import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findDueReminders } from "../../../src/phases/reminders/due.ts";
import type { PreviousRepeatLookup } from "../../../src/phases/reminders/request-ack.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { createScenario, type Scenario } from "../summary/scenario.ts";
import { defaultRules, jst } from "./rules.ts";

// Meeting reminders are switched off so that each case shows one rule.
const rules = defaultRules({ retrospectiveMeeting: { ...defaultRules().retrospectiveMeeting, monthly: false, quarterly: false } });
const noPrevious: PreviousRepeatLookup = async () => undefined;

let database: TestDatabase;
let scenario: Scenario;

beforeEach(async () => {
  database = await createTestDatabase();
  scenario = createScenario(database);
});

afterEach(async () => {
  await database.close();
});

const dueKeys = async (at: string, previous: PreviousRepeatLookup = noPrevious) =>
  (await findDueReminders(database.db, scenario.directory, jst(at), rules, previous)).map((reminder) => reminder.key);

describe("expected start reminder", () => {
  beforeEach(async () => {
    await scenario.run("2026-12-07T10:00", "isp-a/alice", 'notice target=example.co.jp when="2026-12-07 21:00"');
  });

  it("is due from the expected start", async () => {
    expect(await dueKeys("2026-12-07T20:59")).toEqual([]);
    expect(await dueKeys("2026-12-07T21:00")).toEqual(["reminder:expected_start:1"]);
    expect(await dueKeys("2026-12-07T23:59")).toEqual(["reminder:expected_start:1"]);
    expect(await dueKeys("2026-12-08T00:00")).toEqual([]);
  });

  it("stops once every member answered", async () => {
    await scenario.run("2026-12-07T20:00", "isp-a/alice", "detect #1 observed=no");
    await scenario.run("2026-12-07T20:01", "isp-b/bob", "detect #1 vector=udp-flood");
    expect(await dueKeys("2026-12-07T21:00")).toEqual(["reminder:expected_start:1"]);
    await scenario.run("2026-12-07T20:02", "isp-c/carol", "detect #1 observed=no");
    expect(await dueKeys("2026-12-07T21:00")).toEqual([]);
  });

  it("skips closed incidents", async () => {
    await scenario.run("2026-12-07T20:00", "isp-a/alice", "close #1");
    expect(await dueKeys("2026-12-07T21:00")).toEqual([]);
  });
});

describe("request acknowledgement reminder", () => {
  beforeEach(async () => {
    await scenario.run("2026-12-07T10:00", "isp-a/alice", "detect target=example.co.jp vector=udp-flood");
    await scenario.run("2026-12-07T10:05", "isp-a/alice", "mitigate #1 action=rtbh");
    await scenario.run("2026-12-07T10:10", "isp-a/alice", "request #1 to=isp-b 上流でフィルタしてください");
  });

  it("numbers repeats from stored ones", async () => {
    expect(await dueKeys("2026-12-07T10:39")).toEqual([]);
    expect(await dueKeys("2026-12-07T10:40")).toEqual(["reminder:request_ack:1:1"]);
    const afterFirst: PreviousRepeatLookup = async () => ({ repeat: 1, at: jst("2026-12-07T10:40") });
    expect(await dueKeys("2026-12-07T11:09", afterFirst)).toEqual([]);
    expect(await dueKeys("2026-12-07T11:10", afterFirst)).toEqual(["reminder:request_ack:1:2"]);
  });

  it("stops after acknowledgement", async () => {
    await scenario.run("2026-12-07T10:20", "isp-b/bob", "ack R1");
    expect(await dueKeys("2026-12-07T10:40")).toEqual([]);
  });
});

describe("overdue nudges", () => {
  beforeEach(async () => {
    // Monday 10:00: incident #1 is opened under attack.
    await scenario.run("2026-12-07T10:00", "isp-a/alice", "detect target=example.co.jp vector=udp-flood");
  });

  it("nudges for a missing mitigation", async () => {
    expect(await dueKeys("2026-12-08T09:59")).toEqual([]);
    expect(await dueKeys("2026-12-08T10:00")).toEqual(["reminder:mitigation_overdue:1"]);
    // Only the retrospective nudge waits for business hours.
    expect(await dueKeys("2026-12-08T23:00")).toEqual(["reminder:mitigation_overdue:1"]);
  });

  it("stops after a mitigation", async () => {
    await scenario.run("2026-12-07T12:00", "isp-a/alice", "mitigate #1 action=acl");
    await scenario.run("2026-12-07T12:30", "isp-a/alice", "detect #1 status=ongoing");
    expect(await dueKeys("2026-12-09T10:00")).toEqual([]);
  });

  it("nudges for a missing retrospective", async () => {
    await scenario.run("2026-12-07T12:00", "isp-a/alice", "mitigate #1 action=acl");
    await scenario.run("2026-12-07T13:00", "isp-a/alice", "detect #1 status=ended");
    expect(await dueKeys("2026-12-10T12:59")).toEqual([]);
    expect(await dueKeys("2026-12-10T13:00")).toEqual(["reminder:retrospective_overdue:1"]);
    // Thursday 18:00 is after business hours.
    expect(await dueKeys("2026-12-10T18:00")).toEqual([]);
    await scenario.run("2026-12-10T12:00", "isp-a/alice", "review #1 lessons=…");
    expect(await dueKeys("2026-12-10T13:00")).toEqual([]);
  });
});
