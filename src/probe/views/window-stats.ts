// Availability and median response time per target over the last hour, day
// or week. The hour comes from raw results. The day and the week come from
// hourly rollups up to the hourly mark, plus raw results after it.

import type { Database } from "../../db/client.ts";
import { floorTo, HOUR_SEC, readRollupMark } from "../storage/rollup.ts";

export const WINDOW_NAMES = ["hour", "day", "week"] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

export const WINDOW_MS: Record<WindowName, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** Probe counts and response time of one target or group over one window. */
export interface WindowStats {
  probes: number;
  /** Probes whose outcome was ok or slow: the page loaded as expected. */
  available: number;
  /** Median total time in ms of the available probes, or null when there were none. */
  medianMs: number | null;
}

export interface WindowPlan {
  /** Hourly rollup buckets that start in [start, end). Empty when start equals end. */
  rollups: { start: number; end: number };
  /** Raw results that started in [start, end). */
  raw: { start: number; end: number };
}

/**
 * Splits a window ending at `nowMs` into rollup and raw ranges. The day and
 * the week start at a whole hour, so they cover up to one hour more than
 * 24 hours or 7 days.
 */
export function planWindow(window: WindowName, nowMs: number, hourlyMark: number | null): WindowPlan {
  if (window === "hour") {
    return { rollups: { start: nowMs, end: nowMs }, raw: { start: nowMs - WINDOW_MS.hour, end: nowMs } };
  }
  const start = floorTo(nowMs - WINDOW_MS[window], HOUR_SEC);
  const rollupEnd = hourlyMark === null ? start : Math.min(Math.max(hourlyMark, start), nowMs);
  return { rollups: { start, end: rollupEnd }, raw: { start: rollupEnd, end: nowMs } };
}

/** Returns the median of weighted values. A tie at exactly half the weight takes the mean of its two neighbours. */
export function weightedMedian(samples: ReadonlyArray<{ value: number; weight: number }>): number | null {
  const sorted = samples.filter((sample) => sample.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, sample) => sum + sample.weight, 0);
  if (total === 0) return null;

  let cumulative = 0;
  for (let index = 0; index < sorted.length; index += 1) {
    cumulative += sorted[index]!.weight;
    if (cumulative * 2 > total) return sorted[index]!.value;
    if (cumulative * 2 === total) return (sorted[index]!.value + sorted[index + 1]!.value) / 2;
  }
  return sorted.at(-1)!.value;
}

/**
 * Combines the stats of several targets. The median is the count-weighted
 * median of the targets' medians, which estimates the median of all their
 * probes.
 */
export function combineStats(parts: readonly WindowStats[]): WindowStats {
  return {
    probes: parts.reduce((sum, part) => sum + part.probes, 0),
    available: parts.reduce((sum, part) => sum + part.available, 0),
    medianMs: weightedMedian(
      parts.filter((part) => part.medianMs !== null).map((part) => ({ value: part.medianMs!, weight: part.available })),
    ),
  };
}

/** Returns available / probes, or null when there were no probes. */
export function availabilityOf(stats: WindowStats): number | null {
  return stats.probes === 0 ? null : stats.available / stats.probes;
}

const TARGET_FILTER = `AND "targetId" IN (SELECT value FROM json_each(?))`;

function countsSql(filtered: boolean): string {
  const filter = filtered ? TARGET_FILTER : "";
  return `
SELECT "targetId", SUM(probes) AS probes, SUM(available) AS available FROM (
  SELECT "targetId", "probeCount" AS probes, "okCount" + "slowCount" AS available
  FROM "ProbeRollup" WHERE "resolutionSec" = ${HOUR_SEC} AND "bucketStartMs" >= ? AND "bucketStartMs" < ? ${filter}
  UNION ALL
  SELECT "targetId", COUNT(*), SUM("outcome" IN ('ok', 'slow'))
  FROM "ProbeResult" WHERE "startedAtMs" >= ? AND "startedAtMs" < ? ${filter} GROUP BY "targetId"
) GROUP BY "targetId"`;
}

// Hourly rollups enter the median with their median and their count as weight, raw results with weight 1.
function mediansSql(filtered: boolean): string {
  const filter = filtered ? TARGET_FILTER : "";
  return `
WITH samples AS (
  SELECT "targetId", "medianMs" AS value, "okCount" + "slowCount" AS weight
  FROM "ProbeRollup" WHERE "resolutionSec" = ${HOUR_SEC} AND "bucketStartMs" >= ? AND "bucketStartMs" < ? AND "medianMs" IS NOT NULL ${filter}
  UNION ALL
  SELECT "targetId", "totalMs", 1
  FROM "ProbeResult" WHERE "startedAtMs" >= ? AND "startedAtMs" < ? AND "outcome" IN ('ok', 'slow') ${filter}
),
ranked AS (
  SELECT "targetId", value,
    SUM(weight) OVER (PARTITION BY "targetId" ORDER BY value ROWS UNBOUNDED PRECEDING) AS cumulative,
    SUM(weight) OVER (PARTITION BY "targetId") AS total
  FROM samples
)
SELECT "targetId",
  (MIN(CASE WHEN cumulative * 2 >= total THEN value END) + MIN(CASE WHEN cumulative * 2 > total THEN value END)) / 2.0 AS medianMs
FROM ranked GROUP BY "targetId"`;
}

/**
 * Loads the stats of each target over `window`, for the given target ids or
 * for all targets when `targetIds` is null. Targets without probes in the
 * window are missing from the map.
 */
export async function loadWindowStats(
  db: Database,
  window: WindowName,
  nowMs: number,
  targetIds: readonly number[] | null,
): Promise<Map<number, WindowStats>> {
  const plan = planWindow(window, nowMs, await readRollupMark(db, HOUR_SEC));
  const filtered = targetIds !== null;
  const ids = JSON.stringify(targetIds ?? []);
  const params = filtered
    ? [plan.rollups.start, plan.rollups.end, ids, plan.raw.start, plan.raw.end, ids]
    : [plan.rollups.start, plan.rollups.end, plan.raw.start, plan.raw.end];

  const counts = await db.$queryRawUnsafe<Array<{ targetId: number; probes: bigint | number; available: bigint | number }>>(
    countsSql(filtered),
    ...params,
  );
  const medians = await db.$queryRawUnsafe<Array<{ targetId: number; medianMs: number | null }>>(mediansSql(filtered), ...params);
  const medianById = new Map(medians.map((row) => [Number(row.targetId), row.medianMs === null ? null : Number(row.medianMs)]));

  const stats = new Map<number, WindowStats>();
  for (const row of counts) {
    const targetId = Number(row.targetId);
    stats.set(targetId, { probes: Number(row.probes), available: Number(row.available), medianMs: medianById.get(targetId) ?? null });
  }
  return stats;
}
