// The bot's Prometheus metrics, on a registry of their own (not prom-client's
// global one) together with prom-client's default process metrics. The rest
// of the bot calls the small record and set functions below. The outbox and
// platform gauges are read from the running bot at scrape time.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ProbeResult } from "../probe/types.ts";
import { readPendingPosts } from "./outbox-stats.ts";
import type { OpsSources } from "./sources.ts";

export const COMMAND_OUTCOMES = ["ok", "rejected", "refused", "duplicate", "failed"] as const;
/**
 * Result of a handled command: `ok`, `rejected` (parse error), `refused`
 * (domain error or unregistered member), `duplicate` (redelivery) or
 * `failed` (unexpected error).
 */
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

export const RECORD_PHASES = ["notice", "detection", "mitigation", "request", "retrospective"] as const;
export type RecordPhase = (typeof RECORD_PHASES)[number];

/** Subcommands that store a new record, and the phase the record belongs to. */
const RECORD_PHASE_BY_SUBCOMMAND: Readonly<Record<string, RecordPhase>> = {
  notice: "notice",
  detect: "detection",
  mitigate: "mitigation",
  request: "request",
  review: "retrospective",
};

export const PROBE_TIMING_PHASES = ["dns", "connect", "tls", "first_byte", "total"] as const;

// Bucket bounds in seconds. Probes time out after 10 s by default, and the
// upper buckets cover configured timeouts up to 30 s.
const PROBE_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30];

/** The registry that /metrics serves. */
export const opsRegistry = new Registry();
collectDefaultMetrics({ register: opsRegistry });

let sources: OpsSources | undefined;
let outboxReadFailing = false;

/** Sets the database and platforms that the scrape-time gauges read. Passing undefined detaches them when the bot stops. */
export function setMetricsSources(next: OpsSources | undefined): void {
  sources = next;
  outboxReadFailing = false;
}

const commands = new Counter({
  name: "dosbot_commands_total",
  help: "Commands handled, by subcommand, outcome (ok, rejected, refused, duplicate, failed) and platform.",
  labelNames: ["subcommand", "outcome", "platform"] as const,
  registers: [opsRegistry],
});

const records = new Counter({
  name: "dosbot_records_total",
  help: "Incident records stored, by phase (notice, detection, mitigation, request, retrospective).",
  labelNames: ["phase"] as const,
  registers: [opsRegistry],
});

const deliveryFailures = new Counter({
  name: "dosbot_outbox_delivery_failures_total",
  help: "Outbox sends that failed and were scheduled for a retry, by destination platform.",
  labelNames: ["platform"] as const,
  registers: [opsRegistry],
});

const probeResults = new Counter({
  name: "dosbot_probe_results_total",
  help: "Homepage probe results, by outcome and sector.",
  labelNames: ["outcome", "sector"] as const,
  registers: [opsRegistry],
});

const probeDuration = new Histogram({
  name: "dosbot_probe_duration_seconds",
  help: "Homepage probe time per phase (dns, connect, tls, first_byte, total). Phases a probe did not reach are not observed.",
  labelNames: ["phase"] as const,
  buckets: PROBE_DURATION_BUCKETS,
  registers: [opsRegistry],
});

const probeRoundLag = new Gauge({
  name: "dosbot_probe_round_lag_seconds",
  help: "Largest lag over the probe groups, in seconds by which a group's latest round ran past its interval. 0 when every round fits.",
  registers: [opsRegistry],
});
const roundLagByGroup = new Map<string, number>();

const correlatedAlertsOpen = new Gauge({
  name: "dosbot_correlated_alerts_open",
  help: "Correlated alerts currently open.",
  registers: [opsRegistry],
});

new Gauge({
  name: "dosbot_outbox_depth",
  help: "Pending outbox posts per destination platform, read from the database at scrape time.",
  labelNames: ["platform"] as const,
  registers: [opsRegistry],
  async collect() {
    await collectOutbox(this, (stats) => stats.pending);
  },
});

