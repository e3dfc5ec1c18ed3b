// The probe service: loads targets from the database for every round, runs
// the scheduler, keeps each target's health, stores results through the
// batched writer, and runs rollups every 5 minutes and retention daily.

import { createTask, type ScheduledTask } from "node-cron";

import type { Destination } from "../bot/delivery/types.ts";
import type { Database } from "../db/client.ts";
import { databaseFileOf } from "../db/database-file.ts";
import { createCorrelator, type Correlator } from "./correlate/correlator.ts";
import { createAddressGuard } from "./address-guard.ts";
import { DEFAULT_GROUP, type ProbeConfig } from "./config.ts";
import { healthObservationOf, initialHealth, updateHealth, type HealthSnapshot } from "./health.ts";
import type { ProbeFunction } from "./round.ts";
import { createProbeScheduler, type ProbeGroup, type ProbeScheduler, type TickResult } from "./schedule.ts";
import { recordProbeResult } from "../ops/metrics.ts";
import { mergeSectors, syncSectors } from "./sectors.ts";
import { loadHealthSnapshots } from "./storage/health-store.ts";
import { createResultWriter, type ResultWriter } from "./storage/result-writer.ts";
import { deleteExpired, type RetentionRun } from "./storage/retention.ts";
import { runRollups, type RollupRun } from "./storage/rollup.ts";
import { loadGroupTargets } from "./targets/target-store.ts";
import type { ProbeLogger, ProbeOptions, ProbeResult } from "./types.ts";

export interface StartProbingOptions {
  db: Database;
  logger: ProbeLogger;
  config: ProbeConfig;
  /** Engine options that override the configured ones. Tests and the benchmark inject a resolver and a connection spy here. */
  probeOptions?: Partial<ProbeOptions>;
  /** Replaces the HTTP probe, for tests of the service around it. */
  probe?: ProbeFunction;
  now?: () => Date;
  /** False leaves rounds to runTick() and maintenance to runRollups() and runRetention(), as the benchmark does. Default true. */
  startSchedules?: boolean;
  /** Destinations of correlated-degradation alerts. Without them the detector still runs and stores alerts, but posts them nowhere. */
  alerts?: {
    destinations: () => readonly Destination[];
    wakeDelivery: () => void;
  };
}

export interface ProbingService {
  /** Stops the schedules, waits for probes in flight and writes every buffered result. */
  stop(): Promise<void>;
  /** Runs one round of a group now (the default group when omitted), unless one is running. */
  runTick(group?: string): Promise<TickResult>;
  /** Computes due rollups now. */
  runRollups(): Promise<RollupRun[]>;
  /** Deletes expired rows now. */
  runRetention(): Promise<RetentionRun>;
  /** Null while probing is disabled. */
  scheduler: ProbeScheduler | null;
  writer: ResultWriter | null;
  /** Null while probing or correlation is disabled. */
  correlator: Correlator | null;
}

/** 5-minute rollups run at 30 s past every fifth minute, UTC. */
const ROLLUP_CRON = "30 */5 * * * *";
/** Extra wait after a bucket's end for results still being written, on top of the probe timeout and flush interval. */
const ROLLUP_MARGIN_MS = 5_000;

/**
 * Starts probing as configured. With `config.enabled` false it only makes
 * sure the sectors exist and returns a service whose stop() does nothing.
 */
