// Persists probe alerts and stores their posts in the outbox in the same
// transaction, so after a restart an alert is neither posted again nor lost.
// The alert row records what was announced, and the outbox contains what is
// still to be sent.

import type { Tlp } from "../../bot/commands/types.ts";
import { withinClearance } from "../../bot/messages/visibility.ts";
import type { Destination } from "../../bot/delivery/types.ts";
import { retryWhileBusy } from "../../db/busy-retry.ts";
import type { Database } from "../../db/client.ts";
import { runInTransaction } from "../../db/transaction.ts";
import type { ProbeAlert } from "../../generated/prisma/client.ts";
import type { Transaction } from "../../phases/context.ts";
import type { CanaryResult } from "./canary.ts";
import type { AlertChange, AlertMember, AlertState, CorrelationRule, EpisodeDecision, FiredRule } from "./types.ts";

export type AlertKind = "correlated" | "connectivity";

export const ALERT_POST_TYPE = "probe_alert";
export const ALERT_NOTE_TYPE = "probe_alert_note";

/** Payload of a thread reply under an alert: what changed at one revision. */
export type AlertNote =
  | { alertId: number; revision: number; at: string; event: "changed"; change: AlertChange }
  | { alertId: number; revision: number; at: string; event: "resolved"; durationMs: number }
  | { alertId: number; revision: number; at: string; event: "linked"; incidentId: number; openedIncident: boolean };

export function parseMembers(alert: Pick<ProbeAlert, "members">): AlertMember[] {
  return JSON.parse(alert.members) as AlertMember[];
}

export function parseRules(alert: Pick<ProbeAlert, "rules">): FiredRule[] {
  return JSON.parse(alert.rules) as FiredRule[];
}

export function parseCanaries(alert: Pick<ProbeAlert, "members">): CanaryResult[] {
  return JSON.parse(alert.members) as CanaryResult[];
}

export function alertState(row: ProbeAlert): AlertState {
  return {
    id: row.id,
    rule: row.rule as CorrelationRule,
    rules: parseRules(row),
    members: parseMembers(row),
    openedAt: row.openedAt,
    lastDegradedAt: row.lastDegradedAt,
    revision: row.revision,
  };
}

export async function loadOpenAlert(db: Database, kind: AlertKind): Promise<ProbeAlert | null> {
  return db.probeAlert.findFirst({ where: { kind, state: "open" }, orderBy: { id: "desc" } });
}

/** Tells whether the alert's first message was posted, or is waiting to be, in `destination`. */
async function hasAlertMessage(tx: Transaction, destination: string, alertId: number): Promise<boolean> {
  const thread = await tx.alertThread.findUnique({ where: { destination_alertId: { destination, alertId } }, select: { alertId: true } });
  if (thread !== null) return true;
  const root = await tx.outboxPost.findFirst({ where: { destination, alertId, kind: "alert", state: { not: "superseded" } }, select: { id: true } });
  return root !== null;
}

/**
 * Stores the alert's posts for every destination cleared for its TLP label.
 * A destination configured after the alert was opened has no alert message
 * to edit or reply under, so an open alert is posted there in full instead,
 * and a resolved one is left out.
 */
async function enqueueAlertPosts(
  tx: Transaction,
  destinations: readonly Destination[],
  alert: { id: number; tlp: string; state: string },
  posts: ReadonlyArray<{ kind: "alert" | "alert_edit" | "alert_note"; key: string; type: string; payload: unknown }>,
): Promise<void> {
  for (const destination of destinations) {
    if (!withinClearance(alert.tlp as Tlp, destination.maxTlp)) continue;
    let selected = posts;
    if (posts.some((post) => post.kind !== "alert") && !(await hasAlertMessage(tx, destination.id, alert.id))) {
      if (alert.state !== "open") continue;
      selected = [rootPost(alert.id)];
    }
    for (const post of selected) {
      await tx.outboxPost.create({
        data: {
          destination: destination.id,
          key: `${post.key}:${destination.id}`,
          kind: post.kind,
          alertId: alert.id,
          payload: JSON.stringify({ type: post.type, payload: post.payload }),
        },
      });
    }
  }
}

function rootPost(alertId: number) {
  return { kind: "alert" as const, key: `alert:${alertId}`, type: ALERT_POST_TYPE, payload: { alertId } };
}

