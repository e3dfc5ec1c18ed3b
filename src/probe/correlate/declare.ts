// Declares a detection from a correlated-degradation alert: the alert's
// operators' URLs become the detection's targets. When an open incident
// already names one of those targets, the detection goes there and the alert
// is linked to it. Otherwise a new incident opens.

import type { Target, Tlp } from "../../bot/commands/types.ts";
import type { Destination } from "../../bot/delivery/types.ts";
import type { Database } from "../../db/client.ts";
import { runInTransaction } from "../../db/transaction.ts";
import type { Actor } from "../../phases/actor.ts";
import type { PhaseContext } from "../../phases/context.ts";
import { reportDetection, type DetectionOutcome } from "../../phases/detection.ts";
import type { Intake } from "../../phases/intake.ts";
import { targetsFromJson } from "../../phases/records.ts";
import { hostnameFromUrl } from "../resolve-host.ts";
import { linkAlertToIncident, parseMembers } from "./alert-store.ts";
import { alertRef } from "./messages.ts";

export type DeclareResult =
  | { ok: true; outcome: DetectionOutcome; alertId: number; openedIncident: boolean }
  | { ok: false; problem: "not_found" | "not_correlated"; alertId: number }
  | { ok: false; problem: "already_linked"; alertId: number; incidentId: number };

export interface DeclareDeps {
  phases: PhaseContext;
  destinations: () => readonly Destination[];
}

/** Returns the host of a stored URL (lower case, IPv6 without brackets), or "" for a URL that cannot be parsed. */
function hostOf(url: string): string {
  try {
    return hostnameFromUrl(new URL(url));
  } catch {
    return "";
  }
}

/** Tells whether a recorded target names one of the alert's URLs, hosts or addresses. */
function namesAny(target: Target, urls: ReadonlySet<string>, hosts: ReadonlySet<string>): boolean {
  switch (target.kind) {
    case "url":
      return urls.has(target.value) || hosts.has(hostOf(target.value));
    case "domain":
    case "ipv4":
    case "ipv6":
      return hosts.has(target.value.toLowerCase());
    default:
      return false;
  }
}

/** Finds the oldest open incident whose notices or detections name one of the alert's targets. */
async function findIncidentNaming(db: Database, urls: ReadonlySet<string>, hosts: ReadonlySet<string>): Promise<number | null> {
  const incidents = await db.incident.findMany({
    where: { state: { not: "closed" } },
    orderBy: { id: "asc" },
    select: { id: true, notices: { select: { targets: true } }, detections: { select: { targets: true } } },
  });
  const match = incidents.find((incident) =>
    [...incident.notices, ...incident.detections].some((record) => targetsFromJson(record.targets).some((target) => namesAny(target, urls, hosts))),
  );
  return match?.id ?? null;
}

export async function declareFromAlert(deps: DeclareDeps, actor: Actor, alertId: number, intake?: Intake): Promise<DeclareResult> {
  const { db } = deps.phases;
  const alert = await db.probeAlert.findUnique({ where: { id: alertId } });
  if (alert === null) return { ok: false, problem: "not_found", alertId };
  if (alert.kind !== "correlated") return { ok: false, problem: "not_correlated", alertId };
  if (alert.incidentId !== null) return { ok: false, problem: "already_linked", alertId, incidentId: alert.incidentId };

  const members = parseMembers(alert);
  const urls = [...new Set(members.flatMap((member) => member.urls))];
  const hosts = new Set(urls.map(hostOf).filter((host) => host !== ""));
  const existing = await findIncidentNaming(db, new Set(urls), hosts);
  const operators = members.map((member) => member.operator);
  const earliest = members.map((member) => new Date(member.since)).sort((a, b) => a.getTime() - b.getTime())[0];

  const outcome = await reportDetection(
    deps.phases,
    actor,
    {
      name: "detect",
      ...(existing === null ? { title: `${alertRef(alertId)}: ${operators.slice(0, 3).join(", ")}${operators.length > 3 ? ` +${operators.length - 3}` : ""}` } : { incident: existing }),
      observed: true,
      targets: urls.map((value) => ({ kind: "url", value })),
      vectors: [],
      ...(earliest === undefined ? {} : { start: earliest }),
      status: "ongoing",
      tlp: alert.tlp as Tlp,
      text: `${alertRef(alertId)}: ${operators.join(", ")}`,
    },
    intake,
  );

  await runInTransaction(db, async (tx) => {
    const fresh = await tx.probeAlert.findUniqueOrThrow({ where: { id: alertId } });
    await linkAlertToIncident(tx, deps.destinations(), fresh, outcome.incident.id, outcome.openedIncident, deps.phases.now());
  });
  return { ok: true, outcome, alertId, openedIncident: outcome.openedIncident };
}
