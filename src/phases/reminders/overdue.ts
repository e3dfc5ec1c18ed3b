// Nudges for incidents that stall: under attack without any mitigation, or
// subsided without a retrospective. Each is posted once per incident, and the
// retrospective nudge, not being urgent, waits for business hours.
import type { Database } from "../../db/client.ts";
import { isBusinessTime } from "./business-hours.ts";
import { reminderKeys } from "./keys.ts";
import type { DueReminder, ReminderRules } from "./types.ts";

const MS_PER_DAY = 86_400_000;

/** True once `days` days have passed since `since`. */
export function isOverdue(since: Date, now: Date, days: number): boolean {
  return now.getTime() - since.getTime() >= days * MS_PER_DAY;
}

export async function dueOverdueNudges(db: Database, now: Date, rules: ReminderRules): Promise<DueReminder[]> {
  const due: DueReminder[] = [];
  const { mitigationOverdue, retrospectiveOverdue } = rules;

  if (mitigationOverdue.enabled) {
    const days = mitigationOverdue.afterDays;
    const underAttack = await db.incident.findMany({ where: { state: "under_attack", mitigations: { none: {} } }, orderBy: { id: "asc" } });
    for (const incident of underAttack.filter((candidate) => isOverdue(candidate.stateChangedAt, now, days))) {
      due.push({ type: "reminder_mitigation_overdue", key: reminderKeys.mitigationOverdue(incident.id), incidentId: incident.id, payload: { incidentId: incident.id, days } });
    }
  }

  if (retrospectiveOverdue.enabled && isBusinessTime(now, rules.timeZone, rules.businessHours)) {
    const days = retrospectiveOverdue.afterDays;
    const subsided = await db.incident.findMany({ where: { state: "subsided", retrospective: { is: null } }, orderBy: { id: "asc" } });
    for (const incident of subsided.filter((candidate) => isOverdue(candidate.stateChangedAt, now, days))) {
      due.push({ type: "reminder_retrospective_overdue", key: reminderKeys.retrospectiveOverdue(incident.id), incidentId: incident.id, payload: { incidentId: incident.id, days } });
    }
  }
  return due;
}
