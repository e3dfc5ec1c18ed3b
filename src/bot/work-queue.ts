// Runs platform commands one at a time after they were acknowledged. SQLite
// has a single writer anyway. Running commands serially also spaces out their
// synchronous database steps, so incoming requests are acknowledged between
// them instead of waiting behind a burst of concurrent commands.
import type { Logger } from "../log.ts";

/**
 * Waits for the event loop's next turn. better-sqlite3 returns results
 * synchronously, so a whole transaction can run as one chain of microtasks.
 * Without this turn, requests that arrived meanwhile would wait for every
 * queued job.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class WorkQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly logger: Logger) {}

  /** Queues `job`; its failure is logged and does not stop later jobs. */
  push(job: () => Promise<void>, ids: Record<string, unknown> = {}): Promise<void> {
    this.pending += 1;
    const run = this.tail
      .then(yieldToEventLoop)
      .then(job)
      .catch((error: unknown) => {
        this.logger.error({ err: error, ...ids }, "queued command failed");
      });
    this.tail = run.finally(() => {
      this.pending -= 1;
    });
    return this.tail;
  }

  /** Number of jobs queued or running. */
  size(): number {
    return this.pending;
  }

  /** Resolves when every job queued so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }
}
