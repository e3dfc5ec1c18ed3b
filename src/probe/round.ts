// One probe round over many targets: start times spread evenly over a window,
// at most `concurrency` probes in flight, every result passed to a sink.

import { probe as defaultProbe } from "./http-probe.ts";
import { Semaphore } from "./semaphore.ts";
import type { Outcome, ProbeLogger, ProbeOptions, ProbeResult, ProbeTarget } from "./types.ts";

// An estimate, not a measurement: if every target times out at the default
// 10 s deadline, 500 slots still finish 10,000 targets in about 200 s. Each
// slot uses one socket, so the open-file limit (ulimit -n) must exceed this.
export const DEFAULT_ROUND_CONCURRENCY = 500;

export type ProbeFunction = (target: ProbeTarget) => Promise<ProbeResult>;
export type ResultSink = (result: ProbeResult) => void | Promise<void>;

export interface RoundOptions {
  /** Receives every result. It is awaited inside the probe's slot, so a slow sink slows the round down. */
  onResult: ResultSink;
  /** Window in milliseconds over which start times are spread. 0 starts all targets at once, up to `concurrency`. */
  spreadMs: number;
  concurrency?: number;
  /** Probe function, by default `probe(target, probeOptions)`. */
  probe?: ProbeFunction;
  probeOptions?: ProbeOptions;
  /** Aborting stops new probes from starting. Probes in flight run to their own deadline. */
  signal?: AbortSignal;
  logger?: ProbeLogger;
  /** Name used in log lines. */
  name?: string;
}

export interface RoundSummary {
  name: string;
  startedAt: Date;
  durationMs: number;
  targetCount: number;
  /** Probes that returned a result. */
  completed: number;
  /** Targets never started because the round was aborted. */
  notStarted: number;
  /** Probes that threw, which means a programming error. */
  probeErrors: number;
  /** Results that the sink failed to take. */
  sinkErrors: number;
  outcomes: Partial<Record<Outcome, number>>;
}

/** Resolves after `ms` milliseconds, or early when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function logError(logger: ProbeLogger | undefined, fields: object, message: string): void {
  if (logger?.error) {
    logger.error(fields, message);
  } else {
    logger?.warn(fields, message);
  }
}

/**
 * Probes every target once. Target i starts no earlier than
 * i × spreadMs / targets.length after the round began, and later when all
 * concurrency slots are busy. Resolves when every started probe and its sink
 * call have finished. A failing probe or sink is counted and logged, and
 * never rejects the round.
 */
export async function runRound(targets: readonly ProbeTarget[], options: RoundOptions): Promise<RoundSummary> {
  const concurrency = options.concurrency ?? DEFAULT_ROUND_CONCURRENCY;
  if (!(options.spreadMs >= 0) || !Number.isFinite(options.spreadMs)) {
    throw new RangeError(`Invalid round spreadMs=${options.spreadMs}: expected a finite number >= 0`);
  }
  const semaphore = new Semaphore(concurrency);
  const runProbe = options.probe ?? ((target: ProbeTarget) => defaultProbe(target, options.probeOptions));
  const { logger, signal } = options;
  const name = options.name ?? "round";

  const summary: RoundSummary = {
    name,
    startedAt: new Date(),
    durationMs: 0,
    targetCount: targets.length,
    completed: 0,
    notStarted: 0,
    probeErrors: 0,
    sinkErrors: 0,
    outcomes: {},
  };
  const startMark = performance.now();
  const inFlight = new Set<Promise<void>>();

  const runOne = async (target: ProbeTarget): Promise<void> => {
    let result: ProbeResult;
    try {
      result = await runProbe(target);
    } catch (error) {
      summary.probeErrors += 1;
      logError(logger, { round: name, targetId: target.id, err: error }, "Probe threw instead of returning a result");
      return;
    }

    summary.completed += 1;
    summary.outcomes[result.outcome] = (summary.outcomes[result.outcome] ?? 0) + 1;
    try {
      await options.onResult(result);
    } catch (error) {
      summary.sinkErrors += 1;
      logError(logger, { round: name, targetId: target.id, err: error }, "Result sink failed, so the result was dropped");
    }
  };

  for (let index = 0; index < targets.length; index += 1) {
    const dueMark = startMark + (index * options.spreadMs) / targets.length;
    const waitMs = dueMark - performance.now();
    if (waitMs >= 1) {
      await sleep(waitMs, signal);
    }
    if (signal?.aborted) {
      summary.notStarted = targets.length - index;
      break;
    }
    await semaphore.acquire();
    if (signal?.aborted) {
      semaphore.release();
      summary.notStarted = targets.length - index;
      break;
    }

    const task = runOne(targets[index]!).finally(() => {
      semaphore.release();
      inFlight.delete(task);
    });
    inFlight.add(task);
  }

  await Promise.all(inFlight);
  summary.durationMs = performance.now() - startMark;
  return summary;
}
