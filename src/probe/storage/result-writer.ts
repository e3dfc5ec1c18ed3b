// Batched writer for probe results, health snapshots and health transitions.
// Results are buffered and written in one transaction per flush, with up to
// `batchSize` rows per INSERT statement, so that a round of 10,000 probes
// costs a few dozen statements instead of 10,000 transactions.

import type { Database } from "../../db/client.ts";
import type { HealthSnapshot, HealthTransition } from "../health.ts";
import type { ProbeLogger, ProbeResult } from "../types.ts";
import { RESULT_COLUMNS, toResultRow, type ResultRow } from "./result-row.ts";

export interface ResultRecord {
  /** Database id of the target. */
  targetId: number;
  result: ProbeResult;
  /** Health after this result. */
  health: HealthSnapshot;
  transition: HealthTransition | null;
}

export interface ResultWriterOptions {
  db: Database;
  logger?: ProbeLogger;
  /** Rows per INSERT statement, and the buffer size that starts a write at once. */
  batchSize?: number;
  /** Maximum time in milliseconds that a result waits in the buffer. */
  flushIntervalMs?: number;
  /** Buffered results kept while the database fails. Beyond it the oldest are dropped and counted. */
  maxBuffered?: number;
}

export interface ResultWriterStats {
  written: number;
  transactions: number;
  failedTransactions: number;
  dropped: number;
  buffered: number;
}

// Statements per transaction: one flush writes at most this many batches.
const BATCHES_PER_TRANSACTION = 10;

const RESULT_PLACEHOLDERS = `(${RESULT_COLUMNS.map((column) =>
  column === "address" ? `(SELECT "id" FROM "ProbeAddress" WHERE "address" = ?)` : "?",
).join(", ")})`;
const RESULT_INSERT_HEAD = `INSERT OR IGNORE INTO "ProbeResult" (${RESULT_COLUMNS.map((column) =>
  column === "address" ? `"addressId"` : `"${column}"`,
).join(", ")}) VALUES `;

// Health rows and transitions of a target that no longer exists are skipped
// by this filter, so one stale record cannot fail the whole transaction on a
// foreign key. Raw results have no foreign key and are always stored.
const KNOWN_TARGET = `WHERE column1 IN (SELECT "id" FROM "ProbeTarget")`;
const HEALTH_INSERT_HEAD = `INSERT INTO "TargetHealth" ("targetId", "state", "snapshot", "lastProbeMs", "lastOutcome", "lastTotalMs", "lastAddress")
SELECT column1, column2, column3, column4, column5, column6, column7 FROM (VALUES `;
const TRANSITION_INSERT_HEAD = `INSERT INTO "HealthTransition" ("targetId", "at", "fromState", "toState", "reason", "evidence")
SELECT column1, column2, column3, column4, column5, column6 FROM (VALUES `;
// A probe that failed before connecting has no address, so the last known one is kept for the shared-address views.
const HEALTH_UPSERT_TAIL = ` ON CONFLICT ("targetId") DO UPDATE SET
  "state" = excluded."state",
  "snapshot" = excluded."snapshot",
  "lastProbeMs" = excluded."lastProbeMs",
  "lastOutcome" = excluded."lastOutcome",
  "lastTotalMs" = excluded."lastTotalMs",
  "lastAddress" = COALESCE(excluded."lastAddress", "TargetHealth"."lastAddress")`;

/** A record reduced to the values that are written, so that the buffer keeps no ProbeResult alive. */
interface PendingWrite {
  targetId: number;
  row: ResultRow;
  address: string | null;
  state: string;
  snapshotJson: string;
  transition: { at: Date; fromState: string; toState: string; reason: string; evidence: string } | null;
}

