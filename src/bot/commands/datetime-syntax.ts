// Recognizes the date and time notations members type, without interpreting
// them in a time zone. Input must already be passed through normalizeNumeric.

export interface DateSyntax {
  year?: number;
  month: number;
  day: number;
  /** 0 = Sunday, from a typed "(木)"-style weekday that must match the date. */
  weekday?: number;
}

export interface TimeSyntax {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export type PointSyntax =
  | { kind: "now" }
  | { kind: "wall"; date?: DateSyntax; time?: TimeSyntax }
  /** An ISO 8601 date and time with "Z" or a numeric UTC offset. */
  | { kind: "fixed"; date: Required<Omit<DateSyntax, "weekday">>; time: TimeSyntax; offsetMinutes: number };

type WallSyntax = Extract<PointSyntax, { kind: "wall" }>;

const NOW_WORDS = new Set(["now", "今", "いま", "現在"]);
const WEEKDAYS = "日月火水木金土";

const DATE = [
  String.raw`(?<isoYear>\d{4})(?<isoSep>[-/])(?<isoMonth>\d{1,2})\k<isoSep>(?<isoDay>\d{1,2})`,
  String.raw`(?:(?<jaYear>\d{4}) ?年 ?)?(?<jaMonth>\d{1,2}) ?月 ?(?<jaDay>\d{1,2}) ?日`,
  String.raw`(?<month>\d{1,2})/(?<day>\d{1,2})`,
].join("|");
const WEEKDAY = String.raw`(?: ?\((?<weekday>[${WEEKDAYS}])(?:曜日?)?\))?`;
const TIME = [
  String.raw`(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.(?<fraction>\d{1,3}))?)?`,
  String.raw`(?<jaHour>\d{1,2}) ?時(?: ?(?<jaMinute>\d{1,2}) ?分|(?<half>半))?`,
].join("|");
const OFFSET = String.raw`(?<offset>z|[+-]\d{2}(?::?\d{2})?)`;
const POINT = new RegExp(String.raw`^(?:(?:${DATE})${WEEKDAY})?(?<separator>t| ?)(?:${TIME})?(?: ?${OFFSET})?$`, "u");

type Groups = Record<string, string | undefined>;

function toNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

function readDate(groups: Groups): DateSyntax | undefined {
  const month = toNumber(groups.isoMonth ?? groups.jaMonth ?? groups.month);
  const day = toNumber(groups.isoDay ?? groups.jaDay ?? groups.day);
  if (month === undefined || day === undefined) return undefined;

  const date: DateSyntax = { month, day };
  const year = toNumber(groups.isoYear ?? groups.jaYear);
  if (year !== undefined) date.year = year;
  if (groups.weekday !== undefined) date.weekday = WEEKDAYS.indexOf(groups.weekday);
  return date;
}

function readTime(groups: Groups): TimeSyntax | undefined {
  if (groups.hour !== undefined) {
    return {
      hour: Number(groups.hour),
      minute: Number(groups.minute),
      second: Number(groups.second ?? 0),
      millisecond: Number((groups.fraction ?? "0").padEnd(3, "0")),
    };
  }
  if (groups.jaHour === undefined) return undefined;

  const minute = groups.half !== undefined ? 30 : Number(groups.jaMinute ?? 0);
  return { hour: Number(groups.jaHour), minute, second: 0, millisecond: 0 };
}

// Offsets in use range from UTC-12:00 to UTC+14:00. The bound also keeps
// "2026-12-24T21:00-23:00" from reading as one instant at UTC-23.
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;

/** Returns the offset in minutes east of UTC for "z", "+09:00", "+0900" or "-05". */
function readOffset(text: string): number | undefined {
  if (text === "z") return 0;
  const hours = Number(text.slice(1, 3));
  const minutes = Number(text.slice(3).replace(":", "") || "0");
  const offset = (text.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
  if (minutes > 59 || offset < MIN_OFFSET_MINUTES || offset > MAX_OFFSET_MINUTES) return undefined;
  return offset;
}

/** Parses one point in time, or returns undefined if the notation is unknown. */
export function parsePointSyntax(text: string): PointSyntax | undefined {
  if (NOW_WORDS.has(text)) return { kind: "now" };

  const groups = POINT.exec(text)?.groups;
  if (groups === undefined) return undefined;

  const date = readDate(groups);
  const time = readTime(groups);
  if (date === undefined && time === undefined) return undefined;

  // "T" and a UTC offset belong to ISO 8601 notation only. A numeric offset
  // also needs the "T", so "2026-12-24 21:00-05:00" is a range, not UTC-5.
  const isIso = groups.isoYear !== undefined && time !== undefined;
  if (groups.separator === "t" && !isIso) return undefined;
  if (groups.offset !== undefined && groups.offset !== "z" && groups.separator !== "t") return undefined;
  if (groups.offset === undefined) {
    const wall: WallSyntax = { kind: "wall" };
    if (date !== undefined) wall.date = date;
    if (time !== undefined) wall.time = time;
    return wall;
  }
  if (!isIso || date?.weekday !== undefined) return undefined;

  const offsetMinutes = readOffset(groups.offset);
  if (offsetMinutes === undefined) return undefined;
  return { kind: "fixed", date: { year: date!.year!, month: date!.month, day: date!.day }, time: time!, offsetMinutes };
}
