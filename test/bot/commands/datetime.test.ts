import { describe, expect, it } from "vitest";

import { parseDateTime, type DateContext } from "../../../src/bot/commands/datetime.ts";
import { parseTimeRange } from "../../../src/bot/commands/range.ts";

// 2026-12-20 12:00 in Tokyo, a Sunday.
const tokyo: DateContext = { now: new Date("2026-12-20T03:00:00Z"), timeZone: "Asia/Tokyo" };
// 2026-03-07 12:00 EST, the day before clocks go forward in New York.
const newYork: DateContext = { now: new Date("2026-03-07T17:00:00Z"), timeZone: "America/New_York" };

function instant(raw: string, context: DateContext): string | undefined {
  const result = parseDateTime(raw, context);
  return result.ok ? result.value.toISOString() : undefined;
}

function range(raw: string, context: DateContext) {
  const result = parseTimeRange(raw, context);
  if (!result.ok) return result.code;
  return [result.value.start.toISOString(), result.value.end?.toISOString()];
}

describe("parseDateTime in Tokyo", () => {
  const cases: [string, string][] = [
    ["2026-12-24T21:00:00+09:00", "2026-12-24T12:00:00.000Z"],
    ["2026-12-24T12:00Z", "2026-12-24T12:00:00.000Z"],
    ["2026-12-24t21:00+0900", "2026-12-24T12:00:00.000Z"],
    ["2026-12-24T21:00:00.5+09", "2026-12-24T12:00:00.500Z"],
    ["2026-12-24 12:00Z", "2026-12-24T12:00:00.000Z"],
    ["2026-12-24T12:00+14:00", "2026-12-23T22:00:00.000Z"],
    ["2026-12-24 21:00", "2026-12-24T12:00:00.000Z"],
    ["2026-12-24", "2026-12-23T15:00:00.000Z"],
    ["2026/12/24 21:00", "2026-12-24T12:00:00.000Z"],
    ["12/24 21:00", "2026-12-24T12:00:00.000Z"],
    ["12/24 21時", "2026-12-24T12:00:00.000Z"],
    ["12/24", "2026-12-23T15:00:00.000Z"],
    ["12月24日21時", "2026-12-24T12:00:00.000Z"],
    ["12月24日21時30分", "2026-12-24T12:30:00.000Z"],
    ["12月24日 21:00", "2026-12-24T12:00:00.000Z"],
    ["2026年12月24日21時", "2026-12-24T12:00:00.000Z"],
    ["12/24(木) 21:00", "2026-12-24T12:00:00.000Z"],
    ["12月24日（木曜日）21時半", "2026-12-24T12:30:00.000Z"],
    ["21:00", "2026-12-20T12:00:00.000Z"],
    ["21時", "2026-12-20T12:00:00.000Z"],
    ["9:05", "2026-12-20T00:05:00.000Z"],
    ["24:00", "2026-12-20T15:00:00.000Z"],
    ["今", "2026-12-20T03:00:00.000Z"],
    ["NOW", "2026-12-20T03:00:00.000Z"],
    ["１２／２４　２１：００", "2026-12-24T12:00:00.000Z"],
    ["２０２６ー１２ー２４", "2026-12-23T15:00:00.000Z"],
    ["１２月２４日２１時", "2026-12-24T12:00:00.000Z"],
  ];

  it.each(cases)("%s", (raw, expected) => {
    expect(instant(raw, tokyo)).toBe(expected);
  });
});

describe("parseDateTime invalid input", () => {
  const cases = [
    "2/30",
    "13/1",
    "0/10",
    "25:00",
    "24:30",
    "12/24 21:60",
    "12月32日",
    "2026-02-29",
    "1969-12-31",
    "12/24(金) 21:00",
    "21:00+09:00",
    "2026-12-24 21:00+09:00",
    "2026-12-24T21:00+15:00",
    "12/24T21:00",
    "12-24",
    "tomorrow",
    "",
  ];

  it.each(cases)("%s", (raw) => {
    const result = parseDateTime(raw, tokyo);
    expect(result).toStrictEqual({ ok: false, code: "invalid_datetime" });
  });
});

describe("parseDateTime year inference", () => {
  it("rolls into next year", () => {
    const context = { ...tokyo, now: new Date("2026-12-30T03:00:00Z") };
    expect(instant("1/2", context)).toBe("2027-01-01T15:00:00.000Z");
  });

  it("rolls back to last year", () => {
    const context = { ...tokyo, now: new Date("2027-01-02T03:00:00Z") };
    expect(instant("12/30", context)).toBe("2026-12-29T15:00:00.000Z");
  });

  it("keeps the current year", () => {
    expect(instant("9/1 12:00", tokyo)).toBe("2026-09-01T03:00:00.000Z");
  });

  it("finds a nearby leap day", () => {
    const context = { ...tokyo, now: new Date("2027-12-01T03:00:00Z") };
    expect(instant("2/29", context)).toBe("2028-02-28T15:00:00.000Z");
  });

  it("rejects a leap day far away", () => {
    expect(instant("2/29", tokyo)).toBeUndefined();
  });
});

