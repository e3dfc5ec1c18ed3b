// Scheduler: starts one probe round per target group on a node-cron tick.
// Rounds of one group never overlap: a tick that finds the previous round
// still running is skipped, logged and counted.

import { createTask, type ScheduledTask } from "node-cron";

import { recordProbeRound } from "../ops/metrics.ts";
import { runRound, type ProbeFunction, type ResultSink, type RoundSummary } from "./round.ts";
import type { ProbeLogger, ProbeOptions, ProbeTarget } from "./types.ts";

export const DEFAULT_INTERVAL_SECONDS = 60;
export const DEFAULT_SPREAD_RATIO = 0.8;

export interface ProbeGroup {
  name: string;
  /** Seconds between round starts. The value must map onto a cron step (see intervalToCronExpression). */
  intervalSeconds?: number;
  /** Share of the interval over which a round spreads its start times, from 0 (burst) to 1. */
  spreadRatio?: number;
  concurrency?: number;
  /** Returns the group's current targets. The scheduler calls it at the start of every round. */
  loadTargets(): readonly ProbeTarget[] | Promise<readonly ProbeTarget[]>;
}

export interface ProbeSchedulerOptions {
  groups: readonly ProbeGroup[];
  onResult: ResultSink;
  probe?: ProbeFunction;
  probeOptions?: ProbeOptions;
  logger?: ProbeLogger;
}

export interface GroupStats {
  roundsStarted: number;
  roundsCompleted: number;
  ticksSkipped: number;
  running: boolean;
  lastRound: RoundSummary | null;
}

export type TickResult =
  | { started: true; summary: RoundSummary }
  | { started: false; reason: "round_running" | "load_failed" | "stopped" };

export interface ProbeScheduler {
  /** Starts the cron tasks of all groups. */
  start(): void;
  /** Stops the cron tasks, stops running rounds from starting more probes, and waits for probes in flight. */
  stop(): Promise<void>;
  /** Runs one cron tick of `groupName`, which starts a round unless one is still running. Tests and manual rounds call it directly. */
  runTick(groupName: string): Promise<TickResult>;
  stats(groupName: string): GroupStats;
}

/**
 * Converts an interval to a six-field node-cron expression. Throws a
 * RangeError unless the interval divides a minute, an hour or a day evenly,
 * because a cron step restarts at each minute, hour or day boundary.
 */
export function intervalToCronExpression(intervalSeconds: number): string {
  const valid =
    "expected a whole number of seconds that divides 60, a whole number of minutes that divides 60, or whole hours that divide 24";
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 1) {
    throw new RangeError(`Invalid probe interval ${intervalSeconds} s: ${valid}`);
  }
  if (intervalSeconds < 60 && 60 % intervalSeconds === 0) {
    return intervalSeconds === 1 ? "* * * * * *" : `*/${intervalSeconds} * * * * *`;
  }
  const minutes = intervalSeconds / 60;
  if (Number.isInteger(minutes) && minutes < 60 && 60 % minutes === 0) {
    return minutes === 1 ? "0 * * * * *" : `0 */${minutes} * * * *`;
  }
  const hours = intervalSeconds / 3600;
  if (Number.isInteger(hours) && hours <= 24 && 24 % hours === 0) {
    if (hours === 1) {
      return "0 0 * * * *";
    }
    return hours === 24 ? "0 0 0 * * *" : `0 0 */${hours} * * *`;
  }
  throw new RangeError(`Invalid probe interval ${intervalSeconds} s: ${valid}`);
}

interface GroupRuntime {
  group: ProbeGroup;
  intervalSeconds: number;
  spreadRatio: number;
  expression: string;
  task: ScheduledTask | null;
  running: Promise<TickResult> | null;
  runningSince: number;
  abort: AbortController | null;
  stats: GroupStats;
}

