// Renders the reminders posted in an incident's thread from the records as
// they are at send time. When the reminder's condition is no longer true
// (the request was acknowledged meanwhile, say), the post states that no
// action is needed. Content above the audience's TLP clearance is withheld
// like in any post.
import type { Database } from "../../db/client.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import { participationOf } from "../../phases/incident-view.ts";
import type { ExpectedStartPayload, OverduePayload, RequestAckPayload } from "../../phases/reminders/types.ts";
import type { IncidentState } from "../../phases/states.ts";
import { toTlp } from "../../phases/tlp.ts";
import type { Tlp } from "../commands/types.ts";
import { formatDuration, formatTime } from "../messages/format.ts";
import { withinClearance } from "../messages/visibility.ts";
import { requestLines, requestRef, type LineContext } from "../messages/record-lines.ts";
import { about, reply, type Reply } from "../messages/reply.ts";
import { reminderTexts } from "./reminder-texts.ts";

export interface ThreadReminderInput<P> {
  db: Database;
  directory: MemberDirectory;
  context: LineContext;
  maxTlp: Tlp;
  payload: P;
  now: Date;
}

function withheld(context: LineContext, incidentId: number, tlp: Tlp): Reply {
  return reply(`#${incidentId}`, [context.catalog.text.withheld(tlp)], [], tlp);
}

export async function renderExpectedStartReminder(input: ThreadReminderInput<ExpectedStartPayload>): Promise<Reply> {
  const { db, directory, context, maxTlp, payload } = input;
  const { catalog } = context;
  const texts = reminderTexts[context.locale].expectedStart;
  const notice = await db.notice.findUniqueOrThrow({
    where: { id: payload.noticeId },
    include: { incident: { include: { detections: { orderBy: { id: "asc" } } } } },
  });
  const incident = notice.incident;
  const tlp = toTlp(incident.tlp);
  if (!withinClearance(tlp, maxTlp)) return withheld(context, incident.id, tlp);

  const title = texts.title(incident.id, notice.id);
  if (incident.state === "closed") return reply(title, [reminderTexts[context.locale].noLongerNeeded], [], tlp);

  const { noAnswer } = participationOf(incident.detections, directory.organizationIds());
  const names = noAnswer.map((org) => directory.organizationName(org)).join(catalog.listSeparator);
  const end = notice.expectedEnd ? ` – ${formatTime(notice.expectedEnd, context.timeZone)}` : "";
  const lines = [
    `${catalog.fields.expected}: ${formatTime(notice.expectedStart!, context.timeZone)}${end}`,
    texts.question,
    noAnswer.length > 0 ? texts.noAnswer(names) : texts.allAnswered,
  ];
  const next = [catalog.text.next.detect(incident.id), catalog.text.next.notAffected(incident.id)];
  return about(reply(title, lines, next, tlp), { incident: incident.id, state: incident.state as IncidentState });
}

export async function renderRequestAckReminder(input: ThreadReminderInput<RequestAckPayload>): Promise<Reply> {
  const { db, directory, context, maxTlp, payload, now } = input;
  const texts = reminderTexts[context.locale];
  const request = await db.coordinationRequest.findUniqueOrThrow({ where: { id: payload.requestId }, include: { incident: true } });
  const tlp = toTlp(request.tlp);
  if (!withinClearance(tlp, maxTlp)) return withheld(context, request.incidentId, tlp);

  const ref = requestRef(request.id);
  const title = texts.requestAck.title(ref, directory.organizationName(request.toOrg), payload.repeat);
  if (request.state !== "requested" || request.incident.state === "closed") {
    return reply(title, [texts.noLongerNeeded, ...requestLines(context, request)], [], tlp);
  }

  const elapsed = formatDuration(Math.max(0, now.getTime() - request.requestedAt.getTime()), context.locale);
  const lines = [texts.requestAck.waiting(elapsed), ...requestLines(context, request)];
  const next = [context.catalog.text.next.answerRequest(ref, request.toOrg)];
  const subject = { incident: request.incidentId, state: request.incident.state as IncidentState, request: { id: request.id, state: request.state } };
  return about(reply(title, lines, next, tlp), subject);
}

export async function renderMitigationOverdueReminder(input: ThreadReminderInput<OverduePayload>): Promise<Reply> {
  const { db, context, maxTlp, payload } = input;
  const texts = reminderTexts[context.locale];
  const incident = await db.incident.findUniqueOrThrow({ where: { id: payload.incidentId }, include: { _count: { select: { mitigations: true } } } });
  const tlp = toTlp(incident.tlp);
  if (!withinClearance(tlp, maxTlp)) return withheld(context, incident.id, tlp);

  const title = texts.mitigationOverdue.title(incident.id);
  if (incident.state !== "under_attack" || incident._count.mitigations > 0) return reply(title, [texts.noLongerNeeded], [], tlp);

  const lines = [texts.mitigationOverdue.body(payload.days, formatTime(incident.stateChangedAt, context.timeZone))];
  const next = [context.catalog.text.next.mitigate(incident.id), context.catalog.text.next.request(incident.id)];
  return about(reply(title, lines, next, tlp), { incident: incident.id, state: "under_attack" });
}

export async function renderRetrospectiveOverdueReminder(input: ThreadReminderInput<OverduePayload>): Promise<Reply> {
  const { db, context, maxTlp, payload } = input;
  const texts = reminderTexts[context.locale];
  const incident = await db.incident.findUniqueOrThrow({ where: { id: payload.incidentId }, include: { retrospective: { select: { id: true } } } });
  const tlp = toTlp(incident.tlp);
  if (!withinClearance(tlp, maxTlp)) return withheld(context, incident.id, tlp);

  const title = texts.retrospectiveOverdue.title(incident.id);
  if (incident.state !== "subsided" || incident.retrospective !== null) return reply(title, [texts.noLongerNeeded], [], tlp);

  const lines = [texts.retrospectiveOverdue.body(payload.days, formatTime(incident.stateChangedAt, context.timeZone))];
  return about(reply(title, lines, [context.catalog.text.next.review(incident.id)], tlp), { incident: incident.id, state: "subsided" });
}
