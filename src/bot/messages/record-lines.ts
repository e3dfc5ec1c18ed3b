// Lines that describe one record, shared by command replies and status views.
import type { Locale } from "../../config.ts";
import type { CoordinationRequest, Detection, Mitigation, Notice, Retrospective } from "../../generated/prisma/client.ts";
import { targetsFromJson } from "../../phases/records.ts";
import type { AttackVector, Credibility, DetectionStatus, MitigationAction, MitigationEffect, NoticeSource } from "../commands/types.ts";
import type { Catalog } from "./catalog/index.ts";
import type { RequestState } from "./catalog/types.ts";
import { formatDuration, formatRate, formatTime } from "./format.ts";

export interface LineContext {
  catalog: Catalog;
  locale: Locale;
  timeZone: string;
}

function line(context: LineContext, label: keyof Catalog["fields"], value: string): string {
  return `${context.catalog.fields[label]}: ${value}`;
}

export function requestRef(id: number): string {
  return `R${id}`;
}

export function noticeLines(context: LineContext, notice: Notice): string[] {
  const { catalog, timeZone } = context;
  const lines = [line(context, "targets", targetsFromJson(notice.targets).map((target) => target.value).join(catalog.listSeparator))];
  if (notice.attacker) lines.push(line(context, "attacker", notice.attacker));
  if (notice.profile) lines.push(line(context, "profile", notice.profile));
  if (notice.source) lines.push(line(context, "source", catalog.sources[notice.source as NoticeSource] ?? notice.source));
  if (notice.link) lines.push(line(context, "link", notice.link));
  if (notice.expectedStart) {
    const end = notice.expectedEnd ? ` – ${formatTime(notice.expectedEnd, timeZone)}` : "";
    lines.push(line(context, "expected", formatTime(notice.expectedStart, timeZone) + end));
  }
  if (notice.credibility) lines.push(line(context, "credibility", catalog.credibilities[notice.credibility as Credibility] ?? notice.credibility));
  if (notice.text) lines.push(line(context, "text", notice.text));
  return lines;
}

export function detectionLines(context: LineContext, detection: Detection): string[] {
  const { catalog, timeZone } = context;
  const lines = [line(context, "observed", detection.observed ? catalog.yes : catalog.no)];
  const targets = targetsFromJson(detection.targets);
  if (targets.length > 0) lines.push(line(context, "targets", targets.map((target) => target.value).join(catalog.listSeparator)));
  const vectors = JSON.parse(detection.vectors) as AttackVector[];
  if (vectors.length > 0) lines.push(line(context, "vectors", vectors.map((vector) => catalog.vectors[vector] ?? vector).join(catalog.listSeparator)));
  if (detection.startedAt) lines.push(line(context, "start", formatTime(detection.startedAt, timeZone)));
  const peaks = [
    detection.peakBps != null ? formatRate(detection.peakBps, "bps") : undefined,
    detection.peakPps != null ? formatRate(detection.peakPps, "pps") : undefined,
    detection.peakRps != null ? formatRate(detection.peakRps, "rps") : undefined,
  ].filter(Boolean);
  if (peaks.length > 0) lines.push(line(context, "peak", peaks.join(" / ")));
  if (detection.observed) lines.push(line(context, "status", catalog.detectionStatuses[detection.status as DetectionStatus] ?? detection.status));
  if (detection.text) lines.push(line(context, "text", detection.text));
  return lines;
}

export function mitigationLines(context: LineContext, mitigation: Mitigation): string[] {
  const { catalog, timeZone } = context;
  const lines = [line(context, "action", catalog.actions[mitigation.action as MitigationAction] ?? mitigation.action)];
  const scope = [mitigation.prefix, mitigation.protocol, mitigation.ports ? `port ${mitigation.ports}` : undefined].filter(Boolean);
  if (scope.length > 0) lines.push(line(context, "scope", scope.join(" ")));
  const end = mitigation.endedAt ? ` – ${formatTime(mitigation.endedAt, timeZone)}` : "";
  lines.push(line(context, "start", formatTime(mitigation.startedAt, timeZone) + end));
  if (mitigation.effect) lines.push(line(context, "effect", catalog.effects[mitigation.effect as MitigationEffect] ?? mitigation.effect));
  if (mitigation.text) lines.push(line(context, "text", mitigation.text));
  return lines;
}

export function requestLines(context: LineContext, request: CoordinationRequest): string[] {
  const { catalog, locale } = context;
  const lines = [
    line(context, "to", request.toOrg),
    line(context, "status", catalog.requestStates[request.state as RequestState] ?? request.state),
    line(context, "text", request.text),
  ];
  if (request.answerText) lines.push(`  ${request.answerText}`);
  const times: string[] = [];
  if (request.acknowledgedAt) {
    times.push(`${catalog.fields.toAcknowledge} ${formatDuration(request.acknowledgedAt.getTime() - request.requestedAt.getTime(), locale)}`);
  }
  if (request.doneAt) {
    times.push(`${catalog.fields.toDone} ${formatDuration(request.doneAt.getTime() - request.requestedAt.getTime(), locale)}`);
  }
  if (times.length > 0) lines.push(times.join(" / "));
  return lines;
}

export function retrospectiveLines(context: LineContext, retrospective: Retrospective): string[] {
  const { catalog } = context;
  const lines: string[] = [];
  if (retrospective.attacker) lines.push(line(context, "attacker", retrospective.attacker));
  if (retrospective.methods) lines.push(line(context, "methods", retrospective.methods));
  if (retrospective.response) lines.push(line(context, "response", retrospective.response));
  if (retrospective.damage !== null) {
    const detail = retrospective.damageDetail ? ` (${retrospective.damageDetail})` : "";
    lines.push(line(context, "damage", (retrospective.damage ? catalog.yes : catalog.no) + detail));
  }
  if (retrospective.lessons) lines.push(line(context, "lessons", retrospective.lessons));
  lines.push(line(context, "publishable", retrospective.publishable ? catalog.yes : catalog.no));
  if (retrospective.notes) lines.push(line(context, "notes", retrospective.notes.replaceAll("\n", " / ")));
  return lines;
}
