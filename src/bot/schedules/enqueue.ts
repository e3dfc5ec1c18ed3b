// Stores a scheduled post once per destination. The outbox key is unique, so
// when two processes on the same database decide the same post at the same
// moment, one insert wins and the other finds the post already stored.
import type { Database } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { enqueueBroadcast, type BroadcastItem } from "../delivery/broadcast.ts";
import type { Destination } from "../delivery/types.ts";

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Stores the item for every destination that lacks it and returns the count
 * of new posts that enqueueBroadcast reported. Under a race with another
 * process that count can include posts the other process stored.
 */
export async function enqueueOnce(db: Database, destinations: Destination[], item: BroadcastItem): Promise<number> {
  try {
    return await enqueueBroadcast(db, destinations, item);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another process stored one of the posts between the existence check and
    // the insert. Running again skips the posts that exist now.
    // NOTE: in the two-process tests the race ended in a busy retry inside
    // enqueueBroadcast and never reached this branch, so it is untested.
    return enqueueBroadcast(db, destinations, item);
  }
}

/** Exact outbox keys of an item in each destination, as enqueueBroadcast forms them. */
export function outboxKeys(key: string, destinations: Destination[]): string[] {
  return destinations.map((destination) => `${key}:${destination.id}`);
}
