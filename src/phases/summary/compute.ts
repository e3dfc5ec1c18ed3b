// Computes the weekly summary of the incident records from the database.
// Records count in the week of their own timestamp: notices, detections and
// mitigations when recorded, incidents when opened or closed, requests when
// acknowledged. States and open items are replayed as of the end of the week,
// so a summary rendered again later shows the same figures, except that
// record labels are the current ones (labels only ever become stricter).
import { TLP_LABELS, type Tlp } from "../../bot/commands/types.ts";
import type { Database } from "../../db/client.ts";
import type { Detection, Incident } from "../../generated/prisma/client.ts";
import { computeMetrics } from "../metrics.ts";
import { targetsFromJson } from "../records.ts";
import { INCIDENT_STATES, type IncidentState } from "../states.ts";
import { toTlp } from "../tlp.ts";
import { statesAt } from "./states-at.ts";
import { durationStats, type Sample } from "./stats.ts";
import type { IncidentItem, Labelled, OpenRequestItem, OpenRetrospectiveItem, WeeklySummary } from "./types.ts";
import type { Week } from "./week.ts";

/** Key of detections that name no attack vector. */
export const UNSPECIFIED_VECTOR = "unspecified";

export async function computeWeeklySummary(db: Database, week: Week, now: Date): Promise<WeeklySummary> {
  const { start, end } = week;
  const inWeek = { gte: start, lt: end };

  const notices = await db.notice.findMany({ where: { createdAt: inWeek }, orderBy: { id: "asc" } });
  const active = await db.incident.findMany({
    where: { createdAt: { lt: end }, OR: [{ closedAt: null }, { closedAt: { gte: start } }] },
    include: { retrospective: { select: { createdAt: true } } },
    orderBy: { id: "asc" },
  });
  const states = await statesAt(db, active.map((incident) => incident.id), end);
  const stateOf = (incident: Incident): IncidentState => states.get(incident.id) ?? (incident.state as IncidentState);
  const incidentItem = (incident: Incident): Labelled<IncidentItem> => ({
    tlp: toTlp(incident.tlp),
    item: { incidentId: incident.id, title: incident.title, state: stateOf(incident) },
  });

  const byState = Object.fromEntries(INCIDENT_STATES.map((state) => [state, 0])) as Record<IncidentState, number>;
  for (const incident of active) byState[stateOf(incident)] += 1;

  const detections = await db.detection.findMany({ where: { observed: true, createdAt: inWeek }, orderBy: { id: "asc" } });
  const mitigations = await db.mitigation.findMany({ where: { createdAt: inWeek }, orderBy: { id: "asc" } });

  return {
    week,
    computedAt: now,
    inProgress: now.getTime() < end.getTime(),
    notices: notices.map((notice) => ({
      tlp: toTlp(notice.tlp),
      item: {
        noticeId: notice.id,
        incidentId: notice.incidentId,
        targets: targetsFromJson(notice.targets).map((target) => target.value),
        ...(notice.attacker ? { attacker: notice.attacker } : {}),
      },
    })),
    opened: active.filter((incident) => incident.createdAt >= start).map(incidentItem),
    closed: active.filter((incident) => incident.closedAt !== null && incident.closedAt < end).map(incidentItem),
    byState,
    ...affectedReports(detections),
    affectedOrgs: leastRestrictiveByKey(detections.map((detection) => ({ key: detection.org, tlp: toTlp(detection.tlp) }))),
    mitigations: mitigations.length,
    mitigationsByAction: countBy(mitigations.map((mitigation) => mitigation.action)),
    detectionToMitigation: durationStats(await detectionToMitigationSamples(db, week)),
    requestToAcknowledgement: durationStats(await acknowledgementSamples(db, week)),
    openRequests: await openRequestsAt(db, end),
    openRetrospectives: active.flatMap((incident) => openRetrospective(incident, stateOf(incident), end)),
  };
}

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/**
 * Counts one affected report per incident and organization, however many
 * updates the organization sent, with the union of the vectors it named.
 */
