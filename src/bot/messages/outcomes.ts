// Replies to successful commands.
import type { CloseOutcome } from "../../phases/close.ts";
import type { RequestOutcome } from "../../phases/coordination.ts";
import type { DetectionOutcome } from "../../phases/detection.ts";
import type { MitigationOutcome } from "../../phases/mitigation.ts";
import type { NoticeOutcome } from "../../phases/notice.ts";
import type { RetrospectiveOutcome } from "../../phases/retrospective.ts";
import type { IncidentState } from "../../phases/states.ts";
import { toTlp } from "../../phases/tlp.ts";
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

export type Outcome = NoticeOutcome | DetectionOutcome | MitigationOutcome | RequestOutcome | RetrospectiveOutcome | CloseOutcome;

export function renderOutcome(context: LineContext, outcome: Outcome): Reply {
  const rendered = renderOutcomeContent(context, outcome);
  const request = "request" in outcome ? { id: outcome.request.id, state: outcome.request.state } : undefined;
  return about(rendered, { incident: outcome.incident.id, state: outcome.incident.state as IncidentState, request });
}

function renderOutcomeContent(context: LineContext, outcome: Outcome): Reply {
  const { catalog } = context;
  const { text } = catalog;
  const incident = outcome.incident;
  const state = incident.state as IncidentState;
  const stateLine = text.incidentStateNow(catalog.states[state]);
  const walk = nextStepsForState(catalog, incident.id, state);

  switch (outcome.kind) {
    case "notice": {
      const title = (outcome.openedIncident ? text.incidentOpened(incident.id) + " " : "") + text.noticePosted(outcome.notice.id, incident.id);
      return reply(title, [...noticeLines(context, outcome.notice), stateLine], walk, toTlp(outcome.notice.tlp));
    }
    case "detection": {
      const title = (outcome.openedIncident ? text.incidentOpened(incident.id) + " " : "") + text.detectionReported(incident.id, outcome.detection.org);
      return reply(title, [...detectionLines(context, outcome.detection), stateLine], walk, toTlp(outcome.detection.tlp));
    }
    case "mitigation":
      return reply(text.mitigationLogged(incident.id, outcome.mitigation.org), [...mitigationLines(context, outcome.mitigation), stateLine], walk, toTlp(outcome.mitigation.tlp));
    case "request":
    case "ack":
    case "done":
    case "decline":
      return renderRequestOutcome(context, outcome, stateLine);
    case "review": {
      const title = outcome.opened ? text.retrospectiveOpened(incident.id) : text.retrospectiveUpdated(incident.id);
      return reply(title, [...retrospectiveLines(context, outcome.retrospective), stateLine], walk, toTlp(outcome.retrospective.tlp));
    }
    case "close":
      return reply(text.incidentClosed(incident.id), [stateLine], [], toTlp(incident.tlp));
  }
}

function renderRequestOutcome(context: LineContext, outcome: RequestOutcome, stateLine: string): Reply {
  const { text } = context.catalog;
  const { request, incident } = outcome;
  const ref = requestRef(request.id);
  const lines = [...requestLines(context, request), stateLine];
  const tlp = toTlp(request.tlp);
  switch (outcome.kind) {
    case "request":
      return reply(text.requestSent(ref, request.toOrg, incident.id), lines, [text.next.answerRequest(ref, request.toOrg), text.next.completeRequest(ref)], tlp);
    case "ack":
      return reply(text.requestAcknowledged(ref), lines, [text.next.completeRequest(ref), text.next.status(incident.id)], tlp);
    case "done":
      return reply(text.requestDone(ref), lines, [text.next.status(incident.id)], tlp);
    case "decline":
      return reply(text.requestDeclined(ref), lines, [text.next.request(incident.id)], tlp);
  }
}
