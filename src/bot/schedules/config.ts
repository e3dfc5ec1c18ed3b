// Settings of the scheduled posts: the weekly summary and the reminders.
// Every key has a default, so an absent "schedules" section gives the
// documented behaviour.
import { validate as isValidCron } from "node-cron";
import { z } from "zod";
import { parseIsoDate } from "../../phases/summary/week.ts";
import { minutesOfDay } from "../../phases/reminders/business-hours.ts";
import type { ReminderRules } from "../../phases/reminders/types.ts";

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time "HH:MM" such as 09:00');

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "not an IANA time zone, e.g. Asia/Tokyo");

// Five fields, so that a missed run can be found by checking whole minutes.
const cronExpression = z
  .string()
  .refine((expression) => expression.trim().split(/\s+/).length === 5 && isValidCron(expression), 'a five-field cron expression "minute hour day-of-month month day-of-week", e.g. "0 9 * * 1"');

const isoDate = z.string().refine((text) => parseIsoDate(text) !== undefined, "an ISO date such as 2026-12-31");

const MAX_GRACE_HOURS = 24 * 7;

const weeklySummarySchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** When to post the summary of the previous week, read in timeZone. */
    cron: cronExpression.default("0 9 * * 1"),
    /** How long after a run missed while the bot was down the summary is still posted (marked late), in hours. */
    graceHours: z.number().positive().max(MAX_GRACE_HOURS).default(24),
  })
  .prefault({});

const businessHoursSchema = z
  .strictObject({
    start: timeOfDay.default("09:00"),
    end: timeOfDay.default("18:00"),
    /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
    /** Dates that are not business days, such as Japanese public holidays. */
    holidays: z.array(isoDate).default([]),
  })
  .refine((hours) => minutesOfDay(hours.start) < minutesOfDay(hours.end), { message: "start must be before end", path: ["end"] })
  .prefault({});

const remindersSchema = z
  .strictObject({
    expectedStart: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Minutes after a notice's expected start (or until its expected end, if later) during which members are still asked. */
        windowMinutes: z.number().int().positive().default(180),
      })
      .prefault({}),
    requestAck: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Minutes without acknowledgement before each re-announcement. */
        afterMinutes: z.number().int().positive().default(30),
        maxRepeats: z.number().int().min(0).max(20).default(3),
      })
      .prefault({}),
    mitigationOverdue: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Days under attack without a mitigation before the nudge. */
        afterDays: z.number().positive().default(1),
      })
      .prefault({}),
    retrospectiveOverdue: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Days subsided without a retrospective before the nudge. */
        afterDays: z.number().positive().default(3),
      })
      .prefault({}),
    retrospectiveMeeting: z
      .strictObject({
        monthly: z.boolean().default(true),
        quarterly: z.boolean().default(true),
        /** "first-weekday" (first business day of the month) or a day of the month from 1 to 28. */
        day: z.union([z.literal("first-weekday"), z.number().int().min(1).max(28)]).default("first-weekday"),
        time: timeOfDay.default("10:00"),
        /** Hours after the posting time during which a reminder missed while the bot was down is still posted. */
        graceHours: z.number().positive().max(MAX_GRACE_HOURS).default(24),
      })
      .prefault({}),
  })
  .prefault({});

/** The "schedules" section of the members config file. */
export const schedulesConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** IANA zone of every schedule, or the bot's timeZone when absent. */
    timeZone: timeZone.optional(),
    weeklySummary: weeklySummarySchema,
    businessHours: businessHoursSchema,
    reminders: remindersSchema,
  })
  .prefault({});

export type SchedulesFileConfig = z.infer<typeof schedulesConfigSchema>;

/** The schedules settings with the time zone resolved. */
export type ScheduleConfig = Omit<SchedulesFileConfig, "timeZone"> & { timeZone: string };

export function resolveScheduleConfig(file: SchedulesFileConfig, botTimeZone: string): ScheduleConfig {
  return { ...file, timeZone: file.timeZone ?? botTimeZone };
}

export function reminderRules(config: ScheduleConfig): ReminderRules {
  return { timeZone: config.timeZone, businessHours: config.businessHours, ...config.reminders };
}
