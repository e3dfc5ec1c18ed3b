// 検知: each member organization reports its own observation of the attack.
// The incident's state follows the reports: an observed, ongoing attack puts
// it under attack; when every affected organization's latest report is
// subsided or ended, the incident has subsided.
import { runInTransaction } from "../db/transaction.ts";
import type { DetectCommand } from "../bot/commands/types.ts";
import type { Detection, Incident } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { claimIntake, type Intake } from "./intake.ts";
import type { PhaseContext, Transaction } from "./context.ts";
import { latestReportByOrg } from "./incident-view.ts";
import { loadOpenIncident, moveIncident, openIncident } from "./incidents.ts";
import { defaultTitle, requireRegistered, targetsToJson } from "./records.ts";
import type { IncidentState } from "./states.ts";
import { DomainError } from "./errors.ts";
import { appendTimeline } from "./timeline.ts";

export interface DetectionOutcome {
  kind: "detection";
  incident: Incident;
  detection: Detection;
  openedIncident: boolean;
}

export async function reportDetection(context: PhaseContext, actor: Actor, command: DetectCommand, intake?: Intake): Promise<DetectionOutcome> {
  requireRegistered(actor);
  const at = context.now();
  const tlp = command.tlp ?? context.defaultTlp;
  const status = command.status ?? "ongoing";

  return runInTransaction(context.db, async (tx) => {
    await claimIntake(tx, intake);
    const openedIncident = command.incident === undefined;
    if (!openedIncident) await assertEndFollowsAttack(tx, command, actor);
    let incident = openedIncident
      ? await openIncident(tx, {
          title: command.title ?? defaultTitle(command.targets, actor.org),
          state: "under_attack",
          tlp,
          actor,
          at,
        })
      : await loadOpenIncident(tx, command.incident!);

    const detection = await tx.detection.create({
      data: {
        incidentId: incident.id,
        observed: command.observed,
        targets: targetsToJson(command.targets),
        vectors: JSON.stringify(command.vectors),
        startedAt: command.observed ? (command.start ?? at) : command.start,
        peakBps: command.peakBps,
        peakPps: command.peakPps,
        peakRps: command.peakRps,
        status,
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
      kind: "detection_reported",
      data: { detectionId: detection.id, observed: command.observed, status },
      tlp,
      at,
    });

    const next = await stateAfterDetections(tx, incident);
    if (next) incident = await moveIncident(tx, incident, next, actor, at);
    return { kind: "detection", incident, detection, openedIncident };
  });
}

/**
 * Rejects a bare "subsided" or "ended" report (no vectors, rates, targets or
 * start) from an organization that never reported the attack, because it
 * would wrongly count that organization as affected.
 */
async function assertEndFollowsAttack(tx: Transaction, command: DetectCommand, actor: Actor): Promise<void> {
  const bare = command.vectors.length === 0 && command.targets.length === 0 && command.start === undefined && command.peakBps === undefined && command.peakPps === undefined && command.peakRps === undefined;
  if (!command.observed || !bare || command.status === undefined || command.status === "ongoing") return;
  const earlier = await tx.detection.findFirst({ where: { incidentId: command.incident!, org: actor.org, observed: true }, select: { id: true } });
  if (!earlier) throw new DomainError("no_attack_reported", { org: actor.org, incident: command.incident! });
}

/** Derives the state the detection reports call for, or undefined to leave it. */
async function stateAfterDetections(tx: Transaction, incident: Incident): Promise<IncidentState | undefined> {
  const reports = await tx.detection.findMany({ where: { incidentId: incident.id }, orderBy: { id: "asc" } });
  const affected = [...latestReportByOrg(reports).values()].filter((report) => report.observed);
  if (affected.length === 0) {
    // Every organization that reported the attack has since withdrawn it.
    return reports.some((report) => report.observed) ? "subsided" : undefined;
  }
  if (affected.some((report) => report.status === "ongoing")) {
    const mitigated = (await tx.mitigation.count({ where: { incidentId: incident.id } })) > 0;
    return mitigated ? "mitigating" : "under_attack";
  }
  return "subsided";
}