function affectedReports(detections: Detection[]): Pick<WeeklySummary, "observedDetections" | "detectionsByVector"> {
  const vectorsByReport = new Map<string, Set<string>>();
  for (const detection of detections) {
    const report = `${detection.incidentId}/${detection.org}`;
    const vectors = vectorsByReport.get(report) ?? new Set<string>();
    for (const vector of JSON.parse(detection.vectors) as string[]) vectors.add(vector);
    vectorsByReport.set(report, vectors);
  }
  const keys = [...vectorsByReport.values()].flatMap((vectors) => (vectors.size > 0 ? [...vectors] : [UNSPECIFIED_VECTOR]));
  return { observedDetections: vectorsByReport.size, detectionsByVector: countBy(keys) };
}

/** Returns one item per key, labelled with the least restrictive label among its records. */
function leastRestrictiveByKey(records: { key: string; tlp: Tlp }[]): Labelled<string>[] {
  const labels = new Map<string, Tlp>();
  for (const { key, tlp } of records) {
    const current = labels.get(key);
    if (current === undefined || TLP_LABELS.indexOf(tlp) < TLP_LABELS.indexOf(current)) labels.set(key, tlp);
  }
  return [...labels].map(([item, tlp]) => ({ tlp, item }));
}

/** Incidents whose first mitigation started in the week, from their first observed detection. */
async function detectionToMitigationSamples(db: Database, week: Week): Promise<Sample[]> {
  const mitigated = await db.mitigation.findMany({
    where: { startedAt: { gte: week.start, lt: week.end } },
    distinct: ["incidentId"],
    select: { incidentId: true },
  });
  const incidents = await db.incident.findMany({
    where: { id: { in: mitigated.map((row) => row.incidentId) } },
    include: { detections: true, mitigations: true },
  });

  const samples: Sample[] = [];
  for (const incident of incidents) {
    const firstMitigation = Math.min(...incident.mitigations.map((mitigation) => mitigation.startedAt.getTime()));
    if (firstMitigation < week.start.getTime()) continue;
    const { detectionToMitigationMs } = computeMetrics({ ...incident, notices: [], requests: [] });
    if (detectionToMitigationMs === undefined) continue;
    // A mitigation already in place when the attack was detected counts as zero, not as a negative time.
    samples.push({ ms: Math.max(0, detectionToMitigationMs), incidentId: incident.id });
  }
  return samples;
}

async function acknowledgementSamples(db: Database, week: Week): Promise<Sample[]> {
  const acknowledged = await db.coordinationRequest.findMany({ where: { acknowledgedAt: { gte: week.start, lt: week.end } } });
  return acknowledged.map((request) => ({
    ms: request.acknowledgedAt!.getTime() - request.requestedAt.getTime(),
    incidentId: request.incidentId,
    requestId: request.id,
  }));
}

/** Requests made before `at` and neither done nor declined by then, on incidents not closed by then. */
async function openRequestsAt(db: Database, at: Date): Promise<Labelled<OpenRequestItem>[]> {
  const requests = await db.coordinationRequest.findMany({
    where: {
      requestedAt: { lt: at },
      AND: [{ OR: [{ doneAt: null }, { doneAt: { gte: at } }] }, { OR: [{ declinedAt: null }, { declinedAt: { gte: at } }] }],
      incident: { OR: [{ closedAt: null }, { closedAt: { gte: at } }] },
    },
    orderBy: { id: "asc" },
  });
  return requests.map((request) => ({
    tlp: toTlp(request.tlp),
    item: {
      requestId: request.id,
      incidentId: request.incidentId,
      fromOrg: request.fromOrg,
      toOrg: request.toOrg,
      text: request.text,
      urgent: request.urgent,
      state: request.acknowledgedAt !== null && request.acknowledgedAt < at ? "acknowledged" : "requested",
      requestedAt: request.requestedAt,
    },
  }));
}

function openRetrospective(
  incident: Incident & { retrospective: { createdAt: Date } | null },
  state: IncidentState,
  end: Date,
): Labelled<OpenRetrospectiveItem>[] {
  if (state === "closed") return [];
  const started = incident.retrospective !== null && incident.retrospective.createdAt < end;
  if (!started && state !== "subsided" && state !== "under_review") return [];
  const item: OpenRetrospectiveItem = {
    incidentId: incident.id,
    title: incident.title,
    state,
    retrospective: started ? "in_progress" : "not_started",
  };
  return [{ tlp: toTlp(incident.tlp), item }];
}