new Gauge({
  name: "dosbot_outbox_oldest_pending_seconds",
  help: "Age of the oldest pending outbox post per destination platform, 0 when none is pending.",
  labelNames: ["platform"] as const,
  registers: [opsRegistry],
  async collect() {
    const now = Date.now();
    await collectOutbox(this, (stats) => Math.max(0, (now - stats.oldestCreatedAt.getTime()) / 1000));
  },
});

new Gauge({
  name: "dosbot_platform_connected",
  help: "1 while a configured chat platform is connected, else 0.",
  labelNames: ["platform"] as const,
  registers: [opsRegistry],
  collect() {
    this.reset();
    for (const platform of sources?.platforms ?? []) this.set({ platform: platform.name }, platform.isConnected() ? 1 : 0);
  },
});

type PlatformGauge = Gauge<"platform">;

/**
 * Sets one sample per platform from the pending posts. Configured platforms
 * without pending posts get 0, so an empty outbox is visible as 0 and not as
 * a missing series. A failed query leaves the gauge empty for that scrape.
 */
async function collectOutbox(gauge: PlatformGauge, valueOf: (stats: { pending: number; oldestCreatedAt: Date }) => number): Promise<void> {
  gauge.reset();
  const current = sources;
  if (!current) return;

  let pending;
  try {
    pending = await readPendingPosts(current.db);
  } catch (error) {
    // Logged once per failure streak, since scrapes repeat every few seconds.
    if (!outboxReadFailing) current.logger?.warn({ err: error }, "reading the outbox for metrics failed");
    outboxReadFailing = true;
    return;
  }
  if (outboxReadFailing) current.logger?.info({}, "reading the outbox for metrics works again");
  outboxReadFailing = false;

  for (const platform of current.platforms) gauge.set({ platform: platform.name }, 0);
  for (const stats of pending) gauge.set({ platform: stats.platform }, valueOf(stats));
}

export interface CommandSample {
  /** Subcommand name (notice, detect, ...), or "unknown" when the text named none. */
  subcommand: string;
  outcome: CommandOutcome;
  /** Actor platform: console, slack or matrix. */
  platform: string;
}

/** Counts one handled command. */
export function recordCommand(sample: CommandSample): void {
  const subcommand = /^[a-z_]{1,32}$/.test(sample.subcommand) ? sample.subcommand : "unknown";
  commands.inc({ subcommand, outcome: sample.outcome, platform: sample.platform });
}

/** Counts the record stored by a successful command. Subcommands that store no record (ack, close, status, ...) count nothing. */
export function recordStoredRecord(subcommand: string): void {
  const phase = RECORD_PHASE_BY_SUBCOMMAND[subcommand];
  if (phase) records.inc({ phase });
}

/** Counts one failed outbox send. */
export function recordDeliveryFailure(platform: string): void {
  deliveryFailures.inc({ platform });
}

/** Counts one probe result and observes its phase times, converted from milliseconds to seconds. */
export function recordProbeResult(result: Pick<ProbeResult, "outcome" | "timings">, sector: string): void {
  probeResults.inc({ outcome: result.outcome, sector });

  const { dnsMs, connectMs, tlsMs, firstByteMs, totalMs } = result.timings;
  const phases: [string, number | null][] = [
    ["dns", dnsMs],
    ["connect", connectMs],
    ["tls", tlsMs],
    ["first_byte", firstByteMs],
    ["total", totalMs],
  ];
  for (const [phase, milliseconds] of phases) {
    if (milliseconds !== null) probeDuration.observe({ phase }, milliseconds / 1000);
  }
}

/** Stores the lag of a group's finished round (its duration beyond the group's interval) and sets the gauge to the largest lag. */
export function recordProbeRound(group: string, durationMs: number, intervalSeconds: number): void {
  roundLagByGroup.set(group, Math.max(0, durationMs / 1000 - intervalSeconds));
  probeRoundLag.set(Math.max(...roundLagByGroup.values()));
}

/** Sets the number of correlated alerts open now. */
export function setCorrelatedAlertsOpen(count: number): void {
  correlatedAlertsOpen.set(count);
}
