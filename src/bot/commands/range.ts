// Time ranges such as "12/24 21:00-23:00" or "2026-12-24T21:00~2026-12-25T01:00".

import { parseDateTime, type DateContext } from "./datetime.ts";
import { normalizeNumeric } from "./normalize.ts";
import { invalid, valid, type ValueResult } from "./result.ts";
import type { TimeRange } from "./types.ts";

/** Returns every way to cut `text` into start and end at a "~" or "-". */
function splitCandidates(text: string): [string, string][] {
  const tildes = text.split("~");
  if (tildes.length === 2) return [[tildes[0]!.trim(), tildes[1]!.trim()]];
  if (tildes.length > 2) return [];

  // "-" also separates the parts of an ISO date, so try every "-" and keep
  // the cuts where both sides parse.
  const candidates: [string, string][] = [];
  for (let index = text.indexOf("-"); index >= 0; index = text.indexOf("-", index + 1)) {
    candidates.push([text.slice(0, index).trim(), text.slice(index + 1).trim()]);
  }
  return candidates;
}

/**
 * Parses the end of a range that starts at `start`. A time without a date is
 * on the start's day, or the next day if it would be earlier than the start
 * ("23:00-01:00"). A date without a time means the end of that day.
 */
export function parseRangeEnd(raw: string, context: DateContext, start: Date): ValueResult<Date> {
  // Compare the start of the end day, so "12/24-12/23" is rejected even
  // though the end of 12/23 equals the start of 12/24.
  const endDay = parseDateTime(raw, context, { after: start });
  if (!endDay.ok) return endDay;
  if (endDay.value.getTime() < start.getTime()) return invalid("invalid_range");
  return parseDateTime(raw, context, { after: start, endOfDay: true });
}

/**
 * Parses a single point or a range. A text that parses as one point is never
 * split, so "2026-12-24T21:00-05:00" is one instant at UTC-5, not 21:00 to 05:00.
 */
export function parseTimeRange(raw: string, context: DateContext): ValueResult<TimeRange> {
  const text = normalizeNumeric(raw);
  const point = parseDateTime(text, context);
  if (point.ok) return valid({ start: point.value });

  let endsBeforeStart = false;
  for (const [startText, endText] of splitCandidates(text)) {
    const start = parseDateTime(startText, context);
    if (!start.ok) continue;

    const end = parseRangeEnd(endText, context, start.value);
    if (end.ok) return valid({ start: start.value, end: end.value });
    if (end.code === "invalid_range") endsBeforeStart = true;
  }

  return invalid(endsBeforeStart ? "invalid_range" : "invalid_datetime");
}
