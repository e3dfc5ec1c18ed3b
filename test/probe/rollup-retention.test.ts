import { afterEach, beforeEach, describe, expect, test } from "vitest";

import type { Database } from "../../src/db/client.ts";
import { createResultWriter } from "../../src/probe/storage/result-writer.ts";
import { deleteExpired } from "../../src/probe/storage/retention.ts";
import { readRollupMark, runRollups } from "../../src/probe/storage/rollup.ts";
import type { TestDatabase } from "../support/database.ts";
import { addTargets, openProbeDatabase, recordsFor, type ResultSpec } from "./support/storage.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// A UTC midnight, so that hours and days start on it.
const T0 = Date.UTC(2026, 11, 1);
const LAG = 30_000;

let database: TestDatabase;
let steady: number;
let flaky: number;

beforeEach(async () => {
  database = await openProbeDatabase();
  const ids = await addTargets(database.db, [
    { operator: "Steady", sector: "金融", url: "https://steady.example/" },
    { operator: "Flaky", sector: "金融", url: "https://flaky.example/" },
  ]);
  steady = ids[0]!;
  flaky = ids[1]!;
});

afterEach(async () => {
  await database.close();
});

async function store(specs: ResultSpec[]): Promise<void> {
  const writer = createResultWriter({ databaseFile: database.file });
  for (const record of recordsFor(specs)) await writer.add(record);
  await writer.close();
}

/** Builds one result per minute per target for `minutes` minutes from `start`. */
function everyMinute(start: number, minutes: number): ResultSpec[] {
  const specs: ResultSpec[] = [];
  for (let minute = 0; minute < minutes; minute += 1) {
    const at = start + minute * MINUTE;
    // Steady: 100, 110, 120, 130, 140 ms in every 5-minute bucket.
    specs.push({ targetId: steady, at, totalMs: 100 + (minute % 5) * 10 });
    // Flaky: 200 ms, except a timeout in the last minute of every 5-minute bucket.
    specs.push(minute % 5 === 4 ? { targetId: flaky, at, outcome: "timeout", totalMs: 10_000 } : { targetId: flaky, at, totalMs: 200 });
  }
  return specs;
}

async function rollups(db: Database, resolutionSec: number) {
  return db.probeRollup.findMany({ where: { resolutionSec }, orderBy: [{ bucketStartMs: "asc" }, { targetId: "asc" }] });
}

