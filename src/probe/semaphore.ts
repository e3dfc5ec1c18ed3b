// Counting semaphore that bounds how many probes run at once.

export class Semaphore {
  #available: number;
  readonly #waiters: Array<() => void> = [];

  constructor(readonly permits: number) {
    if (!Number.isInteger(permits) || permits < 1) {
      throw new RangeError(`Invalid semaphore size ${permits}: expected an integer >= 1`);
    }
    this.#available = permits;
  }

  /** Resolves once a permit is free. Pair every acquire() with one release(). */
  acquire(): Promise<void> {
    if (this.#available > 0) {
      this.#available -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) {
      next();
    } else {
      this.#available += 1;
    }
  }
}
