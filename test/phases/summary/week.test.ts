import { describe, expect, it } from "vitest";
import { parseWeekArgument } from "../../../src/phases/summary/week-argument.ts";
import { isoWeeksInYear, lastCompleteWeek, weekContaining, weekOfIsoWeek, weekStartingOn } from "../../../src/phases/summary/week.ts";

const TOKYO = "Asia/Tokyo";

describe("weekContaining", () => {
  it.each([
    // [instant (UTC), expected Monday in Tokyo]
    ["2026-11-29T15:00:00Z", "2026-11-30"], // Monday 00:00 JST starts the week
    ["2026-11-29T14:59:59Z", "2026-11-23"], // Sunday 23:59:59 JST still belongs to the week before
    ["2026-12-06T14:59:59Z", "2026-11-30"],
    ["2026-12-06T15:00:00Z", "2026-12-07"],
  ])("puts %s in the week of %s", (instant, monday) => {
    expect(weekContaining(new Date(instant), TOKYO).startDate).toBe(monday);
  });

  it("gives Tokyo midnight boundaries", () => {
    const week = weekStartingOn("2026-11-30", TOKYO);
    expect(week.start.toISOString()).toBe("2026-11-29T15:00:00.000Z");
    expect(week.end.toISOString()).toBe("2026-12-06T15:00:00.000Z");
    expect(week.isoWeek).toBe("2026-W49");
  });

  it("follows the zone's own DST", () => {
    // New York: clocks go forward on Sunday 2026-03-08, so the week is 167 hours long.
    const week = weekStartingOn("2026-03-02", "America/New_York");
    expect(week.start.toISOString()).toBe("2026-03-02T05:00:00.000Z");
    expect(week.end.toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });
});

describe("ISO weeks", () => {
  it.each([
    ["2026-W01", 2026, 1, "2025-12-29"],
    ["2026-W53", 2026, 53, "2026-12-28"],
    ["2027-W01", 2027, 1, "2027-01-04"],
    ["2020-W53", 2020, 53, "2020-12-28"],
  ])("maps %s to its Monday", (label, year, week, monday) => {
    const found = weekOfIsoWeek(year, week, TOKYO);
    expect(found?.startDate).toBe(monday);
    expect(found?.isoWeek).toBe(label);
  });

  it("knows years with 53 weeks", () => {
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2027)).toBe(52);
    expect(weekOfIsoWeek(2027, 53, TOKYO)).toBeUndefined();
  });

  it("rejects a week start that is no Monday", () => {
    expect(() => weekStartingOn("2026-12-01", TOKYO)).toThrow(/not a Monday/);
    expect(() => weekStartingOn("2026-02-30", TOKYO)).toThrow(/not an ISO date/);
  });
});

describe("parseWeekArgument", () => {
  // Thursday 2026-12-10 12:00 in Tokyo.
  const context = { now: new Date("2026-12-10T03:00:00Z"), timeZone: TOKYO };
  const startOf = (raw: string | undefined) => {
    const result = parseWeekArgument(raw, context);
    return result.ok ? result.week.startDate : result.error.code;
  };

  it.each([
    [undefined, "2026-11-30"],
    ["", "2026-11-30"],
    ["last", "2026-11-30"],
    ["先週", "2026-11-30"],
    ["Last Week", "2026-11-30"],
    ["this", "2026-12-07"],
    ["今週", "2026-12-07"],
    ["2026-W49", "2026-11-30"],
    ["2026-w9", "2026-02-23"],
    ["２０２６－Ｗ４９", "2026-11-30"],
    ["2026-12-03", "2026-11-30"],
    ["12/3", "2026-11-30"],
    ["12月6日", "2026-11-30"],
    ["2026/11/30", "2026-11-30"],
  ])("reads %s", (raw, monday) => {
    expect(startOf(raw)).toBe(monday);
  });

  it.each([
    ["next", "invalid_week"],
    ["2026-W54", "no_such_iso_week"],
    ["2027-W53", "no_such_iso_week"],
    ["2026-12-14", "future_week"],
    ["2027-W02", "future_week"],
  ])("rejects %s", (raw, code) => {
    expect(startOf(raw)).toBe(code);
  });

  it("keeps the typed value in errors", () => {
    const result = parseWeekArgument("  next ", context);
    expect(result).toEqual({ ok: false, error: { code: "invalid_week", value: "next" } });
  });

  it("finds last complete week on Monday", () => {
    expect(lastCompleteWeek(new Date("2026-12-07T00:00:00Z"), TOKYO).startDate).toBe("2026-11-30");
  });
});
