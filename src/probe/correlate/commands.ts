// The alert actions of `/dos probe`: list alerts and silences, set a silence
// or maintenance window, and cancel one. Rejected input becomes an error
// reply that changes nothing.

import type { Tlp } from "../../bot/commands/types.ts";
import { formatTime } from "../../bot/messages/format.ts";
import { errorReply, reply, type Reply } from "../../bot/messages/reply.ts";
import type { Locale } from "../../config.ts";
import type { Database } from "../../db/client.ts";
import type { Actor } from "../../phases/actor.ts";
import { findSector, sectorNameFor, type SectorDefinition } from "../sectors.ts";
import { alertMessages, alertRef, silenceRef } from "./messages.ts";
import { renderAlert, renderAlertList, type AlertRenderContext } from "./render.ts";
import { cancelSilence, createSilence, currentSilences, type SilenceScope } from "./silences.ts";

const RECENT_DAYS = 7;
const LIST_LIMIT = 20;

export interface AlertCommandContext {
  db: Database;
  render: AlertRenderContext;
  tlp: Tlp;
  now: Date;
}

export async function listAlerts(context: AlertCommandContext): Promise<Reply> {
  const since = new Date(context.now.getTime() - RECENT_DAYS * 86_400_000);
  const alerts = await context.db.probeAlert.findMany({
    where: { OR: [{ state: "open" }, { openedAt: { gte: since } }] },
    orderBy: { id: "desc" },
    take: LIST_LIMIT,
  });
  const silences = await currentSilences(context.db, context.now);
  return renderAlertList(context.render, alerts, silences, context.tlp);
}

/** Renders one alert in full, as its channel message shows it now. */
export async function showAlert(context: AlertCommandContext, id: number): Promise<Reply> {
  const alert = await context.db.probeAlert.findUnique({ where: { id } });
  if (alert === null) return errorReply(alertMessages(context.render.locale).errors.alertNotFound(alertRef(id)));
  return renderAlert(context.render, alert);
}

/** Returns one line per open alert, for the top of `/dos probe status`. */
export async function openAlertLines(db: Database, locale: Locale): Promise<string[]> {
  const messages = alertMessages(locale);
  const open = await db.probeAlert.findMany({ where: { state: "open" }, orderBy: { id: "asc" } });
  return open.map((alert) =>
    alert.kind === "connectivity"
      ? `⚠ ${alertRef(alert.id)} ${messages.connectivityRule}`
      : `⚠ ${alertRef(alert.id)} ${messages.ruleNames[(alert.rule ?? "operators") as keyof typeof messages.ruleNames]} (${(JSON.parse(alert.members) as unknown[]).length})`,
  );
}

interface SilenceRequest {
  entry: string;
  /** Set when the member named the scope with operator= or sector=. */
  scope?: SilenceScope;
  from?: Date;
  until: Date;
  reason?: string;
}

type SilenceTarget = { scope: SilenceScope; name: string } | { ambiguous: true } | null;

/** Finds the sector or operator that `typed` names, within `scope` when given. A name that is both needs a scope. */
async function resolveSilenceTarget(db: Database, sectors: readonly SectorDefinition[], typed: string, scope?: SilenceScope): Promise<SilenceTarget> {
  const sector = scope === "operator" ? undefined : findSector(sectors, typed);
  const operator = scope === "sector" ? null : await db.operator.findUnique({ where: { name: typed.trim() }, select: { name: true } });
  if (sector !== undefined && operator !== null) return { ambiguous: true };
  if (sector !== undefined) return { scope: "sector", name: sector.name };
  return operator === null ? null : { scope: "operator", name: operator.name };
}

export async function setSilence(context: AlertCommandContext, request: SilenceRequest, actor: Actor): Promise<Reply> {
  const { db, render, now } = context;
  const messages = alertMessages(render.locale);
  if (!actor.admin) return errorReply(messages.errors.adminOnly);

  const target = await resolveSilenceTarget(db, render.sectors, request.entry, request.scope);
  if (target === null) return errorReply(messages.errors.unknownSilenceTarget(request.entry));
  if ("ambiguous" in target) return errorReply(messages.errors.ambiguousSilenceTarget(request.entry));
  const startsAt = request.from ?? now;
  if (request.until <= now) return errorReply(messages.errors.endInPast);
  if (request.until <= startsAt) return errorReply(messages.errors.endNotAfterStart);

  const silence = await createSilence(db, { ...target, startsAt, endsAt: request.until, ...(request.reason ? { reason: request.reason } : {}) }, actor);
  const name = target.scope === "sector" ? sectorNameFor(render.sectors, target.name, render.locale) : target.name;
  const time = (date: Date) => formatTime(date, render.timeZone);
  return reply(
    messages.silenceCreated(silenceRef(silence.id), name, messages.scopeNames[target.scope], time(startsAt), time(request.until)),
    request.reason ? [request.reason] : [],
    [],
    context.tlp,
  );
}

export async function unsetSilence(context: AlertCommandContext, id: number, actor: Actor): Promise<Reply> {
  const messages = alertMessages(context.render.locale);
  if (!actor.admin) return errorReply(messages.errors.adminOnly);
  const cancelled = await cancelSilence(context.db, id, context.now);
  if (cancelled === null) return errorReply(messages.errors.silenceNotFound(silenceRef(id)));
  return reply(messages.silenceCancelled(silenceRef(id), cancelled.name), [], [], context.tlp);
}
