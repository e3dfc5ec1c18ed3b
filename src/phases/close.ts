// Closing an incident ends the campaign's record; it becomes read-only.
import { runInTransaction } from "../db/transaction.ts";
import type { CloseCommand } from "../bot/commands/types.ts";
import type { Incident } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { claimIntake, type Intake } from "./intake.ts";
import type { PhaseContext, Transaction } from "./context.ts";
import { DomainError } from "./errors.ts";
import { latestReportByOrg } from "./incident-view.ts";
import { assertOwnRecord, loadOpenIncident, moveIncident } from "./incidents.ts";
import { requireRegistered } from "./records.ts";

export interface CloseOutcome {
  kind: "close";
  incident: Incident;
}

export async function closeIncident(context: PhaseContext, actor: Actor, command: CloseCommand, intake?: Intake): Promise<CloseOutcome> {
  requireRegistered(actor);
  const at = context.now();
  return runInTransaction(context.db, async (tx) => {
    await claimIntake(tx, intake);
    const incident = await loadOpenIncident(tx, command.incident);
    assertOwnRecord(actor, incident.openedByOrg);
    const ongoing = await ongoingOrganizations(tx, incident.id);
    if (ongoing.length > 0) throw new DomainError("attack_ongoing", { incident: incident.id, orgs: ongoing.join(", ") });
    const closed = await moveIncident(tx, incident, "closed", actor, at, command.text);
    return { kind: "close", incident: closed };
  });
}

/** Lists the organizations whose latest report has the attack still going on. */
async function ongoingOrganizations(tx: Transaction, incidentId: number): Promise<string[]> {
  const reports = await tx.detection.findMany({ where: { incidentId }, orderBy: { id: "asc" } });
  return [...latestReportByOrg(reports).values()].filter((report) => report.observed && report.status === "ongoing").map((report) => report.org);
}
