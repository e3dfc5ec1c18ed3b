import { describe, expect, it } from "vitest";

import { addDays, offsetAt, wallClockAt, wallClockToEpoch, type WallClock } from "../../../src/bot/commands/zone.ts";

const wall = (year: number, month: number, day: number, hour: number, minute = 0): WallClock => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
});
const iso = (epoch: number) => new Date(epoch).toISOString();

describe("wallClockToEpoch", () => {
  it("converts Tokyo time", () => {
    expect(iso(wallClockToEpoch(wall(2026, 12, 24, 21), "Asia/Tokyo"))).toBe("2026-12-24T12:00:00.000Z");
  });

  it("moves a skipped time forward", () => {
    expect(iso(wallClockToEpoch(wall(2026, 3, 8, 2, 30), "America/New_York"))).toBe("2026-03-08T07:30:00.000Z");
  });

  it("takes the earlier repeated time", () => {
    expect(iso(wallClockToEpoch(wall(2026, 11, 1, 1, 30), "America/New_York"))).toBe("2026-11-01T05:30:00.000Z");
  });

  it("handles a time after fall back", () => {
    expect(iso(wallClockToEpoch(wall(2026, 11, 1, 2, 0), "America/New_York"))).toBe("2026-11-01T07:00:00.000Z");
  });

  it("round-trips every hour of March 8", () => {
    for (let hour = 0; hour < 24; hour++) {
      if (hour === 2) continue;
      const epoch = wallClockToEpoch(wall(2026, 3, 8, hour), "America/New_York");
      expect(wallClockAt(epoch, "America/New_York")).toStrictEqual(wall(2026, 3, 8, hour));
    }
  });
});

describe("offsetAt", () => {
  it("is +9 hours in Tokyo", () => {
    expect(offsetAt(Date.parse("2026-07-01T00:00:00Z"), "Asia/Tokyo")).toBe(9 * 3_600_000);
  });

  it("changes across New York DST", () => {
    expect(offsetAt(Date.parse("2026-03-08T06:59:59Z"), "America/New_York")).toBe(-5 * 3_600_000);
    expect(offsetAt(Date.parse("2026-03-08T07:00:00Z"), "America/New_York")).toBe(-4 * 3_600_000);
  });
});

describe("addDays", () => {
  it("crosses a year end", () => {
    expect(addDays(wall(2026, 12, 31, 23), 1)).toStrictEqual(wall(2027, 1, 1, 23));
  });
});
