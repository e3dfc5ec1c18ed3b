// 振り返り: one retrospective per incident. The first review opens it and,
// once the attack has subsided, moves the incident to "under review". The
// incident's opening organization (and administrators) set the structured
// fields; every other member's input is kept as an attributed note.
import { runInTransaction } from "../db/transaction.ts";
import type { ReviewCommand } from "../bot/commands/types.ts";
import type { Incident, Retrospective } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { claimIntake, type Intake } from "./intake.ts";
import type { PhaseContext } from "./context.ts";
import { DomainError } from "./errors.ts";
import { loadOpenIncident, moveIncident } from "./incidents.ts";
import { requireRegistered } from "./records.ts";
import { appendTimeline } from "./timeline.ts";

export interface RetrospectiveOutcome {
  kind: "review";
  incident: Incident;
  retrospective: Retrospective;
  opened: boolean;
  changedFields: string[];
}

const STRUCTURED_FIELDS = ["attacker", "methods", "response", "damage", "damageDetail", "lessons", "publishable"] as const;

export async function reviewIncident(context: PhaseContext, actor: Actor, command: ReviewCommand, intake?: Intake): Promise<RetrospectiveOutcome> {
  requireRegistered(actor);
  const at = context.now();
  const tlp = command.tlp ?? context.defaultTlp;

  return runInTransaction(context.db, async (tx) => {
    await claimIntake(tx, intake);
    let incident = await loadOpenIncident(tx, command.incident);
    const existing = await tx.retrospective.findUnique({ where: { incidentId: incident.id } });

    const fields: Record<string, string | boolean> = {};
    for (const key of STRUCTURED_FIELDS) {
      const value = command[key];
      if (value !== undefined) fields[key] = value;
    }
    const changedFields = Object.keys(fields);
    if (changedFields.length > 0 && !actor.admin && actor.org !== incident.openedByOrg) {
      throw new DomainError("not_own_record", { org: incident.openedByOrg });
    }

    const note = command.text ? `[${actor.org}/${actor.user}] ${command.text}` : undefined;
    const notes = [existing?.notes, note].filter(Boolean).join("\n") || null;
    const retrospective = existing
      ? await tx.retrospective.update({ where: { id: existing.id }, data: { ...fields, notes, updatedAt: at } })
      : await tx.retrospective.create({
          data: { incidentId: incident.id, ...fields, notes, tlp, openedByOrg: actor.org, openedByUser: actor.user, createdAt: at },
        });

    await appendTimeline(tx, {
      incidentId: incident.id,
      actor,
      kind: existing ? "retrospective_updated" : "retrospective_opened",
      data: { retrospectiveId: retrospective.id, fields: changedFields, note: command.text ?? null },
      tlp,
      at,
    });
    // The retrospective starts once the attack is over (or never came); input
    // while it is still going on is kept without changing the state.
    if (incident.state === "subsided" || incident.state === "predicted") {
      incident = await moveIncident(tx, incident, "under_review", actor, at);
    }
    return { kind: "review", incident, retrospective, opened: !existing, changedFields };
  });
}
