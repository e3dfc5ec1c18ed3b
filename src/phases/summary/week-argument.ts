// The optional week argument of `/dos summary [week]`: nothing (the last
// complete week), this/今週, last/先週, an ISO week such as 2026-W49, or any
// date (or time) inside the week in the forms other commands accept.
import { parseDateTime } from "../../bot/commands/datetime.ts";
import { normalizeNumeric, toLooseKey } from "../../bot/commands/normalize.ts";
import { lastCompleteWeek, weekContaining, weekOfIsoWeek, type Week } from "./week.ts";

export type WeekArgumentErrorCode =
  /** Not one of the accepted forms. */
  | "invalid_week"
  /** An ISO week number the year does not have, such as 2026-W54. */
  | "no_such_iso_week"
  /** A week that has not started yet. */
  | "future_week";

export interface WeekArgumentError {
  code: WeekArgumentErrorCode;
  /** The argument as typed. */
  value: string;
}

export type WeekArgumentResult = { ok: true; week: Week } | { ok: false; error: WeekArgumentError };

export interface WeekArgumentContext {
  now: Date;
  timeZone: string;
}

const THIS_WEEK = new Set(["this", "thisweek", "今週"]);
const LAST_WEEK = new Set(["last", "lastweek", "先週"]);
const ISO_WEEK = /^(\d{4})-?w(\d{1,2})$/;

export function parseWeekArgument(raw: string | undefined, context: WeekArgumentContext): WeekArgumentResult {
  const { now, timeZone } = context;
  const typed = raw?.trim() ?? "";
  if (typed === "") return { ok: true, week: lastCompleteWeek(now, timeZone) };

  const keyword = toLooseKey(typed);
  if (THIS_WEEK.has(keyword)) return { ok: true, week: weekContaining(now, timeZone) };
  if (LAST_WEEK.has(keyword)) return { ok: true, week: lastCompleteWeek(now, timeZone) };

  const numeric = normalizeNumeric(typed);
  const isoWeek = ISO_WEEK.exec(numeric);
  let week: Week | undefined;
  if (isoWeek) {
    week = weekOfIsoWeek(Number(isoWeek[1]), Number(isoWeek[2]), timeZone);
    if (!week) return { ok: false, error: { code: "no_such_iso_week", value: typed } };
  } else {
    const instant = parseDateTime(typed, { now, timeZone });
    if (!instant.ok) return { ok: false, error: { code: "invalid_week", value: typed } };
    week = weekContaining(instant.value, timeZone);
  }

  if (week.start.getTime() > now.getTime()) return { ok: false, error: { code: "future_week", value: typed } };
  return { ok: true, week };
}
