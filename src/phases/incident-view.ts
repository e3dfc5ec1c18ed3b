// Read side of the incident record: everything a status reply or a platform
// root message shows, loaded in one query.
import type { IncidentFilter } from "../bot/commands/types.ts";
import type { Database } from "../db/client.ts";
import type { Detection } from "../generated/prisma/client.ts";
import type { MemberDirectory } from "./actor.ts";
import { DomainError } from "./errors.ts";
import { computeMetrics, type IncidentMetrics } from "./metrics.ts";

const WITH_RECORDS = {
  notices: { orderBy: { id: "asc" } },
  detections: { orderBy: { id: "asc" } },
  mitigations: { orderBy: { id: "asc" } },
  requests: { orderBy: { id: "asc" } },
  retrospective: true,
} as const;

export type IncidentWithRecords = NonNullable<Awaited<ReturnType<typeof findIncident>>>;

function findIncident(db: Database, id: number) {
  return db.incident.findUnique({ where: { id }, include: WITH_RECORDS });
}

/** Which member organizations report being affected, not affected, or have not answered. */
export interface Participation {
  affected: string[];
  notAffected: string[];
  noAnswer: string[];
}

export interface IncidentView {
  incident: IncidentWithRecords;
  metrics: IncidentMetrics;
  participation: Participation;
}

/** Returns each organization's latest report; `detections` must be in the order they were stored. */
export function latestReportByOrg<T extends Pick<Detection, "org">>(detections: readonly T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const detection of detections) latest.set(detection.org, detection);
  return latest;
}

export function participationOf(detections: Detection[], allOrgs: string[]): Participation {
  const latest = latestReportByOrg(detections);
  const affected = allOrgs.filter((org) => latest.get(org)?.observed === true);
  const notAffected = allOrgs.filter((org) => latest.get(org)?.observed === false);
  const noAnswer = allOrgs.filter((org) => !latest.has(org));
  return { affected, notAffected, noAnswer };
}

export async function loadIncidentView(db: Database, directory: MemberDirectory, id: number): Promise<IncidentView> {
  const incident = await findIncident(db, id);
  if (!incident) throw new DomainError("incident_not_found", { incident: id });
  return {
    incident,
    metrics: computeMetrics(incident),
    participation: participationOf(incident.detections, directory.organizationIds()),
  };
}

export async function listIncidents(db: Database, filter: IncidentFilter, limit = 20) {
  const where = filter === "open" ? { state: { not: "closed" } } : filter === "closed" ? { state: "closed" } : {};
  const [incidents, total] = await Promise.all([
    db.incident.findMany({ where, orderBy: { id: "desc" }, take: limit }),
    db.incident.count({ where }),
  ]);
  return { incidents, total };
}
