import { describe, expect, it } from "vitest";
import { dueMeetingReminders } from "../../../src/phases/reminders/meeting.ts";
import { fiscalQuarterOf, meetingReminderTime, previousQuarterPeriod, quarterLabel } from "../../../src/phases/reminders/periods.ts";
import { defaultRules, jst } from "./rules.ts";

describe("fiscal quarters", () => {
  it.each([
    [2026, 4, "FY2026-Q1"],
    [2026, 6, "FY2026-Q1"],
    [2026, 7, "FY2026-Q2"],
    [2026, 9, "FY2026-Q2"],
    [2026, 10, "FY2026-Q3"],
    [2026, 12, "FY2026-Q3"],
    [2027, 1, "FY2026-Q4"],
    [2027, 3, "FY2026-Q4"],
    [2027, 4, "FY2027-Q1"],
  ])("puts %i-%i in %s", (year, month, label) => {
    expect(quarterLabel(fiscalQuarterOf({ year, month }))).toBe(label);
  });

  it.each([
    [{ year: 2026, month: 4 }, "FY2025-Q4", { year: 2026, month: 1 }],
    [{ year: 2026, month: 7 }, "FY2026-Q1", { year: 2026, month: 4 }],
    [{ year: 2027, month: 1 }, "FY2026-Q3", { year: 2026, month: 10 }],
  ])("reviews the quarter before %o", (month, label, first) => {
    const period = previousQuarterPeriod(month);
    expect(period?.label).toBe(label);
    expect(period?.first).toEqual(first);
    expect(period?.after).toEqual(month);
  });

  it("has no quarter mid-quarter", () => {
    expect(previousQuarterPeriod({ year: 2026, month: 5 })).toBeUndefined();
  });
});

describe("meetingReminderTime", () => {
  const rules = defaultRules();

  it.each([
    [{ year: 2026, month: 11 }, "2026-11-02T10:00"], // 1 Nov 2026 is a Sunday
    [{ year: 2026, month: 12 }, "2026-12-01T10:00"],
    [{ year: 2026, month: 8 }, "2026-08-03T10:00"], // 1 Aug is a Saturday
  ])("posts %o at %s", (month, at) => {
    expect(meetingReminderTime(month, rules)).toEqual(jst(at));
  });

  it("skips configured holidays", () => {
    const withHolidays = defaultRules({ businessHours: { ...rules.businessHours, holidays: ["2027-01-01"] } });
    expect(meetingReminderTime({ year: 2027, month: 1 }, withHolidays)).toEqual(jst("2027-01-04T10:00"));
  });

  it("uses a fixed day when set", () => {
    const fixed = defaultRules({ retrospectiveMeeting: { ...rules.retrospectiveMeeting, day: 15, time: "16:30" } });
    expect(meetingReminderTime({ year: 2026, month: 11 }, fixed)).toEqual(jst("2026-11-15T16:30"));
  });
});

describe("dueMeetingReminders", () => {
  const rules = defaultRules();
  const keys = (at: string) => dueMeetingReminders(jst(at), rules).map((reminder) => reminder.key);

  it.each([
    ["2026-12-01T09:59", []],
    ["2026-12-01T10:00", ["reminder:retrospective_meeting:month:2026-11"]],
    ["2026-12-02T09:59", ["reminder:retrospective_meeting:month:2026-11"]],
    ["2026-12-02T10:00", []], // grace of 24 h has passed
    ["2027-01-01T10:00", ["reminder:retrospective_meeting:month:2026-12", "reminder:retrospective_meeting:quarter:FY2026-Q3"]],
    ["2026-04-01T10:00", ["reminder:retrospective_meeting:month:2026-03", "reminder:retrospective_meeting:quarter:FY2025-Q4"]],
  ])("at %s gives %o", (at, expected) => {
    expect(keys(at)).toEqual(expected);
  });

  it("describes the quarter's dates", () => {
    const [, quarter] = dueMeetingReminders(jst("2027-01-01T10:00"), rules);
    expect(quarter?.payload).toEqual({ period: "quarter", label: "FY2026-Q3", startDate: "2026-10-01", endDate: "2027-01-01", timeZone: "Asia/Tokyo" });
  });

  it("honours disabled periods", () => {
    const monthlyOnly = defaultRules({ retrospectiveMeeting: { ...rules.retrospectiveMeeting, quarterly: false } });
    expect(dueMeetingReminders(jst("2027-01-01T10:00"), monthlyOnly).map((reminder) => reminder.key)).toEqual(["reminder:retrospective_meeting:month:2026-12"]);
  });
});
