// The append-only timeline of an incident. Each entry is written in the same
// transaction as the change it describes, so the story and the records never
// disagree, and delivery can turn entries into posts after a restart.
import type { Tlp } from "../bot/commands/types.ts";
import type { Actor } from "./actor.ts";
import type { Transaction } from "./context.ts";

export type TimelineKind =
  | "incident_opened"
  | "notice_posted"
  | "detection_reported"
  | "mitigation_logged"
  | "request_sent"
  | "request_acknowledged"
  | "request_done"
  | "request_declined"
  | "retrospective_opened"
  | "retrospective_updated"
  | "state_changed";

export interface TimelineInput {
  incidentId: number;
  actor: Actor;
  kind: TimelineKind;
  data: Record<string, unknown>;
  tlp: Tlp;
  at: Date;
}

export async function appendTimeline(tx: Transaction, input: TimelineInput): Promise<void> {
  await tx.timelineEntry.create({
    data: {
      incidentId: input.incidentId,
      at: input.at,
      org: input.actor.org,
      user: input.actor.user,
      platform: input.actor.platform,
      kind: input.kind,
      data: JSON.stringify(input.data),
      tlp: input.tlp,
    },
  });
}
