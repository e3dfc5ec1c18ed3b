// Batched writer for probe results, health snapshots and health transitions.
// Results are buffered and written in one transaction per batch of
// `batchSize` results, so that a round of 10,000 probes costs about twenty
// transactions instead of 10,000. The transactions run synchronously in a
// ResultStore (sqlite-result-store.ts), and the writer yields to the event
// loop between them so that probes in flight keep their timing.

import { setImmediate as nextTurn } from "node:timers/promises";

import type { ProbeLogger } from "../types.ts";
import { toPendingWrite, type PendingWrite, type ResultRecord } from "./pending-write.ts";
import { openSqliteResultStore, type ResultStore } from "./sqlite-result-store.ts";

export type { ResultRecord } from "./pending-write.ts";

export interface ResultWriterOptions {
  /** Path of the migrated SQLite file. The writer opens its own connection to it and closes it in close(). */
  databaseFile?: string;
  /** Store used instead of a connection to `databaseFile`. Tests inject failures here. */
  store?: ResultStore;
  logger?: ProbeLogger;
  /** Results per transaction, and the buffer size that starts a write at once. */
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

/** Buffered batches beyond which add() returns a promise that the caller should await. */
const BACKPRESSURE_BATCHES = 10;

export class ResultWriter {
  readonly #store: ResultStore;
  readonly #logger: ProbeLogger | undefined;
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  readonly #maxBuffered: number;
  #buffer: PendingWrite[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;
  #closed = false;
  #storeClosed = false;
  /** performance.now() before which a full buffer waits for the retry timer instead of writing at once. */
  #backOffUntil = 0;
  readonly #stats = { written: 0, transactions: 0, failedTransactions: 0, dropped: 0 };

  constructor(options: ResultWriterOptions) {
    if (options.store) {
      this.#store = options.store;
    } else if (options.databaseFile !== undefined) {
      this.#store = openSqliteResultStore(options.databaseFile);
    } else {
      throw new TypeError("ResultWriter needs a databaseFile or a store");
    }
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
      return this.#buffer.length >= this.#batchSize * BACKPRESSURE_BATCHES ? flushing : undefined;
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

  /**
   * Writes what is buffered, rejects further records and closes the store.
   * Results that still fail to be written are logged and lost.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#flushing;
    await this.flush();
    if (this.#buffer.length > 0) {
      this.#logger?.warn({ lost: this.#buffer.length }, "Probe results could not be written before closing, so they are lost");
    }
    if (!this.#storeClosed) {
      this.#storeClosed = true;
      this.#store.close();
    }
  }

  stats(): ResultWriterStats {
    return { ...this.#stats, buffered: this.#buffer.length };
  }

  async #drain(): Promise<void> {
    while (this.#buffer.length > 0) {
      const writing = this.#buffer.splice(0, this.#batchSize);
      try {
        this.#store.write(writing);
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
      // Each transaction blocks the event loop, so probes in flight get a turn before the next one.
      await nextTurn();
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
}

export function createResultWriter(options: ResultWriterOptions): ResultWriter {
  return new ResultWriter(options);
}
