// Calendar weeks on a time zone's wall clock: Monday 00:00 to the next Monday
// 00:00 in that zone. Only the zone's own rules matter, never the host's zone,
// because every conversion goes through Intl (src/bot/commands/zone.ts).
import { wallClockAt, wallClockToEpoch, type WallClock } from "../../bot/commands/zone.ts";

export interface Week {
  /** Monday of the week as an ISO date, e.g. "2026-11-30". */
  startDate: string;
  /** ISO 8601 week, e.g. "2026-W49". */
  isoWeek: string;
  timeZone: string;
  /** Monday 00:00 in the zone. */
  start: Date;
  /** Monday 00:00 of the next week in the zone. The week ends just before it. */
  end: Date;
}

/** A calendar date without a time or zone. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcDay(date: CalendarDate): number {
  return Date.UTC(date.year, date.month - 1, date.day);
}

function fromUtcDay(epoch: number): CalendarDate {
  const date = new Date(epoch);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function shiftDate(date: CalendarDate, days: number): CalendarDate {
  return fromUtcDay(utcDay(date) + days * MS_PER_DAY);
}

/** Returns the ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: CalendarDate): number {
  const sundayFirst = new Date(utcDay(date)).getUTCDay();
  return sundayFirst === 0 ? 7 : sundayFirst;
}

export function formatDate(date: CalendarDate): string {
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Parses "YYYY-MM-DD". Returns undefined unless it names a real calendar date. */
export function parseIsoDate(text: string): CalendarDate | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const roundTrip = fromUtcDay(utcDay(date));
  return roundTrip.year === date.year && roundTrip.month === date.month && roundTrip.day === date.day ? date : undefined;
}

/** Returns the calendar date shown in `timeZone` at `instant`. */
export function dateInZone(instant: Date, timeZone: string): CalendarDate {
  const wall = wallClockAt(instant.getTime(), timeZone);
  return { year: wall.year, month: wall.month, day: wall.day };
}

/**
 * Returns the first instant of `date` in `timeZone`. Where a zone skips
 * midnight for daylight saving time, that is the first wall-clock time after
 * the gap.
 */
export function startOfDay(date: CalendarDate, timeZone: string): Date {
  const wall: WallClock = { ...date, hour: 0, minute: 0, second: 0 };
  return new Date(wallClockToEpoch(wall, timeZone));
}

/** Returns the ISO 8601 week-numbering year and week of a date. */
export function isoWeekOf(date: CalendarDate): { year: number; week: number } {
  // The ISO week belongs to the year that contains its Thursday.
  const thursday = shiftDate(date, 4 - isoWeekday(date));
  const firstOfYear = utcDay({ year: thursday.year, month: 1, day: 1 });
  const week = Math.floor((utcDay(thursday) - firstOfYear) / (7 * MS_PER_DAY)) + 1;
  return { year: thursday.year, week };
}

/** Returns the number of ISO weeks in an ISO week-numbering year: 52 or 53. */
export function isoWeeksInYear(year: number): number {
  // 28 December always lies in the last ISO week of its year.
  return isoWeekOf({ year, month: 12, day: 28 }).week;
}

function mondayOf(date: CalendarDate): CalendarDate {
  return shiftDate(date, 1 - isoWeekday(date));
}

function weekFromMonday(monday: CalendarDate, timeZone: string): Week {
  const { year, week } = isoWeekOf(monday);
  return {
    startDate: formatDate(monday),
    isoWeek: `${year}-W${String(week).padStart(2, "0")}`,
    timeZone,
    start: startOfDay(monday, timeZone),
    end: startOfDay(shiftDate(monday, 7), timeZone),
  };
}

/** Returns the week that contains the calendar date. */
export function weekOfDate(date: CalendarDate, timeZone: string): Week {
  return weekFromMonday(mondayOf(date), timeZone);
}

/** Returns the week that contains `instant` on the zone's wall clock. */
export function weekContaining(instant: Date, timeZone: string): Week {
  return weekOfDate(dateInZone(instant, timeZone), timeZone);
}

/** Returns the week `weeks` weeks after `week`, or before it when negative. */
export function shiftWeek(week: Week, weeks: number): Week {
  return weekFromMonday(shiftDate(parseIsoDate(week.startDate)!, weeks * 7), week.timeZone);
}

/** Returns the last week that ended at or before `instant`. */
export function lastCompleteWeek(instant: Date, timeZone: string): Week {
  return shiftWeek(weekContaining(instant, timeZone), -1);
}

/** Returns the week starting on `startDate`. Throws a RangeError unless it is an ISO date and a Monday. */
export function weekStartingOn(startDate: string, timeZone: string): Week {
  const date = parseIsoDate(startDate);
  if (!date) throw new RangeError(`week start "${startDate}" is not an ISO date such as 2026-11-30`);
  if (isoWeekday(date) !== 1) throw new RangeError(`week start "${startDate}" is not a Monday`);
  return weekFromMonday(date, timeZone);
}

/** Returns the given ISO week, or undefined when the year has fewer weeks. */
export function weekOfIsoWeek(year: number, week: number, timeZone: string): Week | undefined {
  if (week < 1 || week > isoWeeksInYear(year)) return undefined;
  // 4 January always lies in ISO week 1.
  const firstMonday = mondayOf({ year, month: 1, day: 4 });
  return weekFromMonday(shiftDate(firstMonday, (week - 1) * 7), timeZone);
}
