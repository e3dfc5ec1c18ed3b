// Current condition of every stored target, read in one query, and how
// target conditions add up to an operator's condition.

import type { Database } from "../../db/client.ts";
import type { Outcome } from "../types.ts";

/**
 * Condition shown in status views. `down` is a degraded target whose latest
 * probe failed, and `degraded` is one that still loads but too slowly.
 */
export type Condition = "up" | "degraded" | "down" | "unknown";

/** Conditions from worst to best, the order that views sort by. */
export const CONDITION_ORDER: readonly Condition[] = ["down", "degraded", "unknown", "up"];

export interface TargetRow {
  id: number;
  url: string;
  operator: string;
  sector: string;
  sectorEn: string | null;
  /** Health state, or null before the first probe was stored. */
  state: string | null;
  lastOutcome: Outcome | null;
  lastProbeMs: number | null;
  lastTotalMs: number | null;
  lastAddress: string | null;
  condition: Condition;
}

export function conditionOf(state: string | null, lastOutcome: string | null): Condition {
  if (state === "up") return "up";
  if (state === "degraded") return lastOutcome === "ok" || lastOutcome === "slow" ? "degraded" : "down";
  return "unknown";
}

/**
 * Combines the conditions of one operator's targets. Targets still unknown
 * are ignored unless all are unknown. The operator is down when every known
 * target is down, up when every known target is up, and degraded otherwise.
 */
export function operatorCondition(conditions: readonly Condition[]): Condition {
  const known = conditions.filter((condition) => condition !== "unknown");
  if (known.length === 0) return "unknown";
  if (known.every((condition) => condition === "down")) return "down";
  if (known.every((condition) => condition === "up")) return "up";
  return "degraded";
}

interface TargetQueryRow {
  id: number;
  url: string;
  operator: string;
  sector: string;
  sectorEn: string | null;
  state: string | null;
  lastOutcome: string | null;
  lastProbeMs: bigint | null;
  lastTotalMs: number | null;
  lastAddress: string | null;
}

/**
 * Loads every enabled target that is not removed, with its operator, sector
 * and latest health. While a connectivity warning is open, a target whose
 * latest probe failed after the warning opened is unknown: the failure may be
 * the prober's own.
 */
export async function loadTargetRows(db: Database): Promise<TargetRow[]> {
  const connectivity = await db.probeAlert.findFirst({ where: { kind: "connectivity", state: "open" }, select: { openedAt: true } });
  const unknownFromMs = connectivity?.openedAt.getTime() ?? Number.POSITIVE_INFINITY;
  const rows = await db.$queryRawUnsafe<TargetQueryRow[]>(`
SELECT t."id", t."url", o."name" AS operator, s."name" AS sector, s."nameEn" AS sectorEn,
  h."state", h."lastOutcome", h."lastProbeMs", h."lastTotalMs", h."lastAddress"
FROM "ProbeTarget" t
JOIN "Operator" o ON o."id" = t."operatorId"
JOIN "Sector" s ON s."id" = o."sectorId"
LEFT JOIN "TargetHealth" h ON h."targetId" = t."id"
WHERE t."removedAt" IS NULL AND t."enabled" = 1
ORDER BY s."id", o."name", t."url"`);
  return rows.map((row) => ({
    id: Number(row.id),
    url: row.url,
    operator: row.operator,
    sector: row.sector,
    sectorEn: row.sectorEn,
    state: row.state,
    lastOutcome: row.lastOutcome as Outcome | null,
    lastProbeMs: row.lastProbeMs === null ? null : Number(row.lastProbeMs),
    lastTotalMs: row.lastTotalMs === null ? null : Number(row.lastTotalMs),
    lastAddress: row.lastAddress,
    condition:
      row.lastProbeMs !== null && Number(row.lastProbeMs) >= unknownFromMs && row.lastOutcome !== "ok" && row.lastOutcome !== "slow"
        ? "unknown"
        : conditionOf(row.state, row.lastOutcome),
  }));
}

/** Groups rows by a key, keeping first-seen order. */
export function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
