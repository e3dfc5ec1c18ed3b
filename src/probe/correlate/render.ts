// Renders probe alerts for chat: the alert message (rendered again for every
// edit, from the alert as it is at send time), its thread notes, and the
// alert list of `/dos probe alerts`.

import { formatDuration, formatTime } from "../../bot/messages/format.ts";
import type { Reply } from "../../bot/messages/reply.ts";
import type { Tlp } from "../../bot/commands/types.ts";
import type { Locale } from "../../config.ts";
import type { ProbeAlert, ProbeSilence } from "../../generated/prisma/client.ts";
import { probeMessages } from "../messages.ts";
import { sectorNameFor, type SectorDefinition } from "../sectors.ts";
import type { Outcome } from "../types.ts";
import { parseCanaries, parseMembers, parseRules, type AlertNote } from "./alert-store.ts";
import { alertMessages, alertRef, silenceRef } from "./messages.ts";
import { networkKey } from "./rules.ts";
import type { AlertMember, CorrelationRule, FiredRule } from "./types.ts";

export interface AlertRenderContext {
  locale: Locale;
  timeZone: string;
  sectors: readonly SectorDefinition[];
  /** Minutes without a degraded operator before an alert resolves, quoted in the resolution note. */
  resolveAfterMinutes: number;
}

/** Returns the command that declares a detection from an alert, in the reply language. */
export function declareCommand(locale: Locale, alertId: number): string {
  return locale === "ja" ? `/dos 観測 宣言 ${alertRef(alertId)}` : `/dos probe declare ${alertRef(alertId)}`;
}

function sectorName(context: AlertRenderContext, name: string): string {
  return sectorNameFor(context.sectors, name, context.locale);
}

function ruleLine(context: AlertRenderContext, rule: FiredRule): string {
  const messages = alertMessages(context.locale);
  switch (rule.rule) {
    case "operators":
      return messages.ruleOperators(rule.operators, rule.networks, rule.minimum);
    case "sector":
      return messages.ruleSector(
        sectorName(context, rule.sector),
        rule.degraded,
        rule.total,
        Math.round(rule.share * 100),
        Math.round(rule.minimumShare * 100),
        rule.minimum,
      );
    case "shared":
      return messages.ruleShared(rule.network, rule.operators.join(", "));
  }
}

function failureText(context: AlertRenderContext, failures: Record<string, number>): string {
  const names = probeMessages(context.locale).outcomes;
  const parts = Object.entries(failures)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, count]) => `${names[outcome as Outcome] ?? outcome}×${count}`);
  return parts.join(", ");
}

function memberLine(context: AlertRenderContext, member: AlertMember): string {
  const messages = alertMessages(context.locale);
  const time = (iso: string) => formatTime(new Date(iso), context.timeZone);
  const median = member.medianMs === null ? "" : messages.medianMs(member.medianMs);
  const addresses = member.addresses.length === 0 ? "" : ` — ${member.addresses.join(", ")}`;
  const recovered = member.recoveredAt === null ? "" : messages.recoveredMark(time(member.recoveredAt));
  return messages.member(member.operator, sectorName(context, member.sector), time(member.since), failureText(context, member.failures), median, addresses) + recovered;
}

function networksOf(members: readonly AlertMember[]): number {
  return new Set(members.map(networkKey)).size;
}

/** Repeats what the latest update changed: members that joined or recovered at that evaluation. */
function lastChangeLines(context: AlertRenderContext, alert: ProbeAlert, members: readonly AlertMember[]): string[] {
  if (alert.revision === 0 || alert.state !== "open") return [];
  const messages = alertMessages(context.locale);
  const at = alert.updatedAt.toISOString();
  const joined = members.filter((member) => member.joinedAt === at).map((member) => member.operator);
  const recovered = members.filter((member) => member.recoveredAt === at).map((member) => member.operator);
  const parts = [
    ...(joined.length > 0 ? [messages.changeJoined(joined.join(", "))] : []),
    ...(recovered.length > 0 ? [messages.changeRecovered(recovered.join(", "))] : []),
  ];
  return parts.length === 0 ? [] : [messages.changedAtLastUpdate(parts.join(" / "))];
}

/** Renders the alert message as it is now; edits send this again. */
export function renderAlert(context: AlertRenderContext, alert: ProbeAlert): Reply {
  if (alert.kind === "connectivity") return renderConnectivity(context, alert);
  const messages = alertMessages(context.locale);
  const ref = alertRef(alert.id);
  const members = parseMembers(alert);
  const sectors = [...new Set(members.map((member) => sectorName(context, member.sector)))].join(", ");
  const resolved = alert.state === "resolved";
  const title = (resolved ? messages.resolvedPrefix : "") + messages.title(ref, members.length, networksOf(members), sectors);

  const time = (date: Date) => formatTime(date, context.timeZone);
  const lines = [
    ...(resolved ? [] : [messages.stories[(alert.rule ?? "operators") as CorrelationRule]]),
    ...parseRules(alert).map((rule) => ruleLine(context, rule)),
    `${messages.opened(time(alert.openedAt))} · ${messages.updated(time(alert.updatedAt))}`,
    ...(resolved && alert.resolvedAt ? [messages.resolvedAt(time(alert.resolvedAt), formatDuration(alert.resolvedAt.getTime() - alert.openedAt.getTime(), context.locale))] : []),
    ...lastChangeLines(context, alert, members),
    messages.membersHeading,
    ...members.map((member) => memberLine(context, member)),
    ...(alert.incidentId === null ? [] : [messages.linkedIncident(alert.incidentId)]),
  ];
  const offerDeclare = !resolved && alert.incidentId === null;
  return {
    tlp: alert.tlp as Tlp,
    title,
    lines,
    next: offerDeclare ? [messages.declareStep(declareCommand(context.locale, alert.id))] : [],
    isError: false,
    ...(offerDeclare ? { declareAlert: alert.id } : {}),
  };
}

