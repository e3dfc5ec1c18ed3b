// Database size per stored row, measured in SQLite with the dbstat table,
// and the size per day and in steady state extrapolated from it.
//
// One day of raw results for `targets` targets is generated from the raw
// rows of the benchmark's real round, so outcomes, timings and field sizes
// are real. The rows are inserted in time order as production does, rolled
// up by the real rollup code, and measured per table.

import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { openDatabase, type Database } from "../src/db/client.ts";
import type { RetentionPolicy } from "../src/probe/storage/retention.ts";
import { runRollups } from "../src/probe/storage/rollup.ts";

export interface RowSizes {
  /** Targets in the measured day. */
  targets: number;
  rawRows: number;
  /** Bytes per row, including b-tree pages and their unused space. */
  rawBytesPerRow: number;
  fiveMinuteBytesPerRow: number;
  hourlyBytesPerRow: number;
  dailyBytesPerRow: number;
  /** Growth of the file after deleting the oldest 6 hours and inserting 6 new hours: near 0 when freed pages are reused. */
  cycleGrowthPercent: number;
}

const DAY_MS = 86_400_000;
const COLUMNS = `"startedAtMs", "targetId", "outcome", "timeoutPhase", "errorCode", "statusCode", "dnsMs", "connectMs", "tlsMs", "firstByteMs", "totalMs", "bytesRead", "addressId", "finalUrl", "certExpiresAtSec"`;

async function scalar(db: Database, sql: string, ...params: unknown[]): Promise<number> {
  const rows = await db.$queryRawUnsafe<Array<{ value: bigint | number | null }>>(sql, ...params);
  return Number(rows[0]?.value ?? 0);
}

async function tableBytes(db: Database, table: string): Promise<number> {
  return scalar(db, `SELECT SUM("pgsize") AS value FROM "dbstat" WHERE "name" = ?`, table);
}

async function fileBytes(db: Database): Promise<number> {
  return (await scalar(db, `SELECT "page_count" AS value FROM pragma_page_count()`)) * (await scalar(db, `SELECT "page_size" AS value FROM pragma_page_size()`));
}

/** Inserts `minutes` minutes of rows copied from the template, starting at `fromMinute` of the day. */
async function insertMinutes(db: Database, dayStart: number, fromMinute: number, minutes: number): Promise<void> {
  for (let minute = fromMinute; minute < fromMinute + minutes; minute += 60) {
    const last = Math.min(minute + 59, fromMinute + minutes - 1);
    await db.$executeRawUnsafe(
      `WITH RECURSIVE minutes(m) AS (SELECT ? UNION ALL SELECT m + 1 FROM minutes WHERE m < ?)
INSERT INTO "ProbeResult" (${COLUMNS})
SELECT ? + m * 60000 + t."offsetMs", t."targetId", t."outcome", t."timeoutPhase", t."errorCode", t."statusCode", t."dnsMs",
  t."connectMs", t."tlsMs", t."firstByteMs", t."totalMs", t."bytesRead", t."targetId", t."finalUrl", t."certExpiresAtSec"
FROM minutes CROSS JOIN "template" t ORDER BY m, t."offsetMs", t."targetId"`,
      minute,
      last,
      dayStart,
    );
  }
}

/**
 * Measures bytes per row for `targets` targets at one probe per minute.
 * `sourceFile` is the benchmark database whose raw rows serve as template;
 * it must hold at least `targets` targets' results of one round.
 */
