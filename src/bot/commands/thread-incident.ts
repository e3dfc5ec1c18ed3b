// Commands typed inside an incident's thread (Slack or Matrix) may leave out
// the incident number, because the thread identifies the incident.
import { findSubcommand, subcommandSpec } from "./subcommands.ts";

/** Adds `#incident` after the subcommand when the subcommand takes an incident and the text names none. */
export function withThreadIncident(text: string, incident: number | undefined): string {
  if (incident === undefined) return text;
  const match = /^(\s*)(\S+)([\s\S]*)$/u.exec(text);
  if (!match) return text;
  const [, indent, word, rest] = match as unknown as [string, string, string, string];
  const spec = findSubcommand(word);
  if (!spec || !subcommandSpec(spec.name).positional.includes("incident")) return text;
  // Any "#12" or full-width "＃１２" in the text already names an incident.
  if (/(^|\s)[#＃][0-9０-９]/u.test(rest)) return text;
  return `${indent}${word} #${incident}${rest}`;
}
