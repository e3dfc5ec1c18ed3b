// Rollups: per-target aggregates over 5-minute, hourly and daily (UTC)
// buckets. 5-minute rollups are computed from raw results, hourly ones from
// 5-minute rollups and daily ones from hourly rollups, each inside SQLite so
// that no raw row is copied into JavaScript.

import type { Database } from "../../db/client.ts";

export const FIVE_MINUTES_SEC = 300;
export const HOUR_SEC = 3600;
export const DAY_SEC = 86_400;

/** Each resolution and the resolution it is merged from (null for raw results). */
export const ROLLUP_LEVELS: ReadonlyArray<{ resolutionSec: number; sourceSec: number | null }> = [
  { resolutionSec: FIVE_MINUTES_SEC, sourceSec: null },
  { resolutionSec: HOUR_SEC, sourceSec: FIVE_MINUTES_SEC },
  { resolutionSec: DAY_SEC, sourceSec: HOUR_SEC },
];

/** Maximum number of buckets that one call computes per resolution, so that catching up after downtime happens in bounded steps. */
const MAX_BUCKETS_PER_RUN = 288;

const ROLLUP_COLUMNS = `"resolutionSec", "bucketStartMs", "targetId", "probeCount", "okCount", "slowCount", "failures", "sumMs", "minMs", "maxMs", "medianMs"`;

// Parameters: bucket start, bucket end, then resolution and bucket start for the inserted rows.
// The median is exact: the middle value, or the rounded mean of the two middle values.
const FROM_RAW_SQL = `
WITH raw AS (
  SELECT "targetId", "outcome", "totalMs" FROM "ProbeResult" WHERE "startedAtMs" >= ? AND "startedAtMs" < ?
),
totals AS (
  SELECT "targetId",
    COUNT(*) AS probeCount,
    SUM("outcome" = 'ok') AS okCount,
    SUM("outcome" = 'slow') AS slowCount,
    SUM(CASE WHEN "outcome" IN ('ok', 'slow') THEN "totalMs" ELSE 0 END) AS sumMs,
    MIN(CASE WHEN "outcome" IN ('ok', 'slow') THEN "totalMs" END) AS minMs,
    MAX(CASE WHEN "outcome" IN ('ok', 'slow') THEN "totalMs" END) AS maxMs
  FROM raw GROUP BY "targetId"
),
failure_counts AS (
  SELECT "targetId", "outcome", COUNT(*) AS n FROM raw WHERE "outcome" NOT IN ('ok', 'slow') GROUP BY "targetId", "outcome"
),
failures AS (
  SELECT "targetId", json_group_object("outcome", n) AS failures FROM failure_counts GROUP BY "targetId"
),
ranked AS (
  SELECT "targetId", "totalMs",
    ROW_NUMBER() OVER (PARTITION BY "targetId" ORDER BY "totalMs") AS position,
    COUNT(*) OVER (PARTITION BY "targetId") AS responses
  FROM raw WHERE "outcome" IN ('ok', 'slow')
),
medians AS (
  SELECT "targetId", CAST(ROUND(AVG("totalMs")) AS INTEGER) AS medianMs
  FROM ranked WHERE position IN ((responses + 1) / 2, (responses + 2) / 2) GROUP BY "targetId"
)
INSERT OR REPLACE INTO "ProbeRollup" (${ROLLUP_COLUMNS})
SELECT ?, ?, t."targetId", t.probeCount, t.okCount, t.slowCount, f.failures, t.sumMs, t.minMs, t.maxMs, m.medianMs
FROM totals t LEFT JOIN failures f USING ("targetId") LEFT JOIN medians m USING ("targetId")`;

// Parameters: source resolution, bucket start, bucket end, then resolution and bucket start.
// The median is an estimate: the count-weighted median of the source buckets'
// medians, where a tie at exactly half the weight takes the mean of the two
// neighbouring values, as the median of an even count does.
const FROM_ROLLUPS_SQL = `
WITH source AS (
  SELECT * FROM "ProbeRollup" WHERE "resolutionSec" = ? AND "bucketStartMs" >= ? AND "bucketStartMs" < ?
),
totals AS (
  SELECT "targetId",
    SUM("probeCount") AS probeCount, SUM("okCount") AS okCount, SUM("slowCount") AS slowCount,
    SUM("sumMs") AS sumMs, MIN("minMs") AS minMs, MAX("maxMs") AS maxMs
  FROM source GROUP BY "targetId"
),
failure_counts AS (
  SELECT s."targetId", j.key AS outcome, SUM(j.value) AS n
  FROM source s, json_each(s."failures") j WHERE s."failures" IS NOT NULL GROUP BY s."targetId", j.key
),
failures AS (
  SELECT "targetId", json_group_object(outcome, n) AS failures FROM failure_counts GROUP BY "targetId"
),
weighted AS (
  SELECT "targetId", "medianMs",
    SUM("okCount" + "slowCount") OVER (PARTITION BY "targetId" ORDER BY "medianMs" ROWS UNBOUNDED PRECEDING) AS cumulative,
    SUM("okCount" + "slowCount") OVER (PARTITION BY "targetId") AS total
  FROM source WHERE "medianMs" IS NOT NULL
),
medians AS (
  SELECT "targetId", CAST(ROUND((
    MIN(CASE WHEN cumulative * 2 >= total THEN "medianMs" END) + MIN(CASE WHEN cumulative * 2 > total THEN "medianMs" END)
  ) / 2.0) AS INTEGER) AS medianMs
  FROM weighted GROUP BY "targetId"
)
INSERT OR REPLACE INTO "ProbeRollup" (${ROLLUP_COLUMNS})
SELECT ?, ?, t."targetId", t.probeCount, t.okCount, t.slowCount, f.failures, t.sumMs, t.minMs, t.maxMs, m.medianMs
FROM totals t LEFT JOIN failures f USING ("targetId") LEFT JOIN medians m USING ("targetId")`;

