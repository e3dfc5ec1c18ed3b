// Public API of the homepage probe engine.

export { createAddressGuard, parseCidr } from "./address-guard.ts";
export type { AddressGuard, AddressVerdict, BlockedRangeLabel } from "./address-guard.ts";
export { probe, PROBE_DEFAULTS } from "./http-probe.ts";
export { systemResolveHost } from "./resolve-host.ts";
export {
  DEFAULT_HEALTH_CONFIG,
  HEALTH_TRANSITIONS,
  healthObservationOf,
  initialHealth,
  judgeObservation,
  slowLimitMs,
  updateHealth,
} from "./health.ts";
export type {
  HealthConfig,
  HealthEvidence,
  HealthObservation,
  HealthSnapshot,
  HealthState,
  HealthTransition,
  HealthTrigger,
  HealthUpdate,
  ProbeVerdict,
  TransitionReason,
} from "./health.ts";
export { healthSnapshotSchema, parseHealthSnapshot } from "./health-snapshot.ts";
export { DEFAULT_ROUND_CONCURRENCY, runRound } from "./round.ts";
export type { ProbeFunction, ResultSink, RoundOptions, RoundSummary } from "./round.ts";
export {
  createProbeScheduler,
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_SPREAD_RATIO,
  intervalToCronExpression,
} from "./schedule.ts";
export type { GroupStats, ProbeGroup, ProbeScheduler, ProbeSchedulerOptions, TickResult } from "./schedule.ts";
export { OUTCOMES, PROBE_PHASES } from "./types.ts";
export type {
  CreateConnection,
  HopRecord,
  Outcome,
  ProbeLogger,
  ProbeOptions,
  ProbePhase,
  ProbeResult,
  ProbeTarget,
  ProbeTimings,
  ResolveHost,
  StatusRange,
} from "./types.ts";

// Storage, targets, views, commands and the service around the engine.
export { executeProbeCommand } from "./commands.ts";
export type { ProbeCommandDeps } from "./commands.ts";
export { DEFAULT_GROUP, parseProbeConfig, probeConfigSchema } from "./config.ts";
export type { ProbeConfig, ProbeConfigInput } from "./config.ts";
export { DEFAULT_SECTORS, mergeSectors } from "./sectors.ts";
export type { SectorDefinition } from "./sectors.ts";
export { startProbing } from "./service.ts";
export type { ProbingService, StartProbingOptions } from "./service.ts";
export { exportTargetsCsv, importTargetsCsv } from "./targets/csv-import.ts";
export type { ImportIssue, ImportReport } from "./targets/csv-import.ts";
