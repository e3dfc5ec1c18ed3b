// Monthly and quarterly reminders of the retrospective meeting (振り返り会).
// The reminder posted in a month lists the previous month. In April, July,
// October and January a second reminder lists the fiscal quarter just ended.
import { dateInZone } from "../summary/week.ts";
import { reminderKeys } from "./keys.ts";
import { meetingReminderTime, periodDates, previousMonthPeriod, previousQuarterPeriod, shiftMonth, type ReviewPeriod } from "./periods.ts";
import type { DueReminder, ReminderRules } from "./types.ts";

/** Meeting reminders whose posting time has passed by less than the grace period. */
export function dueMeetingReminders(now: Date, rules: ReminderRules): DueReminder[] {
  const meeting = rules.retrospectiveMeeting;
  if (!meeting.monthly && !meeting.quarterly) return [];
  const graceMs = meeting.graceHours * 3_600_000;
  const today = dateInZone(now, rules.timeZone);
  const thisMonth = { year: today.year, month: today.month };

  const due: DueReminder[] = [];
  // The previous month too, in case its posting time plus the grace period reaches into this month.
  for (const month of [shiftMonth(thisMonth, -1), thisMonth]) {
    const postAt = meetingReminderTime(month, rules).getTime();
    if (now.getTime() < postAt || now.getTime() >= postAt + graceMs) continue;

    const periods: (ReviewPeriod | undefined)[] = [
      meeting.monthly ? previousMonthPeriod(month) : undefined,
      meeting.quarterly ? previousQuarterPeriod(month) : undefined,
    ];
    for (const period of periods) {
      if (!period) continue;
      due.push({
        type: "reminder_retrospective_meeting",
        key: reminderKeys.meeting(period.kind, period.label),
        payload: { period: period.kind, label: period.label, ...periodDates(period), timeZone: rules.timeZone },
      });
    }
  }
  return due;
}
