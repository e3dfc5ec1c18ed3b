import { spawn } from "node:child_process";
import path from "node:path";
import { createTask, type ScheduledTask } from "node-cron";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StoredBroadcast } from "../../../src/bot/delivery/broadcast.ts";
import { latestScheduledRun, runWeeklySummary, type WeeklySummaryJob } from "../../../src/bot/schedules/weekly-summary-job.ts";
import { openDatabase, type Database } from "../../../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { silentLogger } from "../../support/handler.ts";
import { destination } from "./context.ts";

const destinations = [destination("CAAA", "AMBER"), destination("CBBB", "RED")];
let task: ScheduledTask;
let database: TestDatabase;

beforeAll(() => {
  task = createTask("0 9 * * 1", () => {}, { timezone: "Asia/Tokyo" });
});

afterAll(async () => {
  await task.destroy();
});

beforeEach(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  await database.close();
});

function job(db: Database = database.db): WeeklySummaryJob {
  return { db, destinations, logger: silentLogger, timeZone: "Asia/Tokyo", graceHours: 24, matches: (minute) => task.match(minute) };
}

async function summaryPosts(db: Database = database.db) {
  const posts = await db.outboxPost.findMany({ where: { key: { startsWith: "weekly_summary:" } }, orderBy: { id: "asc" } });
  return posts.map((post) => ({ key: post.key, kind: post.kind, payload: (JSON.parse(post.payload!) as StoredBroadcast).payload as Record<string, unknown> }));
}

describe("latestScheduledRun", () => {
  it("finds Monday 09:00 in Tokyo", () => {
    const run = latestScheduledRun((minute) => task.match(minute), new Date("2026-12-07T05:00:00Z"), 24 * 3_600_000);
    expect(run?.toISOString()).toBe("2026-12-07T00:00:00.000Z");
  });
});

describe("weekly summary run", () => {
  // The run due on Monday 2026-12-07 09:00 JST (00:00 UTC) summarizes 2026-11-30 to 2026-12-06.
  it.each<[string, boolean | undefined]>([
    ["2026-12-07T00:00:00.000Z", false],
    ["2026-12-07T00:00:59.999Z", false],
    ["2026-12-07T00:01:00.000Z", true],
    ["2026-12-07T23:59:00.000Z", true],
    ["2026-12-08T00:00:00.000Z", true], // exactly 24 h later: still within the grace period
    ["2026-12-08T00:01:00.000Z", undefined], // grace period over
    ["2026-12-06T23:59:00.000Z", undefined], // before the run; last week's run is past its grace period
  ])("at %s stores late=%s", async (now, late) => {
    const weekStart = await runWeeklySummary(job(), new Date(now));
    const posts = await summaryPosts();
    if (late === undefined) {
      expect(weekStart).toBeUndefined();
      expect(posts).toEqual([]);
      return;
    }
    expect(weekStart).toBe("2026-11-30");
    expect(posts.map((post) => post.key)).toEqual(["weekly_summary:2026-11-30:slack:CAAA", "weekly_summary:2026-11-30:slack:CBBB"]);
    expect(posts[0]!.kind).toBe("broadcast");
    expect(posts[0]!.payload.late ?? false).toBe(late);
    expect(posts[0]!.payload.scheduledAt).toBe("2026-12-07T00:00:00.000Z");
  });

  it("stores each week once", async () => {
    await runWeeklySummary(job(), new Date("2026-12-07T00:00:00Z"));
    // A restart an hour later finds the run again and stores nothing.
    await runWeeklySummary(job(), new Date("2026-12-07T01:00:00Z"));
    const posts = await summaryPosts();
    expect(posts).toHaveLength(2);
    expect(posts.every((post) => post.payload.late === undefined)).toBe(true);
  });

  it("stores once for two clients", async () => {
    const second = await openDatabase(database.url);
    try {
      const times = ["2026-12-07T00:00:00Z", "2026-12-14T00:05:00Z", "2026-12-21T03:00:00Z"];
      for (const time of times) {
        await Promise.all([runWeeklySummary(job(), new Date(time)), runWeeklySummary(job(second.db), new Date(time))]);
      }
      const keys = (await summaryPosts()).map((post) => post.key);
      expect(keys).toHaveLength(6);
      expect(new Set(keys).size).toBe(6);
    } finally {
      await second.db.$disconnect();
    }
  });
});

describe("two processes", () => {
  const script = path.join(import.meta.dirname, "fixtures", "enqueue-summary.ts");
  const runChild = (times: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", script, database.url, ...times], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("exit", (code) => resolve({ code, stderr }));
    });

  it("enqueue one summary per week", async () => {
    const times = ["2026-12-07T00:00:00Z", "2026-12-14T00:00:00Z", "2026-12-21T00:00:00Z", "2026-12-28T00:00:00Z"];
    const results = await Promise.all([runChild(times), runChild(times)]);
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const keys = (await summaryPosts()).map((post) => post.key);
    expect(keys).toHaveLength(8);
    expect(new Set(keys).size).toBe(8);
  });
});