function renderConnectivity(context: AlertRenderContext, alert: ProbeAlert): Reply {
  const messages = alertMessages(context.locale);
  const canaries = parseCanaries(alert);
  const failed = canaries.filter((canary) => !canary.ok);
  const resolved = alert.state === "resolved";
  const time = (date: Date) => formatTime(date, context.timeZone);
  const outcomes = probeMessages(context.locale).outcomes;
  const result = (canary: (typeof canaries)[number]) => {
    if (canary.failure !== null) return `${outcomes[canary.failure as Outcome] ?? canary.failure} ${canary.totalMs} ms`;
    return canary.statusCode ? messages.canaryReached(canary.statusCode, canary.totalMs) : `${outcomes.ok} ${canary.totalMs} ms`;
  };
  return {
    tlp: alert.tlp as Tlp,
    title: (resolved ? messages.resolvedPrefix : "") + messages.connectivityTitle(alertRef(alert.id), failed.length, canaries.length),
    lines: [
      // The story speaks of the present, so a resolved warning leaves it out.
      ...(resolved ? [] : [messages.connectivityStory]),
      messages.opened(time(alert.openedAt)),
      ...(resolved && alert.resolvedAt ? [messages.resolvedAt(time(alert.resolvedAt), formatDuration(alert.resolvedAt.getTime() - alert.openedAt.getTime(), context.locale))] : []),
      ...canaries.map((canary) => messages.canaryLine(canary.canary, result(canary))),
    ],
    next: [],
    isError: false,
  };
}

/** Renders one thread note under an alert: what changed at one revision. */
export function renderAlertNote(context: AlertRenderContext, alert: ProbeAlert, note: AlertNote): Reply {
  const messages = alertMessages(context.locale);
  const ref = alertRef(alert.id);
  const tlp = alert.tlp as Tlp;
  switch (note.event) {
    case "changed": {
      const { change } = note;
      const lines = [
        ...(change.joined.length > 0 ? [messages.changeJoined(change.joined.join(", "))] : []),
        ...(change.recovered.length > 0 ? [messages.changeRecovered(change.recovered.join(", "))] : []),
        ...(change.degradedAgain.length > 0 ? [messages.changeDegradedAgain(change.degradedAgain.join(", "))] : []),
        ...(change.ruleFrom !== null && change.ruleTo !== null ? [messages.changeRule(messages.ruleNames[change.ruleFrom], messages.ruleNames[change.ruleTo])] : []),
      ];
      return { tlp, title: messages.noteTitle(ref), lines, next: [], isError: false };
    }
    case "resolved": {
      const duration = formatDuration(note.durationMs, context.locale);
      const title =
        alert.kind === "connectivity" ? messages.connectivityResolvedNote(ref, duration) : messages.resolvedNote(ref, duration, context.resolveAfterMinutes);
      return { tlp, title, lines: [], next: [], isError: false };
    }
    case "linked":
      return { tlp, title: messages.linkedNote(ref, note.incidentId, note.openedIncident), lines: [], next: [], isError: false };
  }
}

/** Renders the list of open and recent alerts with the silences in force or planned. */
export function renderAlertList(context: AlertRenderContext, alerts: readonly ProbeAlert[], silences: readonly ProbeSilence[], tlp: Tlp): Reply {
  const messages = alertMessages(context.locale);
  const time = (date: Date) => formatTime(date, context.timeZone);
  const open = alerts.filter((alert) => alert.state === "open").length;
  const lines = alerts.length === 0 ? [messages.listEmpty] : [];
  for (const alert of alerts) {
    const state = messages.listState[alert.state as "open" | "resolved"];
    if (alert.kind === "connectivity") {
      const canaries = parseCanaries(alert);
      const failed = canaries.filter((canary) => !canary.ok).length;
      lines.push(messages.listLineConnectivity(alertRef(alert.id), state, messages.connectivityRule, failed, canaries.length, time(alert.openedAt)));
      continue;
    }
    const rule = messages.ruleNames[(alert.rule ?? "operators") as CorrelationRule];
    const incident = alert.incidentId === null ? "" : ` #${alert.incidentId}`;
    lines.push(messages.listLine(alertRef(alert.id), state, rule, parseMembers(alert).length, time(alert.openedAt), incident));
  }
  if (silences.length > 0) {
    lines.push(messages.silencesHeading);
    for (const silence of silences) {
      const scope = messages.scopeNames[silence.scope as "operator" | "sector"];
      const name = silence.scope === "sector" ? sectorName(context, silence.name) : silence.name;
      const reason = silence.reason ? ` — ${silence.reason}` : "";
      lines.push(messages.silenceLine(silenceRef(silence.id), name, scope, time(silence.startsAt), time(silence.endsAt), reason));
    }
  }
  return { tlp, title: messages.listTitle(open, alerts.length), lines, next: [], isError: false };
}
