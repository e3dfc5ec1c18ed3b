// Health state machine of one target, as pure functions over a plain JSON
// snapshot: the caller stores the snapshot after each probe and passes it back
// with the next result.

import type { Outcome, ProbeResult } from "./types.ts";

export type HealthState = "unknown" | "up" | "degraded";

/** Health verdict on one probe: a good response, a slow response, or a failure. */
export type ProbeVerdict = "good" | "slow" | "failure";

export interface HealthConfig {
  /** Consecutive bad probes (failures or slow responses, in any mix) that make a target degraded. */
  degradeAfter: number;
  /** Consecutive good probes that make a target up. */
  recoverAfter: number;
  /** Number of recent `ok` total times kept for the baseline (see updateHealth for which ones count). */
  baselineSize: number;
  /** Baseline samples needed before a response can be judged slow against it. */
  minBaselineSamples: number;
  /** A response is slow when it takes longer than max(slowFactor × median, median + slowMarginMs). */
  slowFactor: number;
  slowMarginMs: number;
}

export const DEFAULT_HEALTH_CONFIG: Readonly<HealthConfig> = {
  degradeAfter: 3,
  recoverAfter: 2,
  baselineSize: 20,
  minBaselineSamples: 5,
  slowFactor: 3,
  slowMarginMs: 1000,
};

/** Probe facts that the state machine uses. `at` is an ISO 8601 time. */
export interface HealthObservation {
  at: string;
  outcome: Outcome;
  totalMs: number;
}

/** An observation with the verdict it received and the slow limit in force at that time. */
export interface HealthEvidence extends HealthObservation {
  verdict: ProbeVerdict;
  slowLimitMs: number | null;
}

/** Per-target state as plain JSON, safe to persist and to restore with parseHealthSnapshot. */
export interface HealthSnapshot {
  version: 1;
  state: HealthState;
  /** Time of the last transition, or null while the state is the initial `unknown`. */
  since: string | null;
  /** Total times of the most recent `ok` probes that joined the baseline, oldest first. */
  baselineMs: number[];
  goodStreak: number;
  badStreak: number;
  /** Latest probes of the current streak, at most max(degradeAfter, recoverAfter). */
  streakEvidence: HealthEvidence[];
}

export type HealthTrigger = "good_streak" | "bad_streak";

export type TransitionReason = "recovered" | "failures" | "slow_responses" | "failures_and_slow_responses";

export interface HealthTransition {
  from: HealthState;
  to: HealthState;
  at: string;
  reason: TransitionReason;
  /** The probes of the streak that caused the change, oldest first. */
  evidence: HealthEvidence[];
  baselineMedianMs: number | null;
}

/** Every allowed state change. A target never returns to `unknown`. */
export const HEALTH_TRANSITIONS: ReadonlyArray<{ from: HealthState; to: HealthState; trigger: HealthTrigger }> = [
  { from: "unknown", to: "up", trigger: "good_streak" },
  { from: "unknown", to: "degraded", trigger: "bad_streak" },
  { from: "up", to: "degraded", trigger: "bad_streak" },
  { from: "degraded", to: "up", trigger: "good_streak" },
];

export function initialHealth(): HealthSnapshot {
  return { version: 1, state: "unknown", since: null, baselineMs: [], goodStreak: 0, badStreak: 0, streakEvidence: [] };
}

