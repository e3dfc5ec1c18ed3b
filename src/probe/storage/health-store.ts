// Loads the stored health snapshots at start-up. The batched writer stores
// them again after each probe.

import type { Database } from "../../db/client.ts";
import { parseHealthSnapshot } from "../health-snapshot.ts";
import type { HealthSnapshot } from "../health.ts";
import type { ProbeLogger } from "../types.ts";

/**
 * Returns the stored snapshot of every target by target id. A snapshot that
 * fails validation is logged and left out, so that target starts again from
 * `unknown`.
 */
export async function loadHealthSnapshots(db: Database, logger?: ProbeLogger): Promise<Map<number, HealthSnapshot>> {
  const rows = await db.targetHealth.findMany({ select: { targetId: true, snapshot: true } });
  const snapshots = new Map<number, HealthSnapshot>();
  let invalid = 0;
  for (const row of rows) {
    try {
      snapshots.set(row.targetId, parseHealthSnapshot(JSON.parse(row.snapshot)));
    } catch (error) {
      invalid += 1;
      if (invalid <= 10) {
        logger?.warn({ targetId: row.targetId, err: error }, "Stored health snapshot is invalid, so the target starts from unknown");
      }
    }
  }
  if (invalid > 10) {
    logger?.warn({ invalid }, "More stored health snapshots were invalid than were logged");
  }
  return snapshots;
}
