// Types of the correlated-degradation detector: what it reads about each
// target, the rules it applies, and the alert state it keeps between
// evaluations. Everything here is plain JSON, so alerts survive a restart.

import type { HealthEvidence, HealthState } from "../health.ts";

/** Facts about one probe target that the detector reads at an evaluation. */
export interface TargetView {
  targetId: number;
  url: string;
  operatorId: number;
  operator: string;
  sector: string;
  state: HealthState;
  /** Start of the current degraded episode; null unless `state` is degraded. */
  degradedSince: Date | null;
  /** End of the latest degraded episode, when the target has recovered since. */
  recoveredAt: Date | null;
  /** Start of that recovered episode, when known. */
  recoveredEpisodeSince?: Date | null;
  /** Probes that made that recovered episode degraded, when known. */
  recoveredEpisodeEvidence?: HealthEvidence[];
  /** Address that the latest probe connected to, if any. */
  address: string | null;
  /** Probes of the current streak, oldest first, as kept by the health state machine. */
  evidence: HealthEvidence[];
}

export type CorrelationRule = "operators" | "sector" | "shared";

/** Rules in order of strength. The first rule that fires names the alert. */
export const RULE_ORDER: readonly CorrelationRule[] = ["operators", "sector", "shared"];

/** One rule that fired at an evaluation, with the figures that made it fire. */
export type FiredRule =
  | { rule: "operators"; operators: number; networks: number; minimum: number }
  | { rule: "sector"; sector: string; degraded: number; total: number; share: number; minimumShare: number; minimum: number }
  | { rule: "shared"; network: string; operators: string[]; minimum: number };

/** One operator that counts at an evaluation, with the targets that made it count. */
export interface DegradedOperator {
  operatorId: number;
  operator: string;
  sector: string;
  /** Earliest start among its degraded targets (or the recovered ones still inside the window). */
  since: Date;
  /** True while at least one of its targets is degraded now; false when all recovered inside the window. */
  degradedNow: boolean;
  /** Network key: the /24 or /48 prefix of the degraded target's address, or null when no address is known. */
  network: string | null;
  addresses: string[];
  /** Failure outcomes of the degraded targets' current streaks, counted, such as { timeout: 3 }. */
  failures: Record<string, number>;
  /** Median total time of the streak probes in milliseconds, or null without probes. */
  medianMs: number | null;
  urls: string[];
}

export interface Evaluation {
  at: Date;
  operators: DegradedOperator[];
  rules: FiredRule[];
  /** Operators left out by a silence at this evaluation. */
  silencedOperatorIds: number[];
}

/** One operator of an alert episode, as stored with the alert. */
export interface AlertMember {
  operatorId: number;
  operator: string;
  sector: string;
  since: string;
  joinedAt: string;
  /** Set when the operator was no longer degraded at an evaluation; cleared when it degrades again. */
  recoveredAt: string | null;
  network: string | null;
  addresses: string[];
  failures: Record<string, number>;
  medianMs: number | null;
  urls: string[];
}

/** Changes to an alert at one evaluation, as shown in its thread reply. */
export interface AlertChange {
  joined: string[];
  recovered: string[];
  degradedAgain: string[];
  ruleFrom: CorrelationRule | null;
  ruleTo: CorrelationRule | null;
}

/** The stored state of a correlated alert that the episode logic works on. */
export interface AlertState {
  id: number;
  rule: CorrelationRule;
  rules: FiredRule[];
  members: AlertMember[];
  openedAt: Date;
  lastDegradedAt: Date;
  revision: number;
}

export type EpisodeDecision =
  | { kind: "none" }
  | { kind: "open"; rule: CorrelationRule; rules: FiredRule[]; members: AlertMember[] }
  | { kind: "update"; rule: CorrelationRule; rules: FiredRule[]; members: AlertMember[]; change: AlertChange; degradedNow: boolean }
  /** Members still degraded: only lastDegradedAt moves, nothing is posted. */
  | { kind: "touch"; rules: FiredRule[]; degradedNow: boolean }
  | { kind: "resolve"; durationMs: number };