export function healthObservationOf(result: ProbeResult): HealthObservation {
  return { at: result.startedAt.toISOString(), outcome: result.outcome, totalMs: result.timings.totalMs };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Returns the total time above which an `ok` response counts as slow, or null while the baseline is too small. */
export function slowLimitMs(baselineMs: readonly number[], config: HealthConfig): number | null {
  const center = median(baselineMs);
  if (center === null || baselineMs.length < config.minBaselineSamples) {
    return null;
  }
  return Math.max(config.slowFactor * center, center + config.slowMarginMs);
}

/** Judges one observation against the baseline that existed before it. */
export function judgeObservation(
  snapshot: HealthSnapshot,
  observation: HealthObservation,
  config: HealthConfig,
): HealthEvidence {
  const limit = slowLimitMs(snapshot.baselineMs, config);
  let verdict: ProbeVerdict;
  if (observation.outcome === "ok") {
    verdict = limit !== null && observation.totalMs > limit ? "slow" : "good";
  } else if (observation.outcome === "slow") {
    verdict = "slow";
  } else {
    verdict = "failure";
  }
  return { ...observation, verdict, slowLimitMs: limit };
}

function reasonFor(trigger: HealthTrigger, evidence: readonly HealthEvidence[]): TransitionReason {
  if (trigger === "good_streak") {
    return "recovered";
  }
  const hasFailure = evidence.some((entry) => entry.verdict === "failure");
  const hasSlow = evidence.some((entry) => entry.verdict === "slow");
  if (hasFailure && hasSlow) {
    return "failures_and_slow_responses";
  }
  return hasFailure ? "failures" : "slow_responses";
}

function validateConfig(config: HealthConfig): void {
  const counts = ["degradeAfter", "recoverAfter", "baselineSize", "minBaselineSamples"] as const;
  for (const key of counts) {
    if (!Number.isInteger(config[key]) || config[key] < 1) {
      throw new RangeError(`Invalid health config ${key}=${config[key]}: expected an integer >= 1`);
    }
  }
  if (config.minBaselineSamples > config.baselineSize) {
    throw new RangeError(
      `Invalid health config: minBaselineSamples (${config.minBaselineSamples}) exceeds baselineSize (${config.baselineSize})`,
    );
  }
  if (!(config.slowFactor >= 1) || !(config.slowMarginMs >= 0)) {
    throw new RangeError(
      `Invalid health config: slowFactor must be >= 1 and slowMarginMs >= 0, got ${config.slowFactor} and ${config.slowMarginMs}`,
    );
  }
}

export interface HealthUpdate {
  snapshot: HealthSnapshot;
  /** The state change this observation caused, or null. */
  transition: HealthTransition | null;
}

/**
 * Applies one observation and returns the next snapshot without changing the
 * one passed in. Throws a RangeError for an invalid config.
 */
export function updateHealth(
  snapshot: HealthSnapshot,
  observation: HealthObservation,
  overrides: Partial<HealthConfig> = {},
): HealthUpdate {
  const config: HealthConfig = { ...DEFAULT_HEALTH_CONFIG, ...overrides };
  validateConfig(config);

  const evidence = judgeObservation(snapshot, observation, config);
  const good = evidence.verdict === "good";
  const continuesStreak = good ? snapshot.goodStreak > 0 : snapshot.badStreak > 0;
  const evidenceLimit = Math.max(config.degradeAfter, config.recoverAfter);
  const streakEvidence = [...(continuesStreak ? snapshot.streakEvidence : []), evidence].slice(-evidenceLimit);

  // The baseline takes every `ok` total time except those judged slow while
  // the target is up. A slowdown therefore cannot hide itself by raising the
  // baseline, and after a lasting change (new hosting, say) the baseline
  // adapts while the target is degraded, so the target can recover.
  const joinsBaseline = observation.outcome === "ok" && !(snapshot.state === "up" && evidence.verdict === "slow");
  const baselineMs = joinsBaseline
    ? [...snapshot.baselineMs, observation.totalMs].slice(-config.baselineSize)
    : snapshot.baselineMs;

  const next: HealthSnapshot = {
    ...snapshot,
    baselineMs,
    goodStreak: good ? snapshot.goodStreak + 1 : 0,
    badStreak: good ? 0 : snapshot.badStreak + 1,
    streakEvidence,
  };

  const fired: Record<HealthTrigger, boolean> = {
    good_streak: next.goodStreak >= config.recoverAfter,
    bad_streak: next.badStreak >= config.degradeAfter,
  };
  const rule = HEALTH_TRANSITIONS.find((candidate) => candidate.from === snapshot.state && fired[candidate.trigger]);
  if (!rule) {
    return { snapshot: next, transition: null };
  }

  const threshold = rule.trigger === "good_streak" ? config.recoverAfter : config.degradeAfter;
  const causes = streakEvidence.slice(-threshold);
  const transition: HealthTransition = {
    from: rule.from,
    to: rule.to,
    at: observation.at,
    reason: reasonFor(rule.trigger, causes),
    evidence: causes,
    baselineMedianMs: median(snapshot.baselineMs),
  };
  return { snapshot: { ...next, state: rule.to, since: observation.at }, transition };
}
