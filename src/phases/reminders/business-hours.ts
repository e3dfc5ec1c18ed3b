// Business hours on the zone's wall clock: configured weekdays, minus
// configured holidays, from the opening time up to (not including) the
// closing time. Japanese public holidays are not built in, so list them in
// the holidays setting.
import { wallClockAt } from "../../bot/commands/zone.ts";
import { formatDate, isoWeekday, type CalendarDate } from "../summary/week.ts";
import type { BusinessHours } from "./types.ts";

/** Minutes after midnight of "HH:MM". */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours! * 60 + minutes!;
}

export function isBusinessDay(date: CalendarDate, hours: BusinessHours): boolean {
  return hours.days.includes(isoWeekday(date)) && !hours.holidays.includes(formatDate(date));
}

export function isBusinessTime(instant: Date, timeZone: string, hours: BusinessHours): boolean {
  const wall = wallClockAt(instant.getTime(), timeZone);
  if (!isBusinessDay({ year: wall.year, month: wall.month, day: wall.day }, hours)) return false;
  const minute = wall.hour * 60 + wall.minute;
  return minute >= minutesOfDay(hours.start) && minute < minutesOfDay(hours.end);
}
