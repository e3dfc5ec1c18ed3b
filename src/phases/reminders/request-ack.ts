// Coordination requests not acknowledged in time are announced again to the
// addressed organization: at most `maxRepeats` times, each at least
// `afterMinutes` after the request and after the previous announcement.
// Non-urgent requests are announced only in business hours.
import type { Database } from "../../db/client.ts";
import { isBusinessTime } from "./business-hours.ts";
import { reminderKeys } from "./keys.ts";
import type { DueReminder, ReminderRules } from "./types.ts";

export interface PreviousRepeat {
  repeat: number;
  at: Date;
}

/** Looks up the latest re-announcement already stored for a request. */
export type PreviousRepeatLookup = (requestId: number) => Promise<PreviousRepeat | undefined>;

/** Returns the number of the re-announcement due now, or undefined when none is due. */
export function nextRequestRepeat(
  request: { requestedAt: Date; urgent: boolean },
  previous: PreviousRepeat | undefined,
  now: Date,
  rules: Pick<ReminderRules, "requestAck" | "businessHours" | "timeZone">,
): number | undefined {
  const intervalMs = rules.requestAck.afterMinutes * 60_000;
  const repeat = (previous?.repeat ?? 0) + 1;
  if (repeat > rules.requestAck.maxRepeats) return undefined;

  // After downtime, repeats are spread out instead of posted together.
  const dueAt = Math.max(request.requestedAt.getTime() + repeat * intervalMs, previous ? previous.at.getTime() + intervalMs : 0);
  if (now.getTime() < dueAt) return undefined;
  if (!request.urgent && !isBusinessTime(now, rules.timeZone, rules.businessHours)) return undefined;
  return repeat;
}

export async function dueRequestAckReminders(db: Database, now: Date, rules: ReminderRules, previousRepeat: PreviousRepeatLookup): Promise<DueReminder[]> {
  if (!rules.requestAck.enabled || rules.requestAck.maxRepeats === 0) return [];
  const requests = await db.coordinationRequest.findMany({
    where: {
      state: "requested",
      requestedAt: { lte: new Date(now.getTime() - rules.requestAck.afterMinutes * 60_000) },
      incident: { state: { not: "closed" } },
    },
    orderBy: { id: "asc" },
  });

  const due: DueReminder[] = [];
  for (const request of requests) {
    const repeat = nextRequestRepeat(request, await previousRepeat(request.id), now, rules);
    if (repeat === undefined) continue;
    due.push({
      type: "reminder_request_ack",
      key: reminderKeys.requestAck(request.id, repeat),
      incidentId: request.incidentId,
      payload: { requestId: request.id, repeat, at: now.toISOString() },
    });
  }
  return due;
}
