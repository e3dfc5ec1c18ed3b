// Threads and replies of incoming Matrix messages: which thread a command
// was typed in, which message it replies to, and which incident's root message
// that is, so a command inside an incident's thread may leave out `#N`.
import type { Database } from "../../db/client.ts";
import type { MatrixEvent } from "./client.ts";

interface Relation {
  rel_type?: string;
  event_id?: string;
  "m.in_reply_to"?: { event_id?: string };
}

function relationOf(event: MatrixEvent): Relation {
  const relation = event.content["m.relates_to"];
  return typeof relation === "object" && relation !== null ? (relation as Relation) : {};
}

/** Returns the root event of the thread that the event is in, if any. */
export function threadRootOf(event: MatrixEvent): string | undefined {
  const relation = relationOf(event);
  return relation.rel_type === "m.thread" && typeof relation.event_id === "string" ? relation.event_id : undefined;
}

/** Returns the event that this one replies to with a rich reply, if any. */
export function repliedEventOf(event: MatrixEvent): string | undefined {
  const eventId = relationOf(event)["m.in_reply_to"]?.event_id;
  return typeof eventId === "string" ? eventId : undefined;
}

/** True for an edit (m.replace) of an earlier message. */
export function isEdit(event: MatrixEvent): boolean {
  return relationOf(event).rel_type === "m.replace";
}

/** Finds the incident whose root message in the room is one of `eventIds`, tried in order. */
export async function incidentOfRootMessage(db: Database, roomId: string, eventIds: (string | undefined)[]): Promise<number | undefined> {
  for (const eventId of eventIds) {
    if (!eventId) continue;
    const thread = await db.incidentThread.findFirst({ where: { destination: `matrix:${roomId}`, rootRemoteId: eventId }, select: { incidentId: true } });
    if (thread) return thread.incidentId;
  }
  return undefined;
}

