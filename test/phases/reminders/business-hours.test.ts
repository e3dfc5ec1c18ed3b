import { describe, expect, it } from "vitest";
import { isBusinessTime } from "../../../src/phases/reminders/business-hours.ts";
import { defaultRules, jst } from "./rules.ts";

const { businessHours } = defaultRules();

describe("isBusinessTime", () => {
  it.each([
    ["2026-12-07T08:59", false], // Monday before opening
    ["2026-12-07T09:00", true], // opening minute
    ["2026-12-07T17:59", true],
    ["2026-12-07T18:00", false], // closing time is outside
    ["2026-12-11T12:00", true], // Friday
    ["2026-12-12T12:00", false], // Saturday
    ["2026-12-13T12:00", false], // Sunday
  ])("treats %s as business time: %s", (at, expected) => {
    expect(isBusinessTime(jst(at), "Asia/Tokyo", businessHours)).toBe(expected);
  });

  it("skips configured holidays", () => {
    const hours = { ...businessHours, holidays: ["2026-12-29"] };
    expect(isBusinessTime(jst("2026-12-29T10:00"), "Asia/Tokyo", hours)).toBe(false);
    expect(isBusinessTime(jst("2026-12-28T10:00"), "Asia/Tokyo", hours)).toBe(true);
  });

  it("reads hours on the zone's clock", () => {
    // 2026-12-07 00:30 UTC is 09:30 in Tokyo but 00:30 in UTC.
    const instant = new Date("2026-12-07T00:30:00Z");
    expect(isBusinessTime(instant, "Asia/Tokyo", businessHours)).toBe(true);
    expect(isBusinessTime(instant, "UTC", businessHours)).toBe(false);
  });
});