/** Creates a scheduler for the given groups. Throws a RangeError for an invalid interval, spread ratio or duplicate name. */
export function createProbeScheduler(options: ProbeSchedulerOptions): ProbeScheduler {
  const { logger } = options;
  const runtimes = new Map<string, GroupRuntime>();
  let stopped = false;

  for (const group of options.groups) {
    if (runtimes.has(group.name)) {
      throw new RangeError(`Duplicate probe group name "${group.name}"`);
    }
    const intervalSeconds = group.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS;
    const spreadRatio = group.spreadRatio ?? DEFAULT_SPREAD_RATIO;
    if (!(spreadRatio >= 0 && spreadRatio <= 1)) {
      throw new RangeError(`Invalid spreadRatio ${spreadRatio} for probe group "${group.name}": expected 0 to 1`);
    }
    if (group.concurrency !== undefined && !(Number.isInteger(group.concurrency) && group.concurrency >= 1)) {
      throw new RangeError(`Invalid concurrency ${group.concurrency} for probe group "${group.name}": expected an integer >= 1`);
    }
    runtimes.set(group.name, {
      group,
      intervalSeconds,
      spreadRatio,
      expression: intervalToCronExpression(intervalSeconds),
      task: null,
      running: null,
      runningSince: 0,
      abort: null,
      stats: { roundsStarted: 0, roundsCompleted: 0, ticksSkipped: 0, running: false, lastRound: null },
    });
  }

  function runtimeOf(groupName: string): GroupRuntime {
    const runtime = runtimes.get(groupName);
    if (!runtime) {
      throw new RangeError(`Unknown probe group "${groupName}"`);
    }
    return runtime;
  }

  async function executeRound(runtime: GroupRuntime, abort: AbortController): Promise<TickResult> {
    const { group, stats } = runtime;
    let targets: readonly ProbeTarget[];
    try {
      targets = await group.loadTargets();
    } catch (error) {
      logger?.warn({ group: group.name, err: error }, "Loading probe targets failed, so the round was not started");
      return { started: false, reason: "load_failed" };
    }

    stats.roundsStarted += 1;
    logger?.info({ group: group.name, targets: targets.length }, "Probe round started");
    const summary = await runRound(targets, {
      name: group.name,
      onResult: options.onResult,
      spreadMs: runtime.intervalSeconds * 1000 * runtime.spreadRatio,
      concurrency: group.concurrency,
      probe: options.probe,
      probeOptions: options.probeOptions,
      signal: abort.signal,
      logger,
    });
    stats.roundsCompleted += 1;
    stats.lastRound = summary;
    recordProbeRound(group.name, summary.durationMs, runtime.intervalSeconds);
    logger?.info(
      {
        group: group.name,
        durationMs: Math.round(summary.durationMs),
        completed: summary.completed,
        notStarted: summary.notStarted,
        probeErrors: summary.probeErrors,
        sinkErrors: summary.sinkErrors,
        outcomes: summary.outcomes,
      },
      "Probe round finished",
    );
    return { started: true, summary };
  }

  function runTick(groupName: string): Promise<TickResult> {
    const runtime = runtimeOf(groupName);
    if (stopped) {
      return Promise.resolve({ started: false, reason: "stopped" });
    }
    if (runtime.running) {
      runtime.stats.ticksSkipped += 1;
      logger?.warn(
        {
          group: groupName,
          ticksSkipped: runtime.stats.ticksSkipped,
          runningForMs: Math.round(performance.now() - runtime.runningSince),
        },
        "Previous probe round is still running, so this tick was skipped",
      );
      return Promise.resolve({ started: false, reason: "round_running" });
    }

    const abort = new AbortController();
    runtime.abort = abort;
    runtime.runningSince = performance.now();
    runtime.stats.running = true;
    const running = executeRound(runtime, abort).finally(() => {
      runtime.running = null;
      runtime.abort = null;
      runtime.stats.running = false;
    });
    runtime.running = running;
    return running;
  }

  return {
    start() {
      stopped = false;
      for (const runtime of runtimes.values()) {
        if (runtime.task) {
          continue;
        }
        // UTC keeps the step regular, because according to the node-cron 4 README a sub-hourly
        // step can pause during the fall-back hour in zones with daylight saving.
        runtime.task = createTask(
          runtime.expression,
          () => {
            runTick(runtime.group.name).catch((error: unknown) => {
              logger?.warn({ group: runtime.group.name, err: error }, "Probe round failed");
            });
          },
          { name: `probe:${runtime.group.name}`, timezone: "UTC" },
        );
        void runtime.task.start();
        logger?.info(
          { group: runtime.group.name, intervalSeconds: runtime.intervalSeconds, cron: runtime.expression },
          "Probe schedule started",
        );
      }
    },

    async stop() {
      stopped = true;
      const pending: Array<Promise<unknown>> = [];
      for (const runtime of runtimes.values()) {
        if (runtime.task) {
          await runtime.task.destroy();
          runtime.task = null;
        }
        runtime.abort?.abort();
        if (runtime.running) {
          pending.push(runtime.running);
        }
      }
      await Promise.all(pending);
      logger?.info({ groups: [...runtimes.keys()] }, "Probe schedule stopped");
    },

    runTick,

    stats(groupName: string): GroupStats {
      return { ...runtimeOf(groupName).stats };
    },
  };
}
