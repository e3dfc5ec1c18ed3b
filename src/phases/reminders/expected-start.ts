// When a notice's expected start arrives, ask the members that have not
// reported yet whether they observe the attack.
import type { Database } from "../../db/client.ts";
import type { MemberDirectory } from "../actor.ts";
import { participationOf } from "../incident-view.ts";
import { reminderKeys } from "./keys.ts";
import type { DueReminder, ReminderRules } from "./types.ts";

/**
 * True from the expected start until `windowMinutes` after it, or until the
 * expected end when that is later: after that, asking is no longer useful.
 */
export function isExpectedStartDue(expectedStart: Date, expectedEnd: Date | null, now: Date, windowMinutes: number): boolean {
  const windowEnd = Math.max(expectedStart.getTime() + windowMinutes * 60_000, expectedEnd?.getTime() ?? 0);
  return expectedStart.getTime() <= now.getTime() && now.getTime() < windowEnd;
}

/** Returns reminders for notices whose expected start is due, on open incidents where some organization has not reported yet. */
export async function dueExpectedStartReminders(
  db: Database,
  directory: MemberDirectory,
  now: Date,
  rule: ReminderRules["expectedStart"],
): Promise<DueReminder[]> {
  if (!rule.enabled) return [];
  const windowStart = new Date(now.getTime() - rule.windowMinutes * 60_000);
  const notices = await db.notice.findMany({
    where: {
      expectedStart: { lte: now },
      OR: [{ expectedStart: { gt: windowStart } }, { expectedEnd: { gt: now } }],
      incident: { state: { not: "closed" } },
    },
    include: { incident: { include: { detections: { orderBy: { id: "asc" } } } } },
    orderBy: { id: "asc" },
  });

  const due: DueReminder[] = [];
  for (const notice of notices) {
    if (!isExpectedStartDue(notice.expectedStart!, notice.expectedEnd, now, rule.windowMinutes)) continue;
    const { noAnswer } = participationOf(notice.incident.detections, directory.organizationIds());
    if (noAnswer.length === 0) continue;
    due.push({ type: "reminder_expected_start", key: reminderKeys.expectedStart(notice.id), incidentId: notice.incidentId, payload: { noticeId: notice.id } });
  }
  return due;
}
