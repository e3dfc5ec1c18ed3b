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
import { participationFor } from "./participation.ts";
import { about, reply, type Reply } from "./reply.ts";
import { maySee, type Audience } from "./visibility.ts";

function indent(lines: string[]): string[] {
  return lines.map((text) => `    ${text}`);
}

/** Renders the whole incident for `audience`; records it may not read appear only as withheld. */
export function renderIncidentView(context: LineContext, view: IncidentView, audience: Audience): Reply {
  const { catalog, locale, timeZone } = context;
  const { incident, metrics } = view;
  const participation = participationFor(view, audience);
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
  // Each record's own lines, or a withheld line when the audience may not read it.
  const entry = (label: string, owners: string[], heading: string, body: () => string[]) =>
    maySee(audience, toTlp(label), owners) ? [`${heading} TLP:${label}`, ...indent(body())] : [`  ${catalog.text.withheldRecord(label, owners[0]!)}`];

  section(catalog.text.notices, incident.notices.map((notice) => entry(notice.tlp, [notice.org], `${by(notice.org, notice.user, notice.createdAt)} N${notice.id}`, () => noticeLines(context, notice))));
  section(catalog.text.detections, incident.detections.map((detection) => entry(detection.tlp, [detection.org], by(detection.org, detection.user, detection.createdAt), () => detectionLines(context, detection))));
  section(catalog.text.mitigations, incident.mitigations.map((mitigation) => entry(mitigation.tlp, [mitigation.org], by(mitigation.org, mitigation.user, mitigation.createdAt), () => mitigationLines(context, mitigation))));
  section(
    catalog.text.requests,
    incident.requests.map((request) => entry(request.tlp, [request.fromOrg, request.toOrg], `${by(request.fromOrg, request.fromUser, request.requestedAt)} ${requestRef(request.id)}`, () => requestLines(context, request))),
  );
  const retrospective = incident.retrospective;
  if (retrospective) {
    const owners = [retrospective.openedByOrg, incident.openedByOrg];
    section(catalog.text.retrospective, [entry(retrospective.tlp, owners, " ", () => retrospectiveLines(context, retrospective))]);
  }

  // A negative time means the later step came first (an attack seen before its notice), which reads better as such.
  const span = (label: string, ms: number, before: (duration: string) => string) =>
    ms >= 0 ? `${label}: ${formatDuration(ms, locale)}` : before(formatDuration(-ms, locale));
  const times: string[] = [];
  if (metrics.noticeToDetectionMs !== undefined) times.push(span(catalog.fields.noticeToDetection, metrics.noticeToDetectionMs, catalog.text.detectionBeforeNotice));
  if (metrics.detectionToMitigationMs !== undefined) {
    times.push(span(catalog.fields.detectionToMitigation, metrics.detectionToMitigationMs, catalog.text.mitigationBeforeDetection));
  }
  if (times.length > 0) {
    lines.push(catalog.text.metrics);
    lines.push(...times.map((text) => `  ${text}`));
  }

  const titleVisible = maySee(audience, toTlp(incident.tlp), [incident.openedByOrg]);
  const title = catalog.text.statusTitle(incident.id, titleVisible ? incident.title : catalog.text.withheldTitle(incident.tlp));
  const rendered = reply(title, lines, nextStepsForState(catalog, incident.id, state), toTlp(incident.tlp));
  return about(rendered, { incident: incident.id, state });
}

export function incidentSummaryLine(context: LineContext, incident: Incident, audience: Audience): string {
  const state = context.catalog.states[incident.state as IncidentState];
  const title = maySee(audience, toTlp(incident.tlp), [incident.openedByOrg]) ? incident.title : context.catalog.text.withheldTitle(incident.tlp);
  return `#${incident.id} [TLP:${incident.tlp}] ${title} — ${state} (${formatTime(incident.stateChangedAt, context.timeZone)})`;
}

export function renderIncidentList(context: LineContext, title: string, incidents: Incident[], audience: Audience): Reply {
  if (incidents.length === 0) return reply(title, [context.catalog.text.listEmpty]);
  return reply(title, incidents.map((incident) => incidentSummaryLine(context, incident, audience)));
}
