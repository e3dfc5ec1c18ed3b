// Wall-clock time in an IANA time zone, computed with Intl.DateTimeFormat.

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Returns a cached formatter. Throws RangeError for an unknown zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws RangeError unless `timeZone` is an IANA zone known to this runtime. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** Returns the wall-clock time shown in `timeZone` at the UTC instant `epochMs`. */
export function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  return wall;
}

function wallClockAsUtc(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** Returns the zone's UTC offset in ms at `epochMs` (positive east of UTC). */
export function offsetAt(epochMs: number, timeZone: string): number {
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  return wallClockAsUtc(wallClockAt(wholeSeconds, timeZone)) - wholeSeconds;
}

/**
 * Converts a wall-clock time in `timeZone` to a UTC instant. A time that
 * occurs twice when clocks go back resolves to the earlier instant. A time
 * skipped when clocks go forward moves forward by the length of the gap, so
 * 02:30 on a day when 02:00 jumps to 03:00 becomes 03:30. Temporal calls this
 * disambiguation "compatible".
 */
export function wallClockToEpoch(wall: WallClock, timeZone: string): number {
  const asUtc = wallClockAsUtc(wall);
  const offsetBefore = offsetAt(asUtc - MS_PER_DAY, timeZone);
  const offsetAfter = offsetAt(asUtc + MS_PER_DAY, timeZone);

  const matches = [offsetBefore, offsetAfter]
    .map((offset) => asUtc - offset)
    .filter((epoch) => wallClockAsUtc(wallClockAt(epoch, timeZone)) === asUtc)
    .sort((a, b) => a - b);

  return matches[0] ?? asUtc - offsetBefore;
}

/** Returns the calendar date `days` after the given one, keeping the time of day. */
export function addDays(wall: WallClock, days: number): WallClock {
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
