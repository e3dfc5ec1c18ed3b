// 協調対処: mitigations each member organization applies in its own network.
import { runInTransaction } from "../db/transaction.ts";
import type { MitigateCommand } from "../bot/commands/types.ts";
import type { Incident, Mitigation } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { claimIntake, type Intake } from "./intake.ts";
import type { PhaseContext } from "./context.ts";
import { loadOpenIncident, moveIncident } from "./incidents.ts";
import { requireRegistered } from "./records.ts";
import { appendTimeline } from "./timeline.ts";

export interface MitigationOutcome {
  kind: "mitigation";
  incident: Incident;
  mitigation: Mitigation;
}

export async function logMitigation(context: PhaseContext, actor: Actor, command: MitigateCommand, intake?: Intake): Promise<MitigationOutcome> {
  requireRegistered(actor);
  const at = context.now();
  const tlp = command.tlp ?? context.defaultTlp;

  return runInTransaction(context.db, async (tx) => {
    await claimIntake(tx, intake);
    let incident = await loadOpenIncident(tx, command.incident);

    const mitigation = await tx.mitigation.create({
      data: {
        incidentId: incident.id,
        action: command.action,
        prefix: command.prefix,
        ports: command.ports,
        protocol: command.protocol,
        startedAt: command.start ?? at,
        endedAt: command.end,
        effect: command.effect,
        text: command.text,
        tlp,
        org: actor.org,
        user: actor.user,
        platform: actor.platform,
        createdAt: at,
      },
    });
    await appendTimeline(tx, {
      incidentId: incident.id,
      actor,
      kind: "mitigation_logged",
      data: { mitigationId: mitigation.id, action: command.action },
      tlp,
      at,
    });

    if (incident.state === "predicted" || incident.state === "under_attack") {
      incident = await moveIncident(tx, incident, "mitigating", actor, at);
    }
    return { kind: "mitigation", incident, mitigation };
  });
}
