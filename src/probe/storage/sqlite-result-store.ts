// Writes buffered probe results, health snapshots and transitions through a
// dedicated better-sqlite3 connection with prepared statements. These are the
// most frequent writes of the bot, so they skip Prisma's per-query work
// (query compiler, argument conversion). Prisma stays in use for everything
// else. Tables and columns are those of prisma/schema.prisma.

import BetterSqlite3 from "better-sqlite3";

import type { PendingWrite } from "./pending-write.ts";
import { RESULT_COLUMNS } from "./result-row.ts";

/** Writes one batch of records in one transaction, or throws and writes nothing. */
export interface ResultStore {
  write(records: readonly PendingWrite[]): void;
  close(): void;
}

/** Short, like the Prisma connection's: a write that finds the database locked fails and the writer retries it later. */
const BUSY_TIMEOUT_MS = 100;

const INSERT_ADDRESS = `INSERT OR IGNORE INTO "ProbeAddress" ("address") VALUES (?)`;

const INSERT_RESULT = `INSERT OR IGNORE INTO "ProbeResult" (${RESULT_COLUMNS.map((column) =>
  column === "address" ? `"addressId"` : `"${column}"`,
).join(", ")}) VALUES (${RESULT_COLUMNS.map((column) =>
  column === "address" ? `(SELECT "id" FROM "ProbeAddress" WHERE "address" = ?)` : "?",
).join(", ")})`;

// Health rows and transitions of a target that no longer exists are skipped
// by the WHERE clause, so one stale record cannot fail the whole transaction
// on a foreign key. Raw results have no foreign key and are always stored.
// A probe that failed before connecting has no address, so the last known
// one is kept for the shared-address views.
const UPSERT_HEALTH = `INSERT INTO "TargetHealth" ("targetId", "state", "snapshot", "lastProbeMs", "lastOutcome", "lastTotalMs", "lastAddress")
SELECT @targetId, @state, @snapshot, @lastProbeMs, @lastOutcome, @lastTotalMs, @lastAddress
WHERE EXISTS (SELECT 1 FROM "ProbeTarget" WHERE "id" = @targetId)
ON CONFLICT ("targetId") DO UPDATE SET
  "state" = excluded."state",
  "snapshot" = excluded."snapshot",
  "lastProbeMs" = excluded."lastProbeMs",
  "lastOutcome" = excluded."lastOutcome",
  "lastTotalMs" = excluded."lastTotalMs",
  "lastAddress" = COALESCE(excluded."lastAddress", "TargetHealth"."lastAddress")`;

const INSERT_TRANSITION = `INSERT INTO "HealthTransition" ("targetId", "at", "fromState", "toState", "reason", "evidence")
SELECT @targetId, @at, @fromState, @toState, @reason, @evidence
WHERE EXISTS (SELECT 1 FROM "ProbeTarget" WHERE "id" = @targetId)`;

// Positions in ResultRow (result-row.ts).
const STARTED_AT = 0;
const OUTCOME = 2;
const TOTAL_MS = 10;
const ADDRESS = 12;

/**
 * Opens a connection to the migrated SQLite file at `filePath` and prepares
 * the statements. Throws when the file or one of the tables is missing.
 */
export function openSqliteResultStore(filePath: string): ResultStore {
  const connection = new BetterSqlite3(filePath, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    connection.pragma("journal_mode = WAL");
    connection.pragma("synchronous = NORMAL");
    const insertAddress = connection.prepare(INSERT_ADDRESS);
    const insertResult = connection.prepare(INSERT_RESULT);
    const upsertHealth = connection.prepare(UPSERT_HEALTH);
    const insertTransition = connection.prepare(INSERT_TRANSITION);

    const writeAll = connection.transaction((records: readonly PendingWrite[]) => {
      // Only the latest snapshot of each target is stored, with the latest address any of its results had.
      const latest = new Map<number, { record: PendingWrite; address: string | null }>();
      for (const record of records) {
        const address = record.row[ADDRESS];
        if (address !== null) insertAddress.run(address);
        insertResult.run(record.row);
        latest.set(record.targetId, { record, address: address ?? latest.get(record.targetId)?.address ?? null });
      }
      for (const { record, address } of latest.values()) {
        const { row } = record;
        upsertHealth.run({
          targetId: record.targetId,
          state: record.state,
          snapshot: record.snapshotJson,
          lastProbeMs: row[STARTED_AT],
          lastOutcome: row[OUTCOME],
          lastTotalMs: row[TOTAL_MS],
          lastAddress: address,
        });
      }
      for (const record of records) {
        const { transition } = record;
        if (transition === null) continue;
        insertTransition.run({ targetId: record.targetId, ...transition });
      }
    });

    return {
      write: (records) => writeAll(records),
      close: () => connection.close(),
    };
  } catch (error) {
    connection.close();
    throw error;
  }
}
