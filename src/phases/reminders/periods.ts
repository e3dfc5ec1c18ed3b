// Review periods for the retrospective meeting (振り返り会): calendar months
// and quarters of the Japanese fiscal year, which starts in April
// (Q1 = April to June, Q4 = January to March of the next calendar year).
import { daysInMonth, wallClockToEpoch } from "../../bot/commands/zone.ts";
import { formatDate, type CalendarDate } from "../summary/week.ts";
import { isBusinessDay, minutesOfDay } from "./business-hours.ts";
import type { BusinessHours, ReminderRules } from "./types.ts";

export interface Month {
  year: number;
  /** 1 = January. */
  month: number;
}

export interface FiscalQuarter {
  /** The fiscal year is named after the calendar year in which it starts. */
  fiscalYear: number;
  quarter: 1 | 2 | 3 | 4;
}

export interface ReviewPeriod {
  kind: "month" | "quarter";
  label: string;
  first: Month;
  /** The month after the period. */
  after: Month;
}

export function shiftMonth(month: Month, months: number): Month {
  const index = month.year * 12 + (month.month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function fiscalQuarterOf(month: Month): FiscalQuarter {
  const fiscalYear = month.month >= 4 ? month.year : month.year - 1;
  // April is month 0 of the fiscal year.
  const quarter = (Math.floor(((month.month + 8) % 12) / 3) + 1) as FiscalQuarter["quarter"];
  return { fiscalYear, quarter };
}

export function firstMonthOfQuarter(quarter: FiscalQuarter): Month {
  return shiftMonth({ year: quarter.fiscalYear, month: 4 }, (quarter.quarter - 1) * 3);
}

export function quarterLabel(quarter: FiscalQuarter): string {
  return `FY${quarter.fiscalYear}-Q${quarter.quarter}`;
}

function monthLabel(month: Month): string {
  return `${month.year}-${String(month.month).padStart(2, "0")}`;
}

/** Returns the month before `month` as a review period. */
export function previousMonthPeriod(month: Month): ReviewPeriod {
  const first = shiftMonth(month, -1);
  return { kind: "month", label: monthLabel(first), first, after: month };
}

/** Returns the fiscal quarter that ended just before `month`, or undefined unless `month` starts a quarter. */
export function previousQuarterPeriod(month: Month): ReviewPeriod | undefined {
  if ((month.month - 1) % 3 !== 0) return undefined;
  const quarter = fiscalQuarterOf(shiftMonth(month, -1));
  return { kind: "quarter", label: quarterLabel(quarter), first: firstMonthOfQuarter(quarter), after: month };
}

export function periodDates(period: ReviewPeriod): { startDate: string; endDate: string } {
  return { startDate: formatDate({ ...period.first, day: 1 }), endDate: formatDate({ ...period.after, day: 1 }) };
}

function meetingDay(month: Month, day: ReminderRules["retrospectiveMeeting"]["day"], hours: BusinessHours): CalendarDate {
  if (day !== "first-weekday") return { ...month, day };
  for (let candidate = 1; candidate <= daysInMonth(month.year, month.month); candidate++) {
    const date = { ...month, day: candidate };
    if (isBusinessDay(date, hours)) return date;
  }
  // A month without a single business day falls back to its first day.
  return { ...month, day: 1 };
}

/** Returns when the meeting reminder of `month` is posted, read on the zone's wall clock. */
export function meetingReminderTime(month: Month, rules: Pick<ReminderRules, "retrospectiveMeeting" | "businessHours" | "timeZone">): Date {
  const date = meetingDay(month, rules.retrospectiveMeeting.day, rules.businessHours);
  const minutes = minutesOfDay(rules.retrospectiveMeeting.time);
  const wall = { ...date, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 };
  return new Date(wallClockToEpoch(wall, rules.timeZone));
}
