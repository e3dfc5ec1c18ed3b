// The host's zone must not move week boundaries or the Monday 09:00 run in
// Asia/Tokyo. This file runs with the host zone set to America/New_York,
// across its DST changes on 2026-03-08 and 2026-11-01.
import { createTask } from "node-cron";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runWeeklySummary } from "../../../src/bot/schedules/weekly-summary-job.ts";
import { latestScheduledRun } from "../../../src/bot/schedules/weekly-summary-job.ts";
import { isBusinessTime } from "../../../src/phases/reminders/business-hours.ts";
import { computeWeeklySummary } from "../../../src/phases/summary/compute.ts";
import { lastCompleteWeek, weekContaining, weekStartingOn } from "../../../src/phases/summary/week.ts";
import { createTestDatabase } from "../../support/database.ts";
import { silentLogger } from "../../support/handler.ts";
import { createScenario } from "../../phases/summary/scenario.ts";
import { defaultRules } from "../../phases/reminders/rules.ts";
import { destination } from "./context.ts";

const TOKYO = "Asia/Tokyo";
const HOURS_PER_WEEK = 168;
const originalZone = process.env.TZ;

beforeAll(() => {
  // Node applies a changed TZ to Date at once.
  process.env.TZ = "America/New_York";
});

afterAll(() => {
  if (originalZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalZone;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("host zone America/New_York", () => {
  it("changes the host offset", () => {
    expect(new Date("2026-03-07T12:00:00Z").getTimezoneOffset()).toBe(300);
    expect(new Date("2026-03-09T12:00:00Z").getTimezoneOffset()).toBe(240);
    expect(new Date("2026-10-31T12:00:00Z").getTimezoneOffset()).toBe(240);
    expect(new Date("2026-11-02T12:00:00Z").getTimezoneOffset()).toBe(300);
  });

  it.each([
    ["2026-03-02", "2026-03-01T15:00:00.000Z", "2026-03-08T15:00:00.000Z"],
    ["2026-03-09", "2026-03-08T15:00:00.000Z", "2026-03-15T15:00:00.000Z"],
    ["2026-10-26", "2026-10-25T15:00:00.000Z", "2026-11-01T15:00:00.000Z"],
    ["2026-11-02", "2026-11-01T15:00:00.000Z", "2026-11-08T15:00:00.000Z"],
  ])("keeps Tokyo week %s at 168 hours", (monday, start, end) => {
    const week = weekStartingOn(monday, TOKYO);
    expect(week.start.toISOString()).toBe(start);
    expect(week.end.toISOString()).toBe(end);
    expect((week.end.getTime() - week.start.getTime()) / 3_600_000).toBe(HOURS_PER_WEEK);
  });

  it.each([
    // 02:00 in New York is skipped at 07:00 UTC; in Tokyo it is Sunday 16:00.
    ["2026-03-08T07:00:00Z", "2026-03-02"],
    ["2026-03-08T14:59:59Z", "2026-03-02"],
    ["2026-03-08T15:00:00Z", "2026-03-09"],
    // 01:30 happens twice in New York on 2026-11-01.
    ["2026-11-01T05:30:00Z", "2026-10-26"],
    ["2026-11-01T06:30:00Z", "2026-10-26"],
    ["2026-11-01T15:00:00Z", "2026-11-02"],
  ])("puts %s in Tokyo week %s", (instant, monday) => {
    expect(weekContaining(new Date(instant), TOKYO).startDate).toBe(monday);
  });

  it.each([
    ["2026-03-09T05:00:00Z", "2026-03-09T00:00:00.000Z", "2026-03-02"],
    ["2026-11-02T05:00:00Z", "2026-11-02T00:00:00.000Z", "2026-10-26"],
  ])("finds the run before %s", async (now, run, week) => {
    const task = createTask("0 9 * * 1", () => {}, { timezone: TOKYO });
    try {
      const found = latestScheduledRun((minute) => task.match(minute), new Date(now), 24 * 3_600_000);
      expect(found?.toISOString()).toBe(run);
      expect(lastCompleteWeek(found!, TOKYO).startDate).toBe(week);
    } finally {
      await task.destroy();
    }
  });

  it("reads business hours in Tokyo", () => {
    const { businessHours } = defaultRules();
    expect(isBusinessTime(new Date("2026-03-09T00:00:00Z"), TOKYO, businessHours)).toBe(true);
    expect(isBusinessTime(new Date("2026-11-02T08:59:00Z"), TOKYO, businessHours)).toBe(true);
    expect(isBusinessTime(new Date("2026-11-02T09:00:00Z"), TOKYO, businessHours)).toBe(false);
  });
});

describe("node-cron across New York DST", () => {
  it.each([
    // Sunday 01:00 EST, an hour before clocks go forward.
    ["2026-03-08T06:00:00Z", "2026-03-09T00:00:00.000Z"],
    // Sunday 00:00 EDT, two hours before clocks go back.
    ["2026-11-01T04:00:00Z", "2026-11-02T00:00:00.000Z"],
  ])("fires once from %s at %s", async (start, expected) => {
    vi.useFakeTimers({ now: new Date(start) });
    const fired: string[] = [];
    const task = createTask("0 9 * * 1", () => void fired.push(new Date().toISOString()), { timezone: TOKYO });
    try {
      await task.start();
      expect(task.getNextRun()?.toISOString()).toBe(expected);
      await vi.advanceTimersByTimeAsync(3 * 24 * 3_600_000);
      expect(fired).toEqual([expected]);
    } finally {
      await task.destroy();
    }
  });
});

describe("weekly summary job in New York", () => {
  it("summarizes the Tokyo week", async () => {
    const database = await createTestDatabase();
    const task = createTask("0 9 * * 1", () => {}, { timezone: TOKYO });
    try {
      const scenario = createScenario(database);
      // Sunday 23:30 and Monday 00:30 in Tokyo, on the day New York moves its clocks.
      await scenario.run("2026-03-08T23:30", "isp-a/alice", "notice target=inside.example.jp");
      await scenario.run("2026-03-09T00:30", "isp-a/alice", "notice target=outside.example.jp");

      const job = { db: database.db, destinations: [destination("C1", "AMBER")], logger: silentLogger, timeZone: TOKYO, graceHours: 24, matches: (minute: Date) => task.match(minute) };
      expect(await runWeeklySummary(job, new Date("2026-03-09T00:00:00Z"))).toBe("2026-03-02");
      const summary = await computeWeeklySummary(database.db, weekStartingOn("2026-03-02", TOKYO), new Date("2026-03-09T00:00:00Z"));
      expect(summary.notices.map((notice) => notice.item.targets)).toEqual([["inside.example.jp"]]);
    } finally {
      await task.destroy();
      await database.close();
    }
  });
});