describe("parseDateTime in New York", () => {
  const cases: [string, string][] = [
    ["2026-03-08 01:30", "2026-03-08T06:30:00.000Z"],
    // 02:30 does not exist on 2026-03-08 and moves forward to 03:30 EDT.
    ["2026-03-08 02:30", "2026-03-08T07:30:00.000Z"],
    ["2026-03-08 03:30", "2026-03-08T07:30:00.000Z"],
    ["3/8 12:00", "2026-03-08T16:00:00.000Z"],
    ["2026-11-01 00:30", "2026-11-01T04:30:00.000Z"],
    // 01:30 occurs twice on 2026-11-01; the earlier one (EDT) wins.
    ["2026-11-01 01:30", "2026-11-01T05:30:00.000Z"],
    ["2026-11-01 02:30", "2026-11-01T07:30:00.000Z"],
    ["21:00", "2026-03-08T02:00:00.000Z"],
    ["2026-03-08T02:30-05:00", "2026-03-08T07:30:00.000Z"],
  ];

  it.each(cases)("%s", (raw, expected) => {
    expect(instant(raw, newYork)).toBe(expected);
  });
});

describe("parseTimeRange", () => {
  const cases: [string, DateContext, string | (string | undefined)[]][] = [
    ["12/24 21:00-23:00", tokyo, ["2026-12-24T12:00:00.000Z", "2026-12-24T14:00:00.000Z"]],
    ["12/24 23:00-01:00", tokyo, ["2026-12-24T14:00:00.000Z", "2026-12-24T16:00:00.000Z"]],
    ["12/24 21:00〜23:00", tokyo, ["2026-12-24T12:00:00.000Z", "2026-12-24T14:00:00.000Z"]],
    ["12/24 21:00~23:00", tokyo, ["2026-12-24T12:00:00.000Z", "2026-12-24T14:00:00.000Z"]],
    ["12/24 21:00～23:00", tokyo, ["2026-12-24T12:00:00.000Z", "2026-12-24T14:00:00.000Z"]],
    ["12/24 21:00 - 23:00", tokyo, ["2026-12-24T12:00:00.000Z", "2026-12-24T14:00:00.000Z"]],
    ["１２／２４　２１：００－２３：００", tokyo, ["2026-12-24T12:00:00.000Z", "2026-12-24T14:00:00.000Z"]],
    ["12月24日21時〜23時", tokyo, ["2026-12-24T12:00:00.000Z", "2026-12-24T14:00:00.000Z"]],
    ["21:00-24:00", tokyo, ["2026-12-20T12:00:00.000Z", "2026-12-20T15:00:00.000Z"]],
    ["12/31 22:00-1/1 02:00", tokyo, ["2026-12-31T13:00:00.000Z", "2026-12-31T17:00:00.000Z"]],
    ["12/24-12/26", tokyo, ["2026-12-23T15:00:00.000Z", "2026-12-26T15:00:00.000Z"]],
    ["2026-12-24-2026-12-26", tokyo, ["2026-12-23T15:00:00.000Z", "2026-12-26T15:00:00.000Z"]],
    [
      "2026-12-24T21:00+09:00-2026-12-25T01:00+09:00",
      tokyo,
      ["2026-12-24T12:00:00.000Z", "2026-12-24T16:00:00.000Z"],
    ],
    ["2026-12-24 21:00-23:00", tokyo, ["2026-12-24T12:00:00.000Z", "2026-12-24T14:00:00.000Z"]],
    ["2026-12-24T21:00-05:00", tokyo, ["2026-12-25T02:00:00.000Z", undefined]],
    ["12/24 21:00", tokyo, ["2026-12-24T12:00:00.000Z", undefined]],
    // Four hours elapse because 01:00-02:00 repeats when clocks go back.
    ["2026-11-01 00:00-03:00", newYork, ["2026-11-01T04:00:00.000Z", "2026-11-01T08:00:00.000Z"]],
    ["3/7 23:00-3/8 04:00", newYork, ["2026-03-08T04:00:00.000Z", "2026-03-08T08:00:00.000Z"]],
    ["2026-12-24 21:00-05:00", tokyo, ["2026-12-24T12:00:00.000Z", "2026-12-24T20:00:00.000Z"]],
    ["12/24-12/24", tokyo, ["2026-12-23T15:00:00.000Z", "2026-12-24T15:00:00.000Z"]],
    ["12/24 21:00-12/23 21:00", tokyo, "invalid_range"],
    ["12/24-12/23", tokyo, "invalid_range"],
    ["12/24 21:00-25:00", tokyo, "invalid_datetime"],
    ["12/24 21:00~22:00~23:00", tokyo, "invalid_datetime"],
    ["12/24 21:00-", tokyo, "invalid_datetime"],
    ["12/40 21:00", tokyo, "invalid_datetime"],
  ];

  it.each(cases)("%s", (raw, context, expected) => {
    expect(range(raw, context)).toStrictEqual(expected);
  });
});
