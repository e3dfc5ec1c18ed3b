// One reminder tick: decides what is due at `now` and stores each reminder
// under its deterministic key. A reminder already stored, by an earlier tick
// or by another process, is not stored again.
import type { Database } from "../../db/client.ts";
import type { Logger } from "../../log.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import { findDueReminders } from "../../phases/reminders/due.ts";
import { reminderKeys } from "../../phases/reminders/keys.ts";
import type { PreviousRepeat, PreviousRepeatLookup } from "../../phases/reminders/request-ack.ts";
import type { ReminderRules } from "../../phases/reminders/types.ts";
import type { StoredBroadcast } from "../delivery/broadcast.ts";
import type { Destination } from "../delivery/types.ts";
import { enqueueOnce, outboxKeys } from "./enqueue.ts";

export interface ReminderJob {
  db: Database;
  directory: MemberDirectory;
  destinations: Destination[];
  logger: Logger;
  rules: ReminderRules;
}

/** Reads the re-announcements of a request already in the outbox, by their exact keys. */
export function previousRepeatFromOutbox(db: Database, destinations: Destination[], maxRepeats: number): PreviousRepeatLookup {
  return async (requestId) => {
    const keys: string[] = [];
    for (let repeat = 1; repeat <= maxRepeats; repeat++) keys.push(...outboxKeys(reminderKeys.requestAck(requestId, repeat), destinations));
    const posts = await db.outboxPost.findMany({ where: { key: { in: keys } }, select: { payload: true } });

    let latest: PreviousRepeat | undefined;
    for (const post of posts) {
      const stored = JSON.parse(post.payload ?? "{}") as StoredBroadcast;
      const payload = stored.payload as { repeat?: number; at?: string };
      if (typeof payload?.repeat !== "number" || typeof payload.at !== "string") continue;
      if (!latest || payload.repeat > latest.repeat) latest = { repeat: payload.repeat, at: new Date(payload.at) };
    }
    return latest;
  };
}

/** Stores every reminder due at `now` and returns the count of new posts that enqueueBroadcast reported. */
export async function runReminderTick(job: ReminderJob, now: Date): Promise<number> {
  const { db, directory, destinations, logger, rules } = job;
  const previousRepeat = previousRepeatFromOutbox(db, destinations, rules.requestAck.maxRepeats);
  const due = await findDueReminders(db, directory, now, rules, previousRepeat);

  let stored = 0;
  for (const reminder of due) {
    const created = await enqueueOnce(db, destinations, { type: reminder.type, key: reminder.key, payload: reminder.payload, incidentId: reminder.incidentId });
    if (created > 0) logger.info({ key: reminder.key, type: reminder.type, incidentId: reminder.incidentId, posts: created }, "reminder stored for posting");
    stored += created;
  }
  return stored;
}
