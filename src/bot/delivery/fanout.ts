// Fan-out: turns new timeline entries into outbox posts for every
// destination. The cursor moves in the same transaction as the posts are
// stored, so a restart neither skips nor repeats an entry.
import { runInTransaction } from "../../db/transaction.ts";
import type { Database } from "../../db/client.ts";
import type { Destination } from "./types.ts";

const BATCH = 5;

export function postKey(kind: "root" | "edit" | "entry", destination: string, id: number): string {
  return `${kind}:${destination}:${id}`;
}

/** Stores posts for entries newer than the destination's cursor; returns how many entries it covered. */
export async function fanOut(db: Database, destination: Destination): Promise<number> {
  return runInTransaction(db, async (tx) => {
    const cursor = await tx.deliveryCursor.findUnique({ where: { destination: destination.id } });
    const entries = await tx.timelineEntry.findMany({
      where: { id: { gt: cursor?.lastEntryId ?? 0 } },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    if (entries.length === 0) return 0;

    for (const entry of entries) {
      const rootKey = postKey("root", destination.id, entry.incidentId);
      const hasRoot = await tx.outboxPost.findUnique({ where: { key: rootKey }, select: { id: true } });
      if (!hasRoot) {
        await tx.outboxPost.create({ data: { destination: destination.id, key: rootKey, kind: "root", incidentId: entry.incidentId, entryId: entry.id } });
      }
      if (entry.kind === "incident_opened") continue;
      await tx.outboxPost.create({
        data: { destination: destination.id, key: postKey("entry", destination.id, entry.id), kind: "thread_reply", incidentId: entry.incidentId, entryId: entry.id },
      });
      await tx.outboxPost.create({
        data: { destination: destination.id, key: postKey("edit", destination.id, entry.id), kind: "root_edit", incidentId: entry.incidentId, entryId: entry.id },
      });
    }

    const lastEntryId = entries[entries.length - 1]!.id;
    await tx.deliveryCursor.upsert({
      where: { destination: destination.id },
      create: { destination: destination.id, lastEntryId },
      update: { lastEntryId },
    });
    return entries.length;
  });
}
