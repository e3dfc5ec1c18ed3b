// A platform-neutral reply. Renderers turn it into console text, Slack
// blocks or Matrix HTML; the words are the same everywhere.
import type { IncidentState } from "../../phases/states.ts";
import type { Tlp } from "../commands/types.ts";

/** Subject of a reply, so platforms can offer buttons for the next step. */
export interface ReplySubject {
  incident: number;
  state: IncidentState;
  /** A coordination request the reply is about; its addressed organization acts on it. */
  request?: { id: number; state: string };
}

export interface Reply {
  /** Shown before the content it covers, never translated. */
  tlp?: Tlp;
  title: string;
  lines: string[];
  /** Suggested next commands of the phase walk, each "what: command". */
  next: string[];
  isError: boolean;
  subject?: ReplySubject;
  /** Probe alert from which a member may declare a detection; Slack shows a button for it. */
  declareAlert?: number;
}

export function reply(title: string, lines: string[] = [], next: string[] = [], tlp?: Tlp): Reply {
  return { tlp, title, lines, next, isError: false };
}

export function about(reply: Reply, subject: ReplySubject): Reply {
  return { ...reply, subject };
}

export function errorReply(title: string, lines: string[] = []): Reply {
  return { title, lines, next: [], isError: true };
}
