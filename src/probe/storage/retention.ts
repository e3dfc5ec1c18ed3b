// Retention: deletes raw results and rollups older than their configured
// periods, but only rows already merged into the next rollup level. Deletes
// run in short time slices because better-sqlite3 blocks the event loop for
// the whole of each statement, and probes in flight would measure that wait.

import type { Database } from "../../db/client.ts";
import { DAY_SEC, FIVE_MINUTES_SEC, HOUR_SEC, readRollupMark } from "./rollup.ts";

export interface RetentionPolicy {
  rawDays: number;
  fiveMinuteDays: number;
  hourlyDays: number;
  /** Null keeps daily rollups forever. */
  dailyDays: number | null;
}

export interface RetentionRun {
  rawDeleted: number;
  /** Deleted rollups by resolution in seconds. */
  rollupsDeleted: Record<number, number>;
  /**
   * Tables whose deletion stopped early because the next rollup level has
   * not covered those rows yet, which means rollups are behind.
   */
  heldBack: string[];
}

const DAY_MS = DAY_SEC * 1000;

// Time covered by one DELETE statement. At 10,000 targets every 60 s, a raw
// slice contains about 50,000 rows and a 5-minute rollup slice about 60,000.
const SLICE_MS: Record<string, number> = {
  raw: 5 * 60_000,
  [FIVE_MINUTES_SEC]: 30 * 60_000,
  [HOUR_SEC]: 6 * 3_600_000,
  [DAY_SEC]: 7 * DAY_MS,
};

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function oldest(db: Database, sql: string, ...params: unknown[]): Promise<number | null> {
  const rows = await db.$queryRawUnsafe<Array<{ oldest: bigint | null }>>(sql, ...params);
  const value = rows[0]?.oldest;
  return value === null || value === undefined ? null : Number(value);
}

/** Deletes rows from `from` up to (not including) `cutoff`, one slice per statement. Returns the number deleted. */
async function deleteInSlices(
  from: number | null,
  cutoff: number,
  sliceMs: number,
  deleteRange: (start: number, end: number) => Promise<number>,
): Promise<number> {
  if (from === null) return 0;
  let deleted = 0;
  for (let start = from; start < cutoff; start += sliceMs) {
    deleted += await deleteRange(start, Math.min(start + sliceMs, cutoff));
    await yieldToEventLoop();
  }
  return deleted;
}

/**
 * Deletes expired rows. A raw result is deleted once it is older than
 * `rawDays` and its 5-minute bucket has been rolled up. A rollup is deleted
 * once it is older than its period and the level above covers it.
 */
export async function deleteExpired(db: Database, nowMs: number, policy: RetentionPolicy): Promise<RetentionRun> {
  const run: RetentionRun = { rawDeleted: 0, rollupsDeleted: {}, heldBack: [] };

  const fiveMinuteMark = (await readRollupMark(db, FIVE_MINUTES_SEC)) ?? Number.NEGATIVE_INFINITY;
  const rawExpiry = nowMs - policy.rawDays * DAY_MS;
  if (fiveMinuteMark < rawExpiry) run.heldBack.push("raw");
  const rawCutoff = Math.min(rawExpiry, fiveMinuteMark);
  run.rawDeleted = await deleteInSlices(
    await oldest(db, `SELECT MIN("startedAtMs") AS oldest FROM "ProbeResult"`),
    rawCutoff,
    SLICE_MS.raw!,
    (start, end) => db.$executeRawUnsafe(`DELETE FROM "ProbeResult" WHERE "startedAtMs" >= ? AND "startedAtMs" < ?`, start, end),
  );

  const levels: Array<{ resolutionSec: number; days: number | null; coveredBy: number | null }> = [
    { resolutionSec: FIVE_MINUTES_SEC, days: policy.fiveMinuteDays, coveredBy: HOUR_SEC },
    { resolutionSec: HOUR_SEC, days: policy.hourlyDays, coveredBy: DAY_SEC },
    { resolutionSec: DAY_SEC, days: policy.dailyDays, coveredBy: null },
  ];
  for (const level of levels) {
    run.rollupsDeleted[level.resolutionSec] = 0;
    if (level.days === null) continue;

    const expiry = nowMs - level.days * DAY_MS;
    const coverMark = level.coveredBy === null ? Number.POSITIVE_INFINITY : ((await readRollupMark(db, level.coveredBy)) ?? Number.NEGATIVE_INFINITY);
    if (coverMark < expiry) run.heldBack.push(`rollup ${level.resolutionSec} s`);
    // A bucket expires once it has ended before `expiry`, and is covered once it starts before the mark above.
    const endExclusive = Math.min(coverMark, expiry - level.resolutionSec * 1000 + 1);
    run.rollupsDeleted[level.resolutionSec] = await deleteInSlices(
      await oldest(db, `SELECT MIN("bucketStartMs") AS oldest FROM "ProbeRollup" WHERE "resolutionSec" = ?`, level.resolutionSec),
      endExclusive,
      SLICE_MS[level.resolutionSec]!,
      (start, end) =>
        db.$executeRawUnsafe(
          `DELETE FROM "ProbeRollup" WHERE "resolutionSec" = ? AND "bucketStartMs" >= ? AND "bucketStartMs" < ?`,
          level.resolutionSec,
          start,
          end,
        ),
    );
  }
  return run;
}
