// The whole incident on one screen (/dos status #N) and the overview of open
// incidents (/dos status, /dos list).
import type { Incident } from "../../generated/prisma/client.ts";
import type { IncidentView } from "../../phases/incident-view.ts";
import type { IncidentState } from "../../phases/states.ts";
import { toTlp } from "../../phases/tlp.ts";
import { formatDuration, formatTime } from "./format.ts";
import { nextStepsForState } from "./next-steps.ts";
import {
  detectionLines,
  type LineContext,
  mitigationLines,
  noticeLines,
  requestLines,
  requestRef,
  retrospectiveLines,
} from "./record-lines.ts";
import { about, reply, type Reply } from "./reply.ts";

function indent(lines: string[]): string[] {
  return lines.map((text) => `    ${text}`);
}

export function renderIncidentView(context: LineContext, view: IncidentView): Reply {
  const { catalog, locale, timeZone } = context;
  const { incident, metrics, participation } = view;
  const state = incident.state as IncidentState;
  const orgList = (orgs: string[]) => (orgs.length > 0 ? orgs.join(catalog.listSeparator) : catalog.none);

  const lines = [
    `${catalog.fields.state}: ${catalog.states[state]} (${formatTime(incident.stateChangedAt, timeZone)})`,
    `${catalog.fields.affected}: ${orgList(participation.affected)}`,
    `${catalog.fields.notAffected}: ${orgList(participation.notAffected)}`,
    `${catalog.fields.noAnswer}: ${orgList(participation.noAnswer)}`,
  ];
  const section = (heading: string, entries: string[][]) => {
    if (entries.length === 0) return;
    lines.push(`${heading} (${entries.length})`);
    for (const entry of entries) lines.push(...entry);
  };
  const by = (org: string, user: string, at: Date) => `  [${org}/${user} ${formatTime(at, timeZone)}]`;

  section(catalog.text.notices, incident.notices.map((notice) => [`${by(notice.org, notice.user, notice.createdAt)} N${notice.id} TLP:${notice.tlp}`, ...indent(noticeLines(context, notice))]));
  section(catalog.text.detections, incident.detections.map((detection) => [`${by(detection.org, detection.user, detection.createdAt)} TLP:${detection.tlp}`, ...indent(detectionLines(context, detection))]));
  section(catalog.text.mitigations, incident.mitigations.map((mitigation) => [`${by(mitigation.org, mitigation.user, mitigation.createdAt)} TLP:${mitigation.tlp}`, ...indent(mitigationLines(context, mitigation))]));
  section(catalog.text.requests, incident.requests.map((request) => [`${by(request.fromOrg, request.fromUser, request.requestedAt)} ${requestRef(request.id)} TLP:${request.tlp}`, ...indent(requestLines(context, request))]));
  if (incident.retrospective) {
    section(catalog.text.retrospective, [indent(retrospectiveLines(context, incident.retrospective))]);
  }

  const times: string[] = [];
  if (metrics.noticeToDetectionMs !== undefined) times.push(`${catalog.fields.noticeToDetection}: ${formatDuration(metrics.noticeToDetectionMs, locale)}`);
  if (metrics.detectionToMitigationMs !== undefined) times.push(`${catalog.fields.detectionToMitigation}: ${formatDuration(metrics.detectionToMitigationMs, locale)}`);
  if (times.length > 0) {
    lines.push(catalog.text.metrics);
    lines.push(...times.map((text) => `  ${text}`));
  }

  const rendered = reply(catalog.text.statusTitle(incident.id, incident.title), lines, nextStepsForState(catalog, incident.id, state), toTlp(incident.tlp));
  return about(rendered, { incident: incident.id, state });
}

export function incidentSummaryLine(context: LineContext, incident: Incident): string {
  const state = context.catalog.states[incident.state as IncidentState];
  return `#${incident.id} [TLP:${incident.tlp}] ${incident.title} — ${state} (${formatTime(incident.stateChangedAt, context.timeZone)})`;
}

export function renderIncidentList(context: LineContext, title: string, incidents: Incident[]): Reply {
  if (incidents.length === 0) return reply(title, [context.catalog.text.listEmpty]);
  return reply(title, incidents.map((incident) => incidentSummaryLine(context, incident)));
}