function editAndNote(note: AlertNote) {
  return [
    { kind: "alert_edit" as const, key: `alert-edit:${note.alertId}:${note.revision}`, type: ALERT_POST_TYPE, payload: { alertId: note.alertId } },
    { kind: "alert_note" as const, key: `alert-note:${note.alertId}:${note.revision}`, type: ALERT_NOTE_TYPE, payload: note },
  ];
}

export interface StoreContext {
  db: Database;
  destinations: readonly Destination[];
  tlp: Tlp;
}

/** Applies an episode decision to the stored correlated alert; returns the alert row when something was stored. */
export async function storeDecision(context: StoreContext, open: ProbeAlert | null, decision: EpisodeDecision, at: Date): Promise<ProbeAlert | null> {
  const { db, destinations } = context;
  switch (decision.kind) {
    case "none":
      return null;

    case "touch":
      if (open === null) return null;
      return retryWhileBusy(() =>
        db.probeAlert.update({
          where: { id: open.id },
          data: { rules: JSON.stringify(decision.rules), ...(decision.degradedNow ? { lastDegradedAt: at } : {}) },
        }),
      );

    case "open":
      return runInTransaction(db, async (tx) => {
        const alert = await tx.probeAlert.create({
          data: {
            kind: "correlated",
            state: "open",
            rule: decision.rule,
            rules: JSON.stringify(decision.rules),
            members: JSON.stringify(decision.members),
            tlp: context.tlp,
            openedAt: at,
            updatedAt: at,
            lastDegradedAt: at,
          },
        });
        await enqueueAlertPosts(tx, destinations, alert, [rootPost(alert.id)]);
        return alert;
      });

    case "update": {
      if (open === null) return null;
      const revision = open.revision + 1;
      const note: AlertNote = { alertId: open.id, revision, at: at.toISOString(), event: "changed", change: decision.change };
      return runInTransaction(db, async (tx) => {
        const alert = await tx.probeAlert.update({
          where: { id: open.id },
          data: {
            rule: decision.rule,
            rules: JSON.stringify(decision.rules),
            members: JSON.stringify(decision.members),
            updatedAt: at,
            revision,
            ...(decision.degradedNow ? { lastDegradedAt: at } : {}),
          },
        });
        await enqueueAlertPosts(tx, destinations, alert, editAndNote(note));
        return alert;
      });
    }

    case "resolve":
      if (open === null) return null;
      return resolveAlert(context, open, at, decision.durationMs);
  }
}

/** Marks an open alert resolved and stores its resolution post. */
export async function resolveAlert(context: StoreContext, open: ProbeAlert, at: Date, durationMs: number): Promise<ProbeAlert> {
  const revision = open.revision + 1;
  const note: AlertNote = { alertId: open.id, revision, at: at.toISOString(), event: "resolved", durationMs };
  return runInTransaction(context.db, async (tx) => {
    const alert = await tx.probeAlert.update({ where: { id: open.id }, data: { state: "resolved", resolvedAt: at, updatedAt: at, revision } });
    await enqueueAlertPosts(tx, context.destinations, alert, editAndNote(note));
    return alert;
  });
}

/** Opens a local-connectivity warning with the canary results that triggered it. */
export async function openConnectivityAlert(context: StoreContext, canaries: readonly CanaryResult[], at: Date): Promise<ProbeAlert> {
  return runInTransaction(context.db, async (tx) => {
    const alert = await tx.probeAlert.create({
      data: {
        kind: "connectivity",
        state: "open",
        rules: "[]",
        members: JSON.stringify(canaries),
        tlp: context.tlp,
        openedAt: at,
        updatedAt: at,
        lastDegradedAt: at,
      },
    });
    await enqueueAlertPosts(tx, context.destinations, alert, [rootPost(alert.id)]);
    return alert;
  });
}

/** Records that an incident was declared from (or linked to) an alert, and announces the link under the alert. */
export async function linkAlertToIncident(tx: Transaction, destinations: readonly Destination[], alert: ProbeAlert, incidentId: number, openedIncident: boolean, at: Date): Promise<void> {
  const revision = alert.revision + 1;
  const note: AlertNote = { alertId: alert.id, revision, at: at.toISOString(), event: "linked", incidentId, openedIncident };
  const updated = await tx.probeAlert.update({ where: { id: alert.id }, data: { incidentId, revision } });
  await enqueueAlertPosts(tx, destinations, updated, editAndNote(note));
}