export function floorTo(ms: number, resolutionSec: number): number {
  const size = resolutionSec * 1000;
  return Math.floor(ms / size) * size;
}

/** Returns the end of the last complete bucket of `resolutionSec`, or null before the first run. */
export async function readRollupMark(db: Database, resolutionSec: number): Promise<number | null> {
  const mark = await db.probeRollupMark.findUnique({ where: { resolutionSec } });
  return mark === null ? null : Number(mark.doneUntilMs);
}

function writeMark(db: Database, resolutionSec: number, doneUntilMs: number) {
  return db.probeRollupMark.upsert({
    where: { resolutionSec },
    create: { resolutionSec, doneUntilMs: BigInt(doneUntilMs) },
    update: { doneUntilMs: BigInt(doneUntilMs) },
  });
}

/** Start of the first bucket to compute: the mark, or the oldest source row, or `untilMs` when there is none. */
async function firstBucket(db: Database, resolutionSec: number, sourceSec: number | null, untilMs: number): Promise<number> {
  const mark = await readRollupMark(db, resolutionSec);
  if (mark !== null) {
    return mark;
  }
  const rows =
    sourceSec === null
      ? await db.$queryRawUnsafe<Array<{ oldest: bigint | null }>>(`SELECT MIN("startedAtMs") AS oldest FROM "ProbeResult"`)
      : await db.$queryRawUnsafe<Array<{ oldest: bigint | null }>>(
          `SELECT MIN("bucketStartMs") AS oldest FROM "ProbeRollup" WHERE "resolutionSec" = ?`,
          sourceSec,
        );
  const oldest = rows[0]?.oldest;
  return oldest === null || oldest === undefined ? floorTo(untilMs, resolutionSec) : floorTo(Number(oldest), resolutionSec);
}

export interface RollupRun {
  resolutionSec: number;
  buckets: number;
  /** The resolution's mark after the run, or null when it has none yet. */
  doneUntilMs: number | null;
}

/**
 * Computes every complete bucket of one resolution that ends at or before
 * `untilMs` and after the stored mark, at most MAX_BUCKETS_PER_RUN of them.
 * Each bucket and the mark move in one transaction. Buckets are replaced,
 * not added to, so running twice gives the same rows.
 */
export async function rollUpLevel(
  db: Database,
  level: { resolutionSec: number; sourceSec: number | null },
  untilMs: number,
): Promise<RollupRun> {
  const { resolutionSec, sourceSec } = level;
  const sizeMs = resolutionSec * 1000;
  const end = floorTo(untilMs, resolutionSec);
  let start = await firstBucket(db, resolutionSec, sourceSec, untilMs);
  let buckets = 0;

  while (start + sizeMs <= end && buckets < MAX_BUCKETS_PER_RUN) {
    const bucketEnd = start + sizeMs;
    const statement =
      sourceSec === null
        ? db.$executeRawUnsafe(FROM_RAW_SQL, start, bucketEnd, resolutionSec, start)
        : db.$executeRawUnsafe(FROM_ROLLUPS_SQL, sourceSec, start, bucketEnd, resolutionSec, start);
    await db.$transaction([statement, writeMark(db, resolutionSec, bucketEnd)]);
    start = bucketEnd;
    buckets += 1;
  }
  if (buckets === 0 && (await readRollupMark(db, resolutionSec)) === null && start <= end) {
    // No source rows yet: start the mark here, so later runs do not scan for the oldest row again.
    await writeMark(db, resolutionSec, start);
  }
  return { resolutionSec, buckets, doneUntilMs: await readRollupMark(db, resolutionSec) };
}

/**
 * Computes all due rollups. 5-minute buckets are due once they ended
 * `lagMs` ago, which leaves time for probes still in flight and buffered
 * writes. Hourly and daily buckets follow the marks of the level below.
 */
export async function runRollups(db: Database, nowMs: number, lagMs: number): Promise<RollupRun[]> {
  const runs: RollupRun[] = [];
  let untilMs = nowMs - lagMs;
  for (const level of ROLLUP_LEVELS) {
    const run = await rollUpLevel(db, level, untilMs);
    runs.push(run);
    untilMs = run.doneUntilMs ?? 0;
  }
  return runs;
}
