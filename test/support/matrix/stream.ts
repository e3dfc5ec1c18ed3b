// The server-wide stream position and the wake-ups that long-polling sync requests wait on.

/**
 * Counts changes that a sync response can carry (room events and account data) and wakes
 * waiting sync requests after each one.
 */
export class StreamClock {
  private current = 0;
  private readonly waiters = new Set<() => void>();

  get position(): number {
    return this.current;
  }

  /** Reserves the next stream position. Call notify() once the change is stored. */
  advance(): number {
    this.current += 1;
    return this.current;
  }

  /** Wakes every request waiting in waitForChange(). */
  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) {
      wake();
    }
  }

  /** Resolves on the next notify(), after timeoutMs, or when the signal aborts, whichever comes first. */
  waitForChange(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (timeoutMs <= 0 || signal?.aborted) {
        resolve();
        return;
      }

      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(finish);
        signal?.removeEventListener("abort", finish);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.waiters.add(finish);
      signal?.addEventListener("abort", finish, { once: true });
    });
  }
}
