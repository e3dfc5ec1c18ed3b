// Stores the weekly summary post when its schedule comes due, and after a
// start-up or a stall finds the latest run missed within the grace period.
// The outbox key names the week, so however often and in however many
// processes this runs, each week's summary is stored once per destination.
import type { Database } from "../../db/client.ts";
import type { Logger } from "../../log.ts";
import { lastCompleteWeek } from "../../phases/summary/week.ts";
import type { Destination } from "../delivery/types.ts";
import { enqueueOnce } from "./enqueue.ts";
import { WEEKLY_SUMMARY_TYPE, type SummaryPayload } from "./renderers.ts";

const MINUTE_MS = 60_000;

/** A summary stored this long or longer after its scheduled minute is marked late. */
export const LATE_AFTER_MS = MINUTE_MS;

export function weeklySummaryKey(weekStart: string): string {
  return `weekly_summary:${weekStart}`;
}

/**
 * Returns the latest whole minute from `now - graceMs` to `now` (both included)
 * that the schedule matches. Checks minute by minute, so the expression must
 * not have a seconds field.
 */
export function latestScheduledRun(matches: (minute: Date) => boolean, now: Date, graceMs: number): Date | undefined {
  const earliest = now.getTime() - graceMs;
  for (let minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS; minute >= earliest; minute -= MINUTE_MS) {
    if (matches(new Date(minute))) return new Date(minute);
  }
  return undefined;
}

export interface WeeklySummaryJob {
  db: Database;
  destinations: Destination[];
  logger: Logger;
  timeZone: string;
  graceHours: number;
  /** Whether the configured cron expression matches a minute, in the configured zone. */
  matches: (minute: Date) => boolean;
}

/** Stores the summary of the last run due at `now`, if any, and returns that run's week start. */
export async function runWeeklySummary(job: WeeklySummaryJob, now: Date): Promise<string | undefined> {
  const scheduledAt = latestScheduledRun(job.matches, now, job.graceHours * 3_600_000);
  if (!scheduledAt) return undefined;

  const week = lastCompleteWeek(scheduledAt, job.timeZone);
  const late = now.getTime() - scheduledAt.getTime() >= LATE_AFTER_MS;
  const payload: SummaryPayload = { weekStart: week.startDate, timeZone: job.timeZone, scheduledAt: scheduledAt.toISOString(), ...(late ? { late } : {}) };
  const created = await enqueueOnce(job.db, job.destinations, { type: WEEKLY_SUMMARY_TYPE, key: weeklySummaryKey(week.startDate), payload });
  if (created > 0) {
    job.logger.info({ week: week.isoWeek, weekStart: week.startDate, scheduledAt, late, posts: created }, "weekly summary stored for posting");
  }
  return week.startDate;
}
