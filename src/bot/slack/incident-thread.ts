// Finds the incident whose root message starts a Slack thread, so commands
// typed in that thread can leave out the incident number.
import type { Database } from "../../db/client.ts";

export async function incidentOfThread(db: Database, destinationId: string, threadTs: string | undefined): Promise<number | undefined> {
  if (!threadTs) return undefined;
  const thread = await db.incidentThread.findFirst({ where: { destination: destinationId, rootRemoteId: threadTs } });
  return thread?.incidentId;
}
