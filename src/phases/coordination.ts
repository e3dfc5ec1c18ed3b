// 協調対処依頼: one member organization asks another to act, for example
// because attack traffic enters through the other member's network.
// States: requested -> acknowledged -> done, or declined from either open state.
import { runInTransaction } from "../db/transaction.ts";
import type { RequestCommand, RequestStepCommand } from "../bot/commands/types.ts";
import type { CoordinationRequest, Incident } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { claimIntake, type Intake } from "./intake.ts";
import type { PhaseContext } from "./context.ts";
import { DomainError } from "./errors.ts";
import { loadOpenIncident } from "./incidents.ts";
import { requireRegistered } from "./records.ts";
import { appendTimeline, type TimelineKind } from "./timeline.ts";
import { toTlp } from "./tlp.ts";

export interface RequestOutcome {
  kind: "request" | "ack" | "done" | "decline";
  incident: Incident;
  request: CoordinationRequest;
}

export async function sendRequest(context: PhaseContext, actor: Actor, command: RequestCommand, intake?: Intake): Promise<RequestOutcome> {
  requireRegistered(actor);
  if (!context.directory.hasOrganization(command.to)) {
    throw new DomainError("unknown_organization", { org: command.to, known: context.directory.organizationIds().join(", ") });
  }
  if (command.to === actor.org) throw new DomainError("self_request", { org: actor.org });
  const at = context.now();
  const tlp = command.tlp ?? context.defaultTlp;

  return runInTransaction(context.db, async (tx) => {
    await claimIntake(tx, intake);
    const incident = await loadOpenIncident(tx, command.incident);
    const request = await tx.coordinationRequest.create({
      data: {
        incidentId: incident.id,
        fromOrg: actor.org,
        fromUser: actor.user,
        toOrg: command.to,
        text: command.text,
        urgent: command.urgent,
        state: "requested",
        tlp,
        platform: actor.platform,
        requestedAt: at,
      },
    });
    await appendTimeline(tx, {
      incidentId: incident.id,
      actor,
      kind: "request_sent",
      data: { requestId: request.id, to: command.to },
      tlp,
      at,
    });
    return { kind: "request", incident, request };
  });
}

const STEP_TIMELINE: Record<RequestStepCommand["name"], TimelineKind> = {
  ack: "request_acknowledged",
  done: "request_done",
  decline: "request_declined",
};

/** Acknowledges, completes or declines a request; only the addressed organization (or an administrator) may. */
export async function advanceRequest(context: PhaseContext, actor: Actor, command: RequestStepCommand, intake?: Intake): Promise<RequestOutcome> {
  requireRegistered(actor);
  const at = context.now();

  return runInTransaction(context.db, async (tx) => {
    await claimIntake(tx, intake);
    const existing = await tx.coordinationRequest.findUnique({ where: { id: command.request } });
    if (!existing) throw new DomainError("request_not_found", { request: command.request });
    const incident = await loadOpenIncident(tx, existing.incidentId);
    if (!actor.admin && actor.org !== existing.toOrg) {
      throw new DomainError("not_addressed_org", { request: existing.id, org: existing.toOrg });
    }
    if (existing.state === "done" || existing.state === "declined") {
      throw new DomainError("request_already_final", { request: existing.id, state: existing.state });
    }

    const request = await tx.coordinationRequest.update({
      where: { id: existing.id },
      data: stepUpdate(command, actor, at, existing),
    });
    await appendTimeline(tx, {
      incidentId: incident.id,
      actor,
      kind: STEP_TIMELINE[command.name],
      data: { requestId: request.id, text: command.text ?? null },
      tlp: toTlp(request.tlp),
      at,
    });
    return { kind: command.name, incident, request };
  });
}

function stepUpdate(command: RequestStepCommand, actor: Actor, at: Date, existing: CoordinationRequest) {
  const by = `${actor.org}/${actor.user}`;
  const answerText = command.text ?? existing.answerText;
  // Completing an unacknowledged request acknowledges it at the same moment.
  const acknowledged = existing.acknowledgedAt ? {} : { acknowledgedAt: at, acknowledgedBy: by };
  switch (command.name) {
    case "ack":
      if (existing.state !== "requested") {
        throw new DomainError("request_already_final", { request: existing.id, state: existing.state });
      }
      return { state: "acknowledged", acknowledgedAt: at, acknowledgedBy: by, answerText };
    case "done":
      return { state: "done", ...acknowledged, doneAt: at, doneBy: by, answerText };
    case "decline":
      return { state: "declined", declinedAt: at, declinedBy: by, answerText };
  }
}
