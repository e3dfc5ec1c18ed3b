// Starts the scheduled posts on node-cron: the weekly summary on its cron
// expression in the configured zone, and a reminder tick every minute.
// Both only store outbox posts; the delivery worker sends them.
import { formatTime } from "../messages/format.ts";
import { createTask, type ScheduledTask, type Logger as CronLogger } from "node-cron";
import type { Database } from "../../db/client.ts";
import type { Logger } from "../../log.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import type { BroadcastRenderers } from "../delivery/broadcast.ts";
import type { Destination } from "../delivery/types.ts";
import { reminderRules, type ScheduleConfig } from "./config.ts";
import { runReminderTick } from "./reminder-job.ts";
import { WEEKLY_SUMMARY_TYPE } from "./renderers.ts";
import { runWeeklySummary } from "./weekly-summary-job.ts";

export interface ScheduleDependencies {
  db: Database;
  directory: MemberDirectory;
  /** Shared channels and rooms that receive the posts. */
  destinations: Destination[];
  /** Must already hold the renderers of registerScheduleRenderers. */
  broadcasts: BroadcastRenderers;
  logger: Logger;
  config: ScheduleConfig;
  /** The clock the jobs decide with; the current time when absent. Tasks still fire on the real clock. */
  now?: () => Date;
}

export interface RunningSchedules {
  /** Stops both tasks and waits for a run in progress. */
  stop(): Promise<void>;
  /** Resolves when no run is in progress, such as the start-up run. */
  settled(): Promise<void>;
}

const REMINDER_TICK = "* * * * *";

/** Passes node-cron's own messages to the bot's logger. */
function cronLogger(logger: Logger): CronLogger {
  return {
    info: (message) => logger.info({ component: "node-cron" }, String(message)),
    warn: (message) => logger.warn({ component: "node-cron" }, String(message)),
    error: (message, err) => logger.error({ component: "node-cron", err: err ?? message }, "node-cron error"),
    debug: (message) => logger.debug({ component: "node-cron" }, String(message)),
  };
}

/**
 * Starts the weekly summary task and the per-minute reminder tick, and runs
 * both once right away, which catches up a summary missed while the bot was
 * down. Throws when registerScheduleRenderers has not run on `broadcasts`.
 */
export function startSchedules(dependencies: ScheduleDependencies): RunningSchedules {
  const { db, directory, destinations, broadcasts, logger, config } = dependencies;
  const now = dependencies.now ?? (() => new Date());
  if (!config.enabled || destinations.length === 0) {
    logger.info({ enabled: config.enabled, destinations: destinations.length }, "scheduled posts not started");
    return { stop: async () => {}, settled: async () => {} };
  }
  // Fails at start-up rather than at the first send when the renderers are missing.
  broadcasts.get(WEEKLY_SUMMARY_TYPE);

  const running = new Set<Promise<unknown>>();
  const track = (work: () => Promise<unknown>, onError: (error: unknown) => void): Promise<void> => {
    const run = Promise.resolve()
      .then(work)
      .then(() => undefined, onError)
      .finally(() => running.delete(run));
    running.add(run);
    return run;
  };

  const tasks: ScheduledTask[] = [];
  const options = { noOverlap: true, logger: cronLogger(logger) };

  // Set when a summary run failed; the next reminder tick runs it again.
  let summaryRetry: (() => Promise<void>) | undefined;
  if (config.weeklySummary.enabled) {
    const job = { db, destinations, logger, timeZone: config.timeZone, graceHours: config.weeklySummary.graceHours, matches: (minute: Date) => task.match(minute) };
    const summarize = (): Promise<void> => {
      summaryRetry = undefined;
      return track(
        () => runWeeklySummary(job, now()),
        (error) => {
          summaryRetry = summarize;
          logger.error({ err: error, schedule: "weekly_summary" }, "weekly summary run failed; retrying on the next minute");
        },
      );
    };
    const task = createTask(config.weeklySummary.cron, summarize, { ...options, name: "schedules:weekly-summary", timezone: config.timeZone });
    // A run missed because the process was stalled or the host slept is caught up at once.
    task.on("execution:missed", () => void summarize());
    tasks.push(task);
    void summarize();
  }

  const rules = reminderRules(config);
  const tick = (): Promise<void> => {
    if (summaryRetry) void summaryRetry();
    return track(
      () => runReminderTick({ db, directory, destinations, logger, rules }, now()),
      (error) => logger.error({ err: error, schedule: "reminders" }, "reminder tick failed; the next tick evaluates everything due again"),
    );
  };
  // UTC, because a per-minute task needs no zone, and according to the
  // node-cron 4.6 README a sub-hourly schedule can pause during a zone's
  // fall-back hour.
  const tickTask = createTask(REMINDER_TICK, tick, { ...options, name: "schedules:reminders", timezone: "UTC" });
  tickTask.on("execution:missed", () => logger.debug("reminder tick missed; the next tick evaluates everything due"));
  tasks.push(tickTask);
  void tick();

  for (const task of tasks) void task.start();
  const summaryTask = tasks.find((task) => task !== tickTask);
  const nextSummary = summaryTask?.getNextRun();
  logger.info(
    {
      weeklySummary: config.weeklySummary.enabled ? config.weeklySummary.cron : false,
      nextWeeklySummary: nextSummary ? formatTime(nextSummary, config.timeZone) : null,
      timeZone: config.timeZone,
      destinations: destinations.length,
    },
    "scheduled posts started",
  );

  const settled = async () => {
    while (running.size > 0) await Promise.all([...running]);
  };
  return {
    settled,
    async stop() {
      for (const task of tasks) await task.destroy();
      await settled();
      logger.info("scheduled posts stopped");
    },
  };
}