function toPendingWrite(record: ResultRecord): PendingWrite {
  const { transition } = record;
  return {
    targetId: record.targetId,
    row: toResultRow(record.targetId, record.result),
    address: record.result.address,
    state: record.health.state,
    snapshotJson: JSON.stringify(record.health),
    transition:
      transition === null
        ? null
        : {
            at: new Date(transition.at),
            fromState: transition.from,
            toState: transition.to,
            reason: transition.reason,
            evidence: JSON.stringify({ evidence: transition.evidence, baselineMedianMs: transition.baselineMedianMs }),
          },
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

export class ResultWriter {
  readonly #db: Database;
  readonly #logger: ProbeLogger | undefined;
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  readonly #maxBuffered: number;
  #buffer: PendingWrite[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;
  #closed = false;
  /** performance.now() before which a full buffer waits for the retry timer instead of writing at once. */
  #backOffUntil = 0;
  readonly #stats = { written: 0, transactions: 0, failedTransactions: 0, dropped: 0 };

  constructor(options: ResultWriterOptions) {
    this.#db = options.db;
    this.#logger = options.logger;
    this.#batchSize = options.batchSize ?? 500;
    this.#flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.#maxBuffered = options.maxBuffered ?? 100_000;
  }

  /**
   * Buffers one record. Returns a promise only when the buffer has grown past
   * ten batches, so a round that awaits it slows down while the database
   * catches up. Throws after close().
   */
  add(record: ResultRecord): Promise<void> | undefined {
    if (this.#closed) {
      throw new Error("ResultWriter is closed");
    }
    this.#buffer.push(toPendingWrite(record));
    if (this.#buffer.length >= this.#batchSize && performance.now() >= this.#backOffUntil) {
      const flushing = this.flush();
      return this.#buffer.length >= this.#batchSize * BATCHES_PER_TRANSACTION ? flushing : undefined;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.#flushIntervalMs);
    return undefined;
  }

  /** Writes everything buffered. Resolves when the buffer is empty or a write failed. Never rejects. */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#flushing ??= this.#drain().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  /** Writes what is buffered and rejects further records. Results that still fail to be written are logged and lost. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#flushing;
    await this.flush();
    if (this.#buffer.length > 0) {
      this.#logger?.warn({ lost: this.#buffer.length }, "Probe results could not be written before closing, so they are lost");
    }
  }

  stats(): ResultWriterStats {
    return { ...this.#stats, buffered: this.#buffer.length };
  }

  async #drain(): Promise<void> {
    while (this.#buffer.length > 0) {
      const writing = this.#buffer.splice(0, this.#batchSize * BATCHES_PER_TRANSACTION);
      try {
        await this.#write(writing);
        this.#stats.written += writing.length;
        this.#stats.transactions += 1;
      } catch (error) {
        this.#stats.failedTransactions += 1;
        this.#backOffUntil = performance.now() + this.#flushIntervalMs;
        this.#requeue(writing);
        this.#logger?.warn(
          { err: error, records: writing.length, buffered: this.#buffer.length, dropped: this.#stats.dropped },
          "Writing probe results failed, so they stay buffered for the next attempt",
        );
        if (!this.#closed) {
          this.#timer ??= setTimeout(() => {
            this.#timer = null;
            void this.flush();
          }, this.#flushIntervalMs);
        }
        return;
      }
    }
  }

  #requeue(records: PendingWrite[]): void {
    this.#buffer = [...records, ...this.#buffer];
    const excess = this.#buffer.length - this.#maxBuffered;
    if (excess > 0) {
      this.#buffer.splice(0, excess);
      this.#stats.dropped += excess;
    }
  }

  async #write(records: readonly PendingWrite[]): Promise<void> {
    const db = this.#db;
    const statements = [];

    const addresses = [...new Set(records.map((record) => record.address).filter((address) => address !== null))];
    for (const batch of chunks(addresses, this.#batchSize)) {
      statements.push(
        db.$executeRawUnsafe(`INSERT OR IGNORE INTO "ProbeAddress" ("address") VALUES ${batch.map(() => "(?)").join(", ")}`, ...batch),
      );
    }

    for (const batch of chunks(records, this.#batchSize)) {
      statements.push(
        db.$executeRawUnsafe(RESULT_INSERT_HEAD + batch.map(() => RESULT_PLACEHOLDERS).join(", "), ...batch.flatMap((record) => record.row)),
      );
    }

    // Only the latest snapshot of each target matters, with the latest address any of its results had.
    const latest = new Map<number, { record: PendingWrite; address: string | null }>();
    for (const record of records) {
      const address = record.address ?? latest.get(record.targetId)?.address ?? null;
      latest.set(record.targetId, { record, address });
    }
    for (const batch of chunks([...latest.values()], this.#batchSize)) {
      const values = batch.flatMap(({ record, address }) => [
        record.targetId,
        record.state,
        record.snapshotJson,
        record.row[0],
        record.row[2],
        record.row[10],
        address,
      ]);
      const sql = `${HEALTH_INSERT_HEAD}${batch.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}) ${KNOWN_TARGET}${HEALTH_UPSERT_TAIL}`;
      statements.push(db.$executeRawUnsafe(sql, ...values));
    }

    const transitions = records.filter((record) => record.transition !== null);
    for (const batch of chunks(transitions, this.#batchSize)) {
      const values = batch.flatMap(({ targetId, transition }) => [
        targetId,
        transition!.at,
        transition!.fromState,
        transition!.toState,
        transition!.reason,
        transition!.evidence,
      ]);
      const sql = `${TRANSITION_INSERT_HEAD}${batch.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}) ${KNOWN_TARGET}`;
      statements.push(db.$executeRawUnsafe(sql, ...values));
    }

    await db.$transaction(statements);
  }
}

export function createResultWriter(options: ResultWriterOptions): ResultWriter {
  return new ResultWriter(options);
}
