// Finds the incident whose root message starts a Slack thread, so commands
// typed in that thread can leave out the incident number.
import type { Database } from "../../db/client.ts";
import { subcommandSpec, findSubcommand } from "../commands/subcommands.ts";

export async function incidentOfThread(db: Database, destinationId: string, threadTs: string | undefined): Promise<number | undefined> {
  if (!threadTs) return undefined;
  const thread = await db.incidentThread.findFirst({ where: { destination: destinationId, rootRemoteId: threadTs } });
  return thread?.incidentId;
}

/** Adds `#incident` after the subcommand when the command takes an incident and names none. */
export function withThreadIncident(text: string, incident: number | undefined): string {
  if (incident === undefined) return text;
  const match = /^\s*(\S+)([\s\S]*)$/u.exec(text);
  if (!match) return text;
  const spec = findSubcommand(match[1]!);
  if (!spec || !subcommandSpec(spec.name).positional.includes("incident")) return text;
  if (/(^|\s)[#＃][0-9０-９]/u.test(match[2]!)) return text;
  return `${match[1]} #${incident}${match[2]}`;
}