export async function measureRowSizes(sourceFile: string, targets: number): Promise<RowSizes> {
  const directory = mkdtempSync(path.join(tmpdir(), "bench-size-"));
  const { db } = await openDatabase(`file:${path.join(directory, "size.db")}`);
  try {
    await db.$executeRawUnsafe(`ATTACH DATABASE ? AS source`, sourceFile);
    // Each target's first result, with its start offset inside the round's minute. The
    // address id becomes the target id, as if every target had its own address.
    await db.$executeRawUnsafe(`CREATE TEMP TABLE "template" AS
SELECT r.*, (r."startedAtMs" - (SELECT MIN("startedAtMs") FROM source."ProbeResult")) % 60000 AS "offsetMs"
FROM source."ProbeResult" r
WHERE r."targetId" <= ${Math.floor(targets)} AND r."startedAtMs" = (SELECT MIN(x."startedAtMs") FROM source."ProbeResult" x WHERE x."targetId" = r."targetId")`);
    await db.$executeRawUnsafe(`DETACH DATABASE source`);
    const templateRows = await scalar(db, `SELECT COUNT(*) AS value FROM "template"`);
    if (templateRows < targets) throw new Error(`Template has ${templateRows} targets, expected ${targets}`);

    const dayStart = Date.UTC(2026, 0, 1);
    await insertMinutes(db, dayStart, 0, 1440);
    const rawRows = await scalar(db, `SELECT COUNT(*) AS value FROM "ProbeResult"`);
    const rawBytesPerRow = (await tableBytes(db, "ProbeResult")) / rawRows;

    await runRollups(db, dayStart + DAY_MS + 60_000, 30_000);
    const perResolution: Record<number, number> = {};
    for (const resolution of [300, 3600, 86_400]) {
      const table = `rollup_${resolution}`;
      // Same columns and primary key as ProbeRollup, so the measured pages match.
      await db.$executeRawUnsafe(
        `CREATE TABLE "${table}" ("resolutionSec" INTEGER NOT NULL, "bucketStartMs" BIGINT NOT NULL, "targetId" INTEGER NOT NULL,
  "probeCount" INTEGER NOT NULL, "okCount" INTEGER NOT NULL, "slowCount" INTEGER NOT NULL, "failures" TEXT, "sumMs" INTEGER NOT NULL,
  "minMs" INTEGER, "maxMs" INTEGER, "medianMs" INTEGER, PRIMARY KEY ("resolutionSec", "bucketStartMs", "targetId")) WITHOUT ROWID`,
      );
      await db.$executeRawUnsafe(
        `INSERT INTO "${table}" SELECT * FROM "ProbeRollup" WHERE "resolutionSec" = ? ORDER BY "bucketStartMs", "targetId"`,
        resolution,
      );
      const rows = await scalar(db, `SELECT COUNT(*) AS value FROM "${table}"`);
      perResolution[resolution] = (await tableBytes(db, table)) / rows;
      await db.$executeRawUnsafe(`DROP TABLE "${table}"`);
    }

    // One retention cycle: free the oldest 6 hours, then insert 6 hours more.
    await db.$executeRawUnsafe(`PRAGMA wal_checkpoint(TRUNCATE)`);
    const before = await fileBytes(db);
    for (let start = dayStart; start < dayStart + 6 * 3_600_000; start += 300_000) {
      await db.$executeRawUnsafe(`DELETE FROM "ProbeResult" WHERE "startedAtMs" >= ? AND "startedAtMs" < ?`, start, start + 300_000);
    }
    await insertMinutes(db, dayStart, 1440, 360);
    await db.$executeRawUnsafe(`PRAGMA wal_checkpoint(TRUNCATE)`);
    const after = await fileBytes(db);

    return {
      targets,
      rawRows,
      rawBytesPerRow,
      fiveMinuteBytesPerRow: perResolution[300]!,
      hourlyBytesPerRow: perResolution[3600]!,
      dailyBytesPerRow: perResolution[86_400]!,
      cycleGrowthPercent: ((after - before) / before) * 100,
    };
  } finally {
    await db.$disconnect();
    rmSync(directory, { recursive: true, force: true });
  }
}

export interface SizeEstimate {
  targets: number;
  intervalSeconds: number;
  /** Bytes added per day: raw rows plus the rollups of that day. */
  perDayBytes: number;
  /** Bytes once every retention period is full. Daily rollups, kept forever, are counted for `dailyYears` years. */
  steadyBytes: number;
  /** Steady-state bytes per table part. */
  parts: { raw: number; fiveMinute: number; hourly: number; daily: number };
  dailyYears: number;
}

/** Extrapolates per-day and steady-state size from measured bytes per row. An estimate, not a measurement. */
export function estimateSize(sizes: RowSizes, targets: number, intervalSeconds: number, retention: RetentionPolicy, dailyYears = 1): SizeEstimate {
  const rawPerDay = targets * (86_400 / intervalSeconds) * sizes.rawBytesPerRow;
  const fiveMinutePerDay = targets * 288 * sizes.fiveMinuteBytesPerRow;
  const hourlyPerDay = targets * 24 * sizes.hourlyBytesPerRow;
  const dailyPerDay = targets * sizes.dailyBytesPerRow;
  const dailyDays = retention.dailyDays ?? 365 * dailyYears;
  const parts = {
    raw: rawPerDay * retention.rawDays,
    fiveMinute: fiveMinutePerDay * retention.fiveMinuteDays,
    hourly: hourlyPerDay * retention.hourlyDays,
    daily: dailyPerDay * dailyDays,
  };
  return {
    targets,
    intervalSeconds,
    perDayBytes: rawPerDay + fiveMinutePerDay + hourlyPerDay + dailyPerDay,
    steadyBytes: parts.raw + parts.fiveMinute + parts.hourly + parts.daily,
    parts,
    dailyYears,
  };
}

export function fileSize(file: string): number {
  return statSync(file).size;
}
