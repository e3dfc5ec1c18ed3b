// Everything a scheduler tick should post at `now`. Calling it again with the
// same records returns the same keys, so storing the result is idempotent.
import type { Database } from "../../db/client.ts";
import type { MemberDirectory } from "../actor.ts";
import { dueExpectedStartReminders } from "./expected-start.ts";
import { dueMeetingReminders } from "./meeting.ts";
import { dueOverdueNudges } from "./overdue.ts";
import { dueRequestAckReminders, type PreviousRepeatLookup } from "./request-ack.ts";
import type { DueReminder, ReminderRules } from "./types.ts";

export async function findDueReminders(
  db: Database,
  directory: MemberDirectory,
  now: Date,
  rules: ReminderRules,
  previousRepeat: PreviousRepeatLookup,
): Promise<DueReminder[]> {
  return [
    ...(await dueExpectedStartReminders(db, directory, now, rules.expectedStart)),
    ...(await dueRequestAckReminders(db, now, rules, previousRepeat)),
    ...(await dueOverdueNudges(db, now, rules)),
    ...dueMeetingReminders(now, rules),
  ];
}