async function rawCount(db: Database): Promise<number> {
  const rows = await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT COUNT(*) AS n FROM "ProbeResult"`);
  return Number(rows[0]!.n);
}

describe("rollups", () => {
  test("five-minute buckets from raw", async () => {
    await store(everyMinute(T0, 120));

    await runRollups(database.db, T0 + 2 * HOUR + MINUTE, LAG);

    const rows = await rollups(database.db, 300);
    expect(rows).toHaveLength(48);
    expect(rows[0]).toMatchObject({
      bucketStartMs: BigInt(T0),
      targetId: steady,
      probeCount: 5,
      okCount: 5,
      slowCount: 0,
      failures: null,
      sumMs: 600,
      minMs: 100,
      maxMs: 140,
      medianMs: 120,
    });
    expect(rows[1]).toMatchObject({
      targetId: flaky,
      probeCount: 5,
      okCount: 4,
      failures: '{"timeout":1}',
      sumMs: 800,
      minMs: 200,
      maxMs: 200,
      medianMs: 200,
    });
  });

  test("hourly merges five-minute buckets", async () => {
    await store(everyMinute(T0, 120));

    await runRollups(database.db, T0 + 2 * HOUR + MINUTE, LAG);

    const rows = await rollups(database.db, 3600);
    expect(rows.map((row) => [Number(row.bucketStartMs) - T0, row.targetId])).toEqual([
      [0, steady],
      [0, flaky],
      [HOUR, steady],
      [HOUR, flaky],
    ]);
    expect(rows[0]).toMatchObject({ probeCount: 60, okCount: 60, sumMs: 7200, minMs: 100, maxMs: 140, medianMs: 120, failures: null });
    expect(rows[1]).toMatchObject({ probeCount: 60, okCount: 48, sumMs: 9600, medianMs: 200, failures: '{"timeout":12}' });
  });

  test("daily follows complete hours", async () => {
    const specs: ResultSpec[] = [];
    for (let at = T0; at < T0 + 25 * HOUR; at += 10 * MINUTE) specs.push({ targetId: steady, at, totalMs: 150 });
    await store(specs);

    const runs = await runRollups(database.db, T0 + 25 * HOUR + MINUTE, LAG);

    // One run computes at most 288 buckets per level, so it stops after the first day.
    expect(runs.map((run) => run.buckets)).toEqual([288, 24, 1]);
    const daily = await rollups(database.db, 86_400);
    expect(daily).toHaveLength(1);
    expect(daily[0]).toMatchObject({ bucketStartMs: BigInt(T0), probeCount: 144, okCount: 144, medianMs: 150 });
  });

  test("recent bucket waits for lag", async () => {
    await store(everyMinute(T0, 10));

    await runRollups(database.db, T0 + 10 * MINUTE + LAG - 1, LAG);
    expect(await readRollupMark(database.db, 300)).toBe(T0 + 5 * MINUTE);

    await runRollups(database.db, T0 + 10 * MINUTE + LAG, LAG);
    expect(await readRollupMark(database.db, 300)).toBe(T0 + 10 * MINUTE);
  });

  test("running twice changes nothing", async () => {
    await store(everyMinute(T0, 60));
    await runRollups(database.db, T0 + HOUR + MINUTE, LAG);
    const first = await rollups(database.db, 300);

    const runs = await runRollups(database.db, T0 + HOUR + MINUTE, LAG);

    expect(runs.map((run) => run.buckets)).toEqual([0, 0, 0]);
    expect(await rollups(database.db, 300)).toEqual(first);
  });

  test("catch-up runs in bounded steps", async () => {
    await store([{ targetId: steady, at: T0 }]);

    const first = await runRollups(database.db, T0 + 2 * DAY + LAG, LAG);
    const second = await runRollups(database.db, T0 + 2 * DAY + LAG, LAG);

    expect(first[0]!.buckets).toBe(288);
    expect(second[0]!.buckets).toBe(288);
    expect(await readRollupMark(database.db, 300)).toBe(T0 + 2 * DAY);
  });
});

describe("retention", () => {
  const policy = { rawDays: 1, fiveMinuteDays: 2, hourlyDays: 8, dailyDays: null };

  test("raw rows deleted after expiry", async () => {
    await store(everyMinute(T0, 120));
    await runRollups(database.db, T0 + 2 * HOUR + MINUTE, LAG);

    const run = await deleteExpired(database.db, T0 + DAY + 30 * MINUTE, policy);

    expect(run).toEqual({ rawDeleted: 60, rollupsDeleted: { 300: 0, 3600: 0, 86400: 0 }, heldBack: [] });
    expect(await rawCount(database.db)).toBe(180);
  });

  test("unrolled raw rows kept", async () => {
    await store(everyMinute(T0, 120));
    await runRollups(database.db, T0 + HOUR + MINUTE, LAG);

    const run = await deleteExpired(database.db, T0 + 10 * DAY, policy);

    expect(run.rawDeleted).toBe(120);
    expect(run.heldBack).toContain("raw");
    expect(await rawCount(database.db)).toBe(120);
  });

  test("rollups deleted once covered", async () => {
    await store(everyMinute(T0, 120));
    await runRollups(database.db, T0 + 2 * HOUR + MINUTE, LAG);

    const run = await deleteExpired(database.db, T0 + 3 * DAY, policy);

    expect(run.rawDeleted).toBe(240);
    expect(run.rollupsDeleted).toEqual({ 300: 48, 3600: 0, 86400: 0 });
    expect(run.heldBack).toEqual(["raw", "rollup 300 s"]);
    expect(await rollups(database.db, 300)).toEqual([]);
    expect(await rollups(database.db, 3600)).toHaveLength(4);
  });

  test("daily kept without limit", async () => {
    await database.db.probeRollup.create({
      data: { resolutionSec: 86_400, bucketStartMs: BigInt(T0), targetId: steady, probeCount: 1, okCount: 1, slowCount: 0, sumMs: 100 },
    });

    const forever = await deleteExpired(database.db, T0 + 1000 * DAY, policy);
    const limited = await deleteExpired(database.db, T0 + 1000 * DAY, { ...policy, dailyDays: 365 });

    expect(forever.rollupsDeleted[86_400]).toBe(0);
    expect(limited.rollupsDeleted[86_400]).toBe(1);
  });
});
