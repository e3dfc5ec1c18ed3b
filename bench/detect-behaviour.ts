// Behaviours that the detection benchmark's target server can play per
// target and round, shared by the server process and the scenarios.

export const BEHAVIOURS = ["ok", "hang", "http503", "reset", "refused", "slow"] as const;

/**
 * What a target does in one round:
 * - ok: 200 with a small page at once
 * - hang: accepts the request and never responds, so the probe times out
 * - http503: 503 Service Unavailable at once
 * - reset: resets the connection (TCP RST) when the request arrives
 * - refused: no listener, so the connect is refused
 * - slow: 200 after SLOW_DELAY_MS
 */
export type Behaviour = (typeof BEHAVIOURS)[number];

/** Response delay of `slow`. The benchmark's slowThresholdMs (1000) is below it and its timeoutMs (1500) above it. */
export const SLOW_DELAY_MS = 1200;
