// Pending outbox posts per destination platform, read from the OutboxPost
// table. Metrics read it at scrape time and the readiness check reads it on
// every /readyz request, so it is one aggregate query over the
// (destination, state, id) index.
import type { Database } from "../db/client.ts";

export interface PendingPostStats {
  /** Platform part of the destination id ("slack" in "slack:C0123ABCD" and in "slack:replies"). */
  platform: string;
  pending: number;
  /** Creation time of the oldest pending post. */
  oldestCreatedAt: Date;
}

/** Returns one entry per platform that has pending posts. Platforms without any are left out. */
export async function readPendingPosts(db: Database): Promise<PendingPostStats[]> {
  const groups = await db.outboxPost.groupBy({
    by: ["destination"],
    where: { state: "pending" },
    _count: { _all: true },
    _min: { createdAt: true },
  });

  const byPlatform = new Map<string, PendingPostStats>();
  for (const group of groups) {
    const platform = platformOfDestination(group.destination);
    const oldest = group._min.createdAt ?? new Date();
    const known = byPlatform.get(platform);
    if (!known) {
      byPlatform.set(platform, { platform, pending: group._count._all, oldestCreatedAt: oldest });
      continue;
    }
    known.pending += group._count._all;
    if (oldest < known.oldestCreatedAt) known.oldestCreatedAt = oldest;
  }
  return [...byPlatform.values()];
}

/** Destination ids are "<platform>:<channel, room or lane>". */
export function platformOfDestination(destination: string): string {
  const separator = destination.indexOf(":");
  return separator < 0 ? destination : destination.slice(0, separator);
}
