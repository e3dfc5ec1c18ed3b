// A platform-neutral reply. Renderers turn it into console text, Slack
// blocks or Matrix HTML; the words are the same everywhere.
import type { Tlp } from "../commands/types.ts";

export interface Reply {
  /** Shown before the content it covers, never translated. */
  tlp?: Tlp;
  title: string;
  lines: string[];
  /** Suggested next commands of the phase walk, each "what: command". */
  next: string[];
  isError: boolean;
}

export function reply(title: string, lines: string[] = [], next: string[] = [], tlp?: Tlp): Reply {
  return { tlp, title, lines, next, isError: false };
}

export function errorReply(title: string, lines: string[] = []): Reply {
  return { title, lines, next: [], isError: true };
}
