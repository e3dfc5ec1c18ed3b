// Silences and maintenance windows. An administrator leaves an operator or a
// whole sector out of correlated alerts until an end time. A window that
// starts later is a maintenance window. Its probes still run and are stored.

import type { Database } from "../../db/client.ts";
import type { ProbeSilence } from "../../generated/prisma/client.ts";
import type { Actor } from "../../phases/actor.ts";
import type { SilenceCheck } from "./rules.ts";

export type SilenceScope = "operator" | "sector";

export interface NewSilence {
  scope: SilenceScope;
  /** Operator or sector name as stored. */
  name: string;
  startsAt: Date;
  endsAt: Date;
  reason?: string;
}

export async function createSilence(db: Database, silence: NewSilence, actor: Actor): Promise<ProbeSilence> {
  return db.probeSilence.create({ data: { ...silence, org: actor.org, user: actor.user } });
}

/** Cancels a silence that has not ended yet; returns null when there is no such silence. */
export async function cancelSilence(db: Database, id: number, now: Date): Promise<ProbeSilence | null> {
  const silence = await db.probeSilence.findUnique({ where: { id } });
  if (silence === null || silence.cancelledAt !== null || silence.endsAt <= now) return null;
  return db.probeSilence.update({ where: { id }, data: { cancelledAt: now } });
}

/** Silences in force now or starting later, soonest end first. */
export async function currentSilences(db: Database, now: Date): Promise<ProbeSilence[]> {
  return db.probeSilence.findMany({ where: { cancelledAt: null, endsAt: { gt: now } }, orderBy: [{ endsAt: "asc" }, { id: "asc" }] });
}

/** Builds the check that the rules apply to each operator, from the silences in force at `now`. */
export function silenceCheck(silences: readonly ProbeSilence[], now: Date): SilenceCheck {
  const active = silences.filter((silence) => silence.cancelledAt === null && silence.startsAt <= now && now < silence.endsAt);
  const operators = new Set(active.filter((silence) => silence.scope === "operator").map((silence) => silence.name));
  const sectors = new Set(active.filter((silence) => silence.scope === "sector").map((silence) => silence.name));
  return (operator, sector) => operators.has(operator) || sectors.has(sector);
}
