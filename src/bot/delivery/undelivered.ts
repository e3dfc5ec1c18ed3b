// Posts that stay undelivered past a limit, for /dos status and the log.
import type { Database } from "../../db/client.ts";

/** How long a post may wait before it is reported as undelivered. */
export const UNDELIVERED_AFTER_MS = 10 * 60_000;

export interface UndeliveredGroup {
  destination: string;
  count: number;
  oldestAgeMs: number;
}

export async function undeliveredPosts(db: Database, now: Date, afterMs = UNDELIVERED_AFTER_MS): Promise<UndeliveredGroup[]> {
  const groups = await db.outboxPost.groupBy({
    by: ["destination"],
    where: { state: "pending", createdAt: { lt: new Date(now.getTime() - afterMs) } },
    _count: { _all: true },
    _min: { createdAt: true },
  });
  return groups.map((group) => ({
    destination: group.destination,
    count: group._count._all,
    oldestAgeMs: now.getTime() - (group._min.createdAt?.getTime() ?? now.getTime()),
  }));
}
