// Default reminder rules, as the schedules config gives them, for tests.
import type { ReminderRules } from "../../../src/phases/reminders/types.ts";

export function defaultRules(overrides: Partial<ReminderRules> = {}): ReminderRules {
  return {
    timeZone: "Asia/Tokyo",
    businessHours: { start: "09:00", end: "18:00", days: [1, 2, 3, 4, 5], holidays: [] },
    expectedStart: { enabled: true, windowMinutes: 180 },
    requestAck: { enabled: true, afterMinutes: 30, maxRepeats: 3 },
    mitigationOverdue: { enabled: true, afterDays: 1 },
    retrospectiveOverdue: { enabled: true, afterDays: 3 },
    retrospectiveMeeting: { monthly: true, quarterly: true, day: "first-weekday", time: "10:00", graceHours: 24 },
    ...overrides,
  };
}

/** A Japan-time "YYYY-MM-DDTHH:MM" as an instant. */
export const jst = (text: string) => new Date(`${text}:00+09:00`);
