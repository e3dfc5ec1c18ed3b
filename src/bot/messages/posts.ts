// Posts in the shared incident channel: the root message that summarizes an
// incident (kept up to date by edits) and one thread reply per timeline entry.
import type { CoordinationRequest } from "../../generated/prisma/client.ts";
import type { Tlp } from "../commands/types.ts";
import type { IncidentView } from "../../phases/incident-view.ts";
import type { IncidentState } from "../../phases/states.ts";
import type { EntryView } from "../../phases/timeline-view.ts";
import { toTlp } from "../../phases/tlp.ts";
import { participationFor } from "./participation.ts";
import { withinClearance } from "./visibility.ts";
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
import { formatTime } from "./format.ts";

/** Renders the incident's root message: state, phase summary and affected members. Details go in the thread. */
export function renderRootPost(context: LineContext, view: IncidentView, maxTlp: Tlp): Reply {
  const { catalog } = context;
  const { incident } = view;
  const tlp = toTlp(incident.tlp);
  const participation = participationFor(view, { kind: "channel", maxTlp });
  const title = withinClearance(tlp, maxTlp) ? catalog.text.statusTitle(incident.id, incident.title) : catalog.text.statusTitle(incident.id, catalog.text.withheldTitle(tlp));

  const state = incident.state as IncidentState;
  const orgList = (orgs: string[]) => (orgs.length > 0 ? orgs.join(catalog.listSeparator) : catalog.none);
  const openRequests = incident.requests.filter((request) => request.state === "requested" || request.state === "acknowledged").length;
  const lines = [
    `${catalog.fields.state}: ${catalog.states[state]} (${formatTime(incident.stateChangedAt, context.timeZone)})`,
    `${catalog.fields.affected}: ${orgList(participation.affected)}`,
    `${catalog.fields.notAffected}: ${orgList(participation.notAffected)}`,
    `${catalog.fields.noAnswer}: ${orgList(participation.noAnswer)}`,
    catalog.text.phaseCounts({
      notices: incident.notices.length,
      detections: incident.detections.length,
      mitigations: incident.mitigations.length,
      requests: incident.requests.length,
      openRequests,
      retrospective: incident.retrospective !== null,
    }),
  ];
  const rendered = reply(title, lines, nextStepsForState(catalog, incident.id, state), withinClearance(tlp, maxTlp) ? tlp : maxTlp);
  return about(rendered, { incident: incident.id, state });
}

/** Renders one timeline entry as a thread reply; `state` is the incident's current state. */
export function renderEntryPost(context: LineContext, view: EntryView, maxTlp: Tlp, state: IncidentState): Reply {
  const rendered = renderEntryContent(context, view, maxTlp);
  if (rendered.isError || !withinClearance(toTlp(view.entry.tlp), maxTlp)) return rendered;
  const request = view.related.type === "request" ? { id: view.related.record.id, state: view.related.record.state } : undefined;
  return about(rendered, { incident: view.entry.incidentId, state, request });
}

function renderEntryContent(context: LineContext, view: EntryView, maxTlp: Tlp): Reply {
  const { catalog } = context;
  const { text } = catalog;
  const { entry, related } = view;
  const tlp = toTlp(entry.tlp);
  const incidentId = entry.incidentId;
  const by = `${catalog.fields.reportedBy}: ${text.postedBy(entry.org, entry.user, entry.platform)}`;
  if (!withinClearance(tlp, maxTlp)) return reply(`#${incidentId}`, [text.withheld(tlp), by], [], tlp);

  switch (related.type) {
    case "notice":
      return reply(text.noticePosted(related.record.id, incidentId), [...noticeLines(context, related.record), by], [], tlp);
    case "detection":
      return reply(text.detectionReported(incidentId, entry.org), [...detectionLines(context, related.record), by], [], tlp);
    case "mitigation":
      return reply(text.mitigationLogged(incidentId, entry.org), [...mitigationLines(context, related.record), by], [], tlp);
    case "request":
      return renderRequestEntry(context, view, related.record, by);
    case "retrospective": {
      const title = view.kind === "retrospective_opened" ? text.retrospectiveOpened(incidentId) : text.retrospectiveUpdated(incidentId);
      const note = typeof view.data.note === "string" ? [`${catalog.fields.notes}: ${view.data.note}`] : [];
      return reply(title, [...retrospectiveLines(context, related.record), ...note, by], [], tlp);
    }
    case "none": {
      const from = catalog.states[view.data.from as IncidentState] ?? String(view.data.from);
      const to = view.data.to as IncidentState;
      const note = typeof view.data.note === "string" ? [view.data.note] : [];
      const next = catalog.states[to] ? nextStepsForState(catalog, incidentId, to) : [];
      return reply(text.stateChanged(from, catalog.states[to] ?? String(to)), [...note, by], next, tlp);
    }
  }
}

function renderRequestEntry(context: LineContext, view: EntryView, request: CoordinationRequest, by: string): Reply {
  const { text } = context.catalog;
  const ref = requestRef(request.id);
  const tlp = toTlp(view.entry.tlp);
  const lines = [...requestLines(context, request), by];
  switch (view.kind) {
    case "request_acknowledged":
      return reply(text.requestAcknowledged(ref), lines, [text.next.completeRequest(ref)], tlp);
    case "request_done":
      return reply(text.requestDone(ref), lines, [], tlp);
    case "request_declined":
      return reply(text.requestDeclined(ref), lines, [], tlp);
    default:
      return reply(text.requestSent(ref, request.toOrg, view.entry.incidentId), lines, [text.next.answerRequest(ref, request.toOrg)], tlp);
  }
}
