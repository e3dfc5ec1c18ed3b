// One deadline for a whole probe. It tracks which phase is running so that a
// timeout can name the phase, and aborts everything through one AbortSignal.

import type { ProbePhase } from "./types.ts";

/** Abort reason of a probe whose deadline passed. */
export class ProbeTimeoutError extends Error {
  readonly code = "PROBE_TIMEOUT";

  constructor(
    readonly phase: ProbePhase,
    timeoutMs: number,
  ) {
    super(`Probe timed out after ${timeoutMs} ms during the ${phase} phase`);
    this.name = "ProbeTimeoutError";
  }
}

export class ProbeDeadline {
  /** Phase that is running now. The hop code advances it. */
  phase: ProbePhase = "dns";
  /** Phase that was running when the deadline passed, or null while time remains. */
  expiredPhase: ProbePhase | null = null;

  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;

  constructor(readonly timeoutMs: number) {
    this.#timer = setTimeout(() => {
      this.expiredPhase = this.phase;
      this.#controller.abort(new ProbeTimeoutError(this.phase, timeoutMs));
    }, timeoutMs);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stops the timer. Call once the probe has finished. */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}

/** Settles like `promise`, or rejects with the abort reason as soon as `signal` aborts. */
export function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }

  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
