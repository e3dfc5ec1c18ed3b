import { describe, expect, it } from "vitest";
import { reminderRules, resolveScheduleConfig, schedulesConfigSchema } from "../../../src/bot/schedules/config.ts";

describe("schedules config", () => {
  it("fills every default", () => {
    const config = schedulesConfigSchema.parse(undefined);
    expect(config.weeklySummary).toEqual({ enabled: true, cron: "0 9 * * 1", graceHours: 24 });
    expect(config.businessHours).toEqual({ start: "09:00", end: "18:00", days: [1, 2, 3, 4, 5], holidays: [] });
    expect(config.reminders.requestAck).toEqual({ enabled: true, afterMinutes: 30, maxRepeats: 3 });
    expect(config.reminders.mitigationOverdue.afterDays).toBe(1);
    expect(config.reminders.retrospectiveOverdue.afterDays).toBe(3);
    expect(config.reminders.retrospectiveMeeting).toEqual({ monthly: true, quarterly: true, day: "first-weekday", time: "10:00", graceHours: 24 });
  });

  it("fills defaults inside partial sections", () => {
    const config = schedulesConfigSchema.parse({ reminders: { requestAck: { maxRepeats: 5 } } });
    expect(config.reminders.requestAck).toEqual({ enabled: true, afterMinutes: 30, maxRepeats: 5 });
    expect(config.reminders.expectedStart.windowMinutes).toBe(180);
  });

  it("resolves the zone", () => {
    const parsed = schedulesConfigSchema.parse({});
    expect(resolveScheduleConfig(parsed, "Asia/Tokyo").timeZone).toBe("Asia/Tokyo");
    const own = schedulesConfigSchema.parse({ timeZone: "UTC" });
    expect(reminderRules(resolveScheduleConfig(own, "Asia/Tokyo")).timeZone).toBe("UTC");
  });

  it.each([
    [{ weeklySummary: { cron: "0 0 9 * * 1" } }, "weeklySummary.cron"],
    [{ weeklySummary: { cron: "every monday" } }, "weeklySummary.cron"],
    [{ weeklySummary: { graceHours: 0 } }, "weeklySummary.graceHours"],
    [{ timeZone: "Tokyo" }, "timeZone"],
    [{ businessHours: { start: "9:00" } }, "businessHours.start"],
    [{ businessHours: { start: "18:00", end: "09:00" } }, "businessHours.end"],
    [{ businessHours: { days: [0] } }, "businessHours.days.0"],
    [{ businessHours: { holidays: ["2026-02-30"] } }, "businessHours.holidays.0"],
    [{ reminders: { retrospectiveMeeting: { day: 31 } } }, "reminders.retrospectiveMeeting.day"],
    [{ reminders: { requestAck: { afterMinutes: 0 } } }, "reminders.requestAck.afterMinutes"],
  ])("rejects %o at %s", (input, path) => {
    const result = schedulesConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain(path);
  });
});
