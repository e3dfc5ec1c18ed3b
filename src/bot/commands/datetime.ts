// Turns typed dates and times into UTC instants in the member's time zone.

import { parsePointSyntax, type DateSyntax, type PointSyntax, type TimeSyntax } from "./datetime-syntax.ts";
import { normalizeNumeric } from "./normalize.ts";
import { invalid, valid, type ValueResult } from "./result.ts";
import { addDays, daysInMonth, wallClockAt, wallClockToEpoch, type WallClock } from "./zone.ts";

export interface DateContext {
  now: Date;
  /** IANA zone in which typed wall-clock times are read. */
  timeZone: string;
}

export interface PointOptions {
  /**
   * Start of the range this point ends. A time without a date then falls on
   * the start's day, or the next day if it would precede the start, and a
   * year-less date takes the year nearest to the start.
   */
  after?: Date;
  /** Reads a date without a time as the end of that day (next midnight). */
  endOfDay?: boolean;
}

const MIN_YEAR = 1970;
const MAX_YEAR = 9999;
const MIDNIGHT: TimeSyntax = { hour: 0, minute: 0, second: 0, millisecond: 0 };

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return false;
  return day >= 1 && day <= daysInMonth(year, month);
}

/** Accepts 00:00–23:59:59 and also 24:00, which means midnight at the end of the day. */
function isValidTime(time: TimeSyntax): boolean {
  if (time.hour === 24) return time.minute === 0 && time.second === 0 && time.millisecond === 0;
  return time.hour <= 23 && time.minute <= 59 && time.second <= 59;
}

function toWallClock(year: number, date: DateSyntax, time: TimeSyntax): WallClock {
  const wall = { year, month: date.month, day: date.day, hour: time.hour, minute: time.minute, second: time.second };
  return time.hour === 24 ? addDays({ ...wall, hour: 0 }, 1) : wall;
}

function weekdayOf(year: number, date: DateSyntax): number {
  return new Date(Date.UTC(year, date.month - 1, date.day)).getUTCDay();
}

/** Returns the instant of the first valid year among `years` nearest to `reference`. */
function nearestInstant(years: number[], date: DateSyntax, time: TimeSyntax, reference: number, timeZone: string) {
  let best: { epoch: number; wall: WallClock; year: number } | undefined;
  for (const year of years) {
    if (!isValidDate(year, date.month, date.day)) continue;
    const wall = toWallClock(year, date, time);
    const epoch = wallClockToEpoch(wall, timeZone) + time.millisecond;
    if (best === undefined || Math.abs(epoch - reference) < Math.abs(best.epoch - reference)) best = { epoch, wall, year };
  }
  return best;
}

function resolveFixed(syntax: Extract<PointSyntax, { kind: "fixed" }>): number | undefined {
  const { date, time } = syntax;
  if (!isValidDate(date.year, date.month, date.day) || !isValidTime(time)) return undefined;
  const utc = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute, time.second, time.millisecond);
  return utc - syntax.offsetMinutes * 60_000;
}

function resolveWall(syntax: Extract<PointSyntax, { kind: "wall" }>, context: DateContext, options: PointOptions) {
  const time = syntax.time ?? MIDNIGHT;
  if (!isValidTime(time)) return undefined;

  const reference = (options.after ?? context.now).getTime();
  const today = wallClockAt(reference, context.timeZone);
  const date: DateSyntax = syntax.date ?? { year: today.year, month: today.month, day: today.day };
  const years = date.year !== undefined ? [date.year] : [today.year - 1, today.year, today.year + 1];

  const found = nearestInstant(years, date, time, reference, context.timeZone);
  if (found === undefined) return undefined;
  if (date.weekday !== undefined && weekdayOf(found.year, date) !== date.weekday) return undefined;

  const rollsOver = syntax.date === undefined && options.after !== undefined && found.epoch < reference;
  const endOfDay = options.endOfDay === true && syntax.date !== undefined && syntax.time === undefined;
  if (!rollsOver && !endOfDay) return found.epoch;

  return wallClockToEpoch(addDays(found.wall, 1), context.timeZone) + time.millisecond;
}

/**
 * Parses one point in time: ISO 8601 (with or without offset), "12/24 21:00",
 * "12月24日21時30分", "2026年12月24日", "21:00", "21時", "now" or "今".
 * Wall-clock times are read in `context.timeZone`. A date without a year
 * takes the year that puts it nearest to `now` (or to `options.after`).
 */
export function parseDateTime(raw: string, context: DateContext, options: PointOptions = {}): ValueResult<Date> {
  const syntax = parsePointSyntax(normalizeNumeric(raw));
  if (syntax === undefined) return invalid("invalid_datetime");
  if (syntax.kind === "now") return valid(new Date(context.now.getTime()));

  const epoch = syntax.kind === "fixed" ? resolveFixed(syntax) : resolveWall(syntax, context, options);
  return epoch === undefined ? invalid("invalid_datetime") : valid(new Date(epoch));
}
