// Retry delay after a failed send: exponential from 1 s, capped at 5 minutes,
// never shorter than what the platform asked for.
const BASE_MS = 1_000;
const MAX_MS = 5 * 60_000;

export function retryDelayMs(attempts: number, retryAfterMs?: number): number {
  const exponential = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}
