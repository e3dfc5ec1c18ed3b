// The shared incident record (事案): opening, loading for a change and state
// changes. The incident's TLP label is the label of the record that opened
// it, and it covers the title. Every record keeps its own label, so a later,
// more restrictive record is withheld on its own instead of hiding the
// whole incident.
import type { Tlp } from "../bot/commands/types.ts";
import type { Incident } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import type { Transaction } from "./context.ts";
import { DomainError } from "./errors.ts";
import { canTransition, type IncidentState } from "./states.ts";
import { appendTimeline } from "./timeline.ts";
import { toTlp } from "./tlp.ts";

export interface OpenIncidentInput {
  title: string;
  state: IncidentState;
  tlp: Tlp;
  actor: Actor;
  at: Date;
}

export async function openIncident(tx: Transaction, input: OpenIncidentInput): Promise<Incident> {
  const incident = await tx.incident.create({
    data: {
      title: input.title,
      state: input.state,
      tlp: input.tlp,
      openedByOrg: input.actor.org,
      openedByUser: input.actor.user,
      createdAt: input.at,
      stateChangedAt: input.at,
    },
  });
  await appendTimeline(tx, {
    incidentId: incident.id,
    actor: input.actor,
    kind: "incident_opened",
    data: { title: input.title, state: input.state },
    tlp: input.tlp,
    at: input.at,
  });
  return incident;
}

/** Loads an incident that a command is about to change; closed incidents are read-only. */
export async function loadOpenIncident(tx: Transaction, id: number): Promise<Incident> {
  const incident = await tx.incident.findUnique({ where: { id } });
  if (!incident) throw new DomainError("incident_not_found", { incident: id });
  if (incident.state === "closed") throw new DomainError("incident_closed", { incident: id });
  return incident;
}

/**
 * Moves the incident to `to` when the transition table allows it and records
 * the change. Returns the incident as stored afterwards. A disallowed or
 * no-op transition leaves it as it is: automatic moves (a late detection on a
 * reviewed incident, say) must not fail the command that caused them.
 */
export async function moveIncident(
  tx: Transaction,
  incident: Incident,
  to: IncidentState,
  actor: Actor,
  at: Date,
  note?: string,
): Promise<Incident> {
  const from = incident.state as IncidentState;
  if (from === to || !canTransition(from, to)) return incident;

  const updated = await tx.incident.update({
    where: { id: incident.id },
    data: { state: to, stateChangedAt: at, closedAt: to === "closed" ? at : null },
  });
  await appendTimeline(tx, {
    incidentId: incident.id,
    actor,
    kind: "state_changed",
    data: { from, to, note: note ?? null },
    tlp: toTlp(incident.tlp),
    at,
  });
  return updated;
}

/** Rejects a change unless the record belongs to the actor's organization or the actor is an administrator. */
export function assertOwnRecord(actor: Actor, ownerOrg: string): void {
  if (actor.admin || actor.org === ownerOrg) return;
  throw new DomainError("not_own_record", { org: ownerOrg });
}
