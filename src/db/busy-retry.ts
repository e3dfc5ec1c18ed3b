// SQLite through better-sqlite3 is synchronous: while it waits for another
// process's write lock, the whole Node event loop waits too, and no Slack or
// Matrix request can be acknowledged. The connection's busy timeout is kept
// short, and transactions that meet a busy database are retried here with
// an asynchronous backoff instead.
const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 1_000;
const GIVE_UP_AFTER_MS = 60_000;

/** True for errors that mean "another connection holds the lock": SQLITE_BUSY and SQLITE_LOCKED. */
export function isBusyError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const record = current as { code?: unknown; originalCode?: unknown; meta?: unknown; cause?: unknown; driverAdapterError?: unknown };
    for (const code of [record.code, record.originalCode]) {
      if (typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))) return true;
    }
    const meta = record.meta as { driverAdapterError?: unknown } | undefined;
    current = meta?.driverAdapterError ?? record.driverAdapterError ?? record.cause;
  }
  return false;
}

/** Runs `work` (a whole transaction), retrying it while the database is busy. */
export async function retryWhileBusy<T>(work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let delay = FIRST_DELAY_MS;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isBusyError(error) || Date.now() - started > GIVE_UP_AFTER_MS) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(MAX_DELAY_MS, delay * 2);
    }
  }
}
