// An incident's state at a past moment, replayed from its timeline: the state
// it was opened in, then every state_changed entry before that moment.
import type { Database } from "../../db/client.ts";
import { isIncidentState, type IncidentState } from "../states.ts";

/** Returns the states of the given incidents just before `at`. Incidents opened at or after `at` are left out. */
export async function statesAt(db: Database, incidentIds: number[], at: Date): Promise<Map<number, IncidentState>> {
  const states = new Map<number, IncidentState>();
  if (incidentIds.length === 0) return states;

  const entries = await db.timelineEntry.findMany({
    where: { incidentId: { in: incidentIds }, kind: { in: ["incident_opened", "state_changed"] }, at: { lt: at } },
    orderBy: { id: "asc" },
    select: { incidentId: true, kind: true, data: true },
  });
  for (const entry of entries) {
    const data = JSON.parse(entry.data) as { state?: unknown; to?: unknown };
    const state = entry.kind === "incident_opened" ? data.state : data.to;
    if (typeof state === "string" && isIncidentState(state)) states.set(entry.incidentId, state);
  }
  return states;
}