export async function startProbing(options: StartProbingOptions): Promise<ProbingService> {
  const { db, logger, config } = options;
  const now = options.now ?? (() => new Date());
  await syncSectors(db, mergeSectors(config.sectors));

  let maintenance: Promise<unknown> = Promise.resolve();
  const serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const next = maintenance.then(work, work);
    maintenance = next.catch(() => {});
    return next;
  };
  const rollUp = () =>
    serialize(() => runRollups(db, now().getTime(), config.timeoutMs + config.writer.flushIntervalMs + ROLLUP_MARGIN_MS));
  const retain = () => serialize(() => deleteExpired(db, now().getTime(), config.retention));

  if (!config.enabled) {
    logger.info({}, "Homepage probing is disabled because probe.enabled is false");
    return {
      stop: async () => {},
      runTick: async () => ({ started: false, reason: "stopped" }),
      runRollups: rollUp,
      runRetention: retain,
      scheduler: null,
      writer: null,
      correlator: null,
    };
  }

  const health = await loadHealthSnapshots(db, logger);
  const writer = createResultWriter({
    databaseFile: await databaseFileOf(db),
    logger,
    batchSize: config.writer.batchSize,
    flushIntervalMs: config.writer.flushIntervalMs,
  });

  // Sector of each target, for the per-sector probe metrics; refreshed when
  // a result comes from a target added since the last refresh.
  const sectorOf = new Map<number, string>();
  let sectorsLoading: Promise<void> | undefined;
  const refreshSectors = () => {
    sectorsLoading ??= db.probeTarget
      .findMany({ select: { id: true, operator: { select: { sector: { select: { name: true } } } } } })
      .then((rows) => {
        for (const row of rows) sectorOf.set(row.id, row.operator.sector.name);
      })
      .catch((error: unknown) => logger.warn({ err: error }, "Could not load probe target sectors for metrics"))
      .finally(() => {
        sectorsLoading = undefined;
      });
    return sectorsLoading;
  };
  await refreshSectors();

  // Address of each target's latest probe that reached the connect step, for the shared-address rule.
  const addresses = new Map<number, string | null>();
  const probeOptions: ProbeOptions = {
    addressGuard: createAddressGuard(config.allowedCidrs),
    timeoutMs: config.timeoutMs,
    slowThresholdMs: config.slowThresholdMs,
    maxBodyBytes: config.maxBodyBytes,
    maxRedirects: config.maxRedirects,
    userAgent: config.userAgent,
    ...options.probeOptions,
  };
  const correlator = config.correlation.enabled
    ? createCorrelator({
        db,
        logger,
        config: config.correlation,
        destinations: options.alerts?.destinations ?? (() => []),
        wakeDelivery: options.alerts?.wakeDelivery ?? (() => {}),
        health: () => health,
        addresses: () => addresses,
        addressGuard: probeOptions.addressGuard!,
        probeOptions,
        now,
      })
    : null;

  const onResult = (result: ProbeResult): Promise<void> | undefined => {
    const targetId = Number(result.targetId);
    const sector = sectorOf.get(targetId);
    if (sector === undefined) void refreshSectors();
    recordProbeResult(result, sector ?? "unknown");
    if (result.address !== null) addresses.set(targetId, result.address);
    const previous: HealthSnapshot = health.get(targetId) ?? initialHealth();
    // While the canaries show that the prober itself is cut off, a failure is
    // no evidence about the target, so it is stored but leaves health unchanged.
    if (result.outcome !== "ok" && correlator?.connectivityLost()) {
      return writer.add({ targetId, result, health: previous, transition: null });
    }
    const update = updateHealth(previous, healthObservationOf(result), config.health);
    health.set(targetId, update.snapshot);
    if (update.transition) {
      const { from, to, reason } = update.transition;
      logger.info({ targetId, url: result.url, from, to, reason }, "Probe target health changed");
      correlator?.noteTransition(targetId, update.transition);
    }
    return writer.add({ targetId, result, health: update.snapshot, transition: update.transition });
  };

  const configuredGroups = [DEFAULT_GROUP, ...Object.keys(config.groups)];
  const groups: ProbeGroup[] = [
    {
      name: DEFAULT_GROUP,
      intervalSeconds: config.intervalSeconds,
      spreadRatio: config.spreadRatio,
      concurrency: config.concurrency,
      loadTargets: () => loadGroupTargets(db, DEFAULT_GROUP, configuredGroups),
    },
    ...Object.entries(config.groups).map(([name, group]) => ({
      name,
      intervalSeconds: group.intervalSeconds,
      spreadRatio: group.spreadRatio ?? config.spreadRatio,
      concurrency: group.concurrency ?? config.concurrency,
      loadTargets: () => loadGroupTargets(db, name, configuredGroups),
    })),
  ];

  const scheduler = createProbeScheduler({
    groups,
    onResult,
    probe: options.probe,
    probeOptions,
    logger,
  });

  const logFailure = (task: string) => (error: unknown) => logger.warn({ task, err: error }, "Probe maintenance task failed");
  const tasks: ScheduledTask[] = [
    createTask(ROLLUP_CRON, () => void rollUp().catch(logFailure("rollups")), { name: "probe:rollups", timezone: "UTC" }),
    createTask(
      config.retention.cron,
      () =>
        void retain()
          .then((run) => logger.info({ ...run }, "Expired probe rows deleted"))
          .catch(logFailure("retention")),
      { name: "probe:retention", timezone: "UTC" },
    ),
  ];

  await correlator?.restore();
  if (options.startSchedules ?? true) {
    scheduler.start();
    for (const task of tasks) void task.start();
    correlator?.start();
    // Catch up on rollups missed while the bot was stopped.
    void rollUp().catch(logFailure("rollups"));
  }
  logger.info({ groups: configuredGroups, storedHealthSnapshots: health.size }, "Homepage probing started");

  return {
    async stop() {
      for (const task of tasks) await task.destroy();
      await correlator?.stop();
      await scheduler.stop();
      await writer.close();
      await maintenance;
      logger.info({ ...writer.stats() }, "Homepage probing stopped");
    },
    runTick: (group = DEFAULT_GROUP) => scheduler.runTick(group),
    runRollups: rollUp,
    runRetention: retain,
    scheduler,
    writer,
    correlator,
  };
}
