// Data of `probe status <sector|operator|URL|IP>`: the selected targets with
// availability and median response time over the last hour, day and week,
// per operator and per target, plus each shown target's recent probes.

import { isIP } from "node:net";

import { toLooseKey } from "../../bot/commands/normalize.ts";
import type { Database } from "../../db/client.ts";
import { findSector, type SectorDefinition } from "../sectors.ts";
import type { Outcome } from "../types.ts";
import { prefixMatcher, unmapIpv4 } from "./prefix.ts";
import { CONDITION_ORDER, groupBy, loadTargetRows, operatorCondition, type Condition, type TargetRow } from "./target-rows.ts";
import { combineStats, loadWindowStats, WINDOW_NAMES, type WindowName, type WindowStats } from "./window-stats.ts";

export type Selector =
  | { kind: "sector"; sector: string }
  | { kind: "operator"; operator: string }
  | { kind: "url"; url: string }
  | { kind: "address"; address: string }
  | { kind: "prefix"; prefix: string };

/** Maximum number of targets listed one by one in a drill-down. The totals cover all selected targets. */
export const DETAIL_TARGET_LIMIT = 20;
/** Recent probes loaded per listed target, from the last hour. */
export const RECENT_PROBES = 5;

export type WindowSet = Record<WindowName, WindowStats>;

export interface RecentProbe {
  startedAtMs: number;
  outcome: Outcome;
  statusCode: number | null;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  totalMs: number;
  address: string | null;
}

export interface TargetDetail {
  row: TargetRow;
  /** Time of the last health change (ISO 8601), or null while unknown. */
  since: string | null;
  windows: WindowSet;
  /** Newest first. */
  recent: RecentProbe[];
}

export interface OperatorDetail {
  operator: string;
  condition: Condition;
  targets: number;
  windows: WindowSet;
}

export interface Detail {
  selector: Selector;
  targetCount: number;
  totals: WindowSet;
  /** Operators of the selected targets, worst first. */
  operators: OperatorDetail[];
  /** At most DETAIL_TARGET_LIMIT targets, worst first. */
  targets: TargetDetail[];
}

const EMPTY_STATS: WindowStats = { probes: 0, available: 0, medianMs: null };

/**
 * Reads what a member typed after `probe status` or `probe list`: an IP
 * address or prefix, a URL, a sector, or an operator name. Operator names
 * match exactly first, then ignoring case, width and separators. Returns null
 * when nothing matches.
 */
export function resolveSelector(text: string, sectors: readonly SectorDefinition[], operatorNames: readonly string[]): Selector | null {
  const typed = text.normalize("NFKC").trim();
  if (typed === "") return null;

  const plain = typed.startsWith("[") && typed.endsWith("]") ? typed.slice(1, -1) : typed;
  if (isIP(plain) !== 0) return { kind: "address", address: unmapIpv4(plain) };
  if (plain.includes("/") && prefixMatcher(plain) !== null) return { kind: "prefix", prefix: plain };

  if (/^https?:\/\//i.test(typed)) {
    try {
      return { kind: "url", url: new URL(typed).href };
    } catch {
      return null;
    }
  }

  const sector = findSector(sectors, typed);
  if (sector) return { kind: "sector", sector: sector.name };

  const exact = operatorNames.find((name) => name === typed);
  if (exact !== undefined) return { kind: "operator", operator: exact };
  const loose = toLooseKey(typed);
  const similar = operatorNames.find((name) => toLooseKey(name) === loose);
  return similar === undefined ? null : { kind: "operator", operator: similar };
}

/** Returns the target rows that a selector picks. */
export function selectRows(rows: readonly TargetRow[], selector: Selector): TargetRow[] {
  switch (selector.kind) {
    case "sector":
      return rows.filter((row) => row.sector === selector.sector);
    case "operator":
      return rows.filter((row) => row.operator === selector.operator);
    case "url":
      return rows.filter((row) => row.url === selector.url);
    case "address":
      return rows.filter((row) => row.lastAddress !== null && unmapIpv4(row.lastAddress) === selector.address);
    case "prefix": {
      const matches = prefixMatcher(selector.prefix)!;
      return rows.filter((row) => row.lastAddress !== null && matches(row.lastAddress));
    }
  }
}

interface RecentRow {
  targetId: number;
  startedAtMs: bigint;
  outcome: string;
  statusCode: number | null;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  totalMs: number;
  address: string | null;
}

async function loadRecent(db: Database, targetIds: readonly number[], nowMs: number): Promise<Map<number, RecentProbe[]>> {
  const rows = await db.$queryRawUnsafe<RecentRow[]>(
    `
WITH recent AS (
  SELECT r."targetId", r."startedAtMs", r."outcome", r."statusCode", r."dnsMs", r."connectMs", r."tlsMs", r."firstByteMs", r."totalMs",
    a."address", ROW_NUMBER() OVER (PARTITION BY r."targetId" ORDER BY r."startedAtMs" DESC) AS position
  FROM "ProbeResult" r LEFT JOIN "ProbeAddress" a ON a."id" = r."addressId"
  WHERE r."startedAtMs" >= ? AND r."targetId" IN (SELECT value FROM json_each(?))
)
SELECT * FROM recent WHERE position <= ? ORDER BY "targetId", "startedAtMs" DESC`,
    nowMs - 3_600_000,
    JSON.stringify(targetIds),
    RECENT_PROBES,
  );
  const recent = new Map<number, RecentProbe[]>();
  for (const row of rows) {
    const targetId = Number(row.targetId);
    const list = recent.get(targetId) ?? [];
    list.push({
      startedAtMs: Number(row.startedAtMs),
      outcome: row.outcome as Outcome,
      statusCode: row.statusCode,
      dnsMs: row.dnsMs,
      connectMs: row.connectMs,
      tlsMs: row.tlsMs,
      firstByteMs: row.firstByteMs,
      totalMs: row.totalMs,
      address: row.address,
    });
    recent.set(targetId, list);
  }
  return recent;
}

async function loadSince(db: Database, targetIds: readonly number[]): Promise<Map<number, string | null>> {
  const rows = await db.targetHealth.findMany({ where: { targetId: { in: [...targetIds] } }, select: { targetId: true, snapshot: true } });
  return new Map(
    rows.map((row) => {
      const since = (JSON.parse(row.snapshot) as { since?: unknown }).since;
      return [row.targetId, typeof since === "string" ? since : null];
    }),
  );
}

function severity(condition: Condition): number {
  return CONDITION_ORDER.indexOf(condition);
}

/** Loads all target rows and the operator names, which resolveSelector needs. */
export async function loadSelectable(db: Database): Promise<{ rows: TargetRow[]; operatorNames: string[] }> {
  const rows = await loadTargetRows(db);
  const operators = await db.operator.findMany({ select: { name: true }, orderBy: { name: "asc" } });
  return { rows, operatorNames: operators.map((operator) => operator.name) };
}

/** Builds the drill-down for `selector` over the given target rows. */
export async function buildDetail(db: Database, rows: readonly TargetRow[], selector: Selector, nowMs: number): Promise<Detail> {
  const selected = selectRows(rows, selector);
  const ids = selected.map((row) => row.id);

  const statsByWindow = {} as Record<WindowName, Map<number, WindowStats>>;
  for (const window of WINDOW_NAMES) {
    statsByWindow[window] = ids.length === 0 ? new Map() : await loadWindowStats(db, window, nowMs, ids);
  }
  const windowsOf = (targets: readonly TargetRow[]): WindowSet => {
    const set = {} as WindowSet;
    for (const window of WINDOW_NAMES) {
      set[window] = combineStats(targets.map((row) => statsByWindow[window].get(row.id) ?? EMPTY_STATS));
    }
    return set;
  };

  const operators: OperatorDetail[] = [...groupBy(selected, (row) => row.operator)].map(([operator, targets]) => ({
    operator,
    condition: operatorCondition(targets.map((row) => row.condition)),
    targets: targets.length,
    windows: windowsOf(targets),
  }));
  operators.sort((a, b) => severity(a.condition) - severity(b.condition) || a.operator.localeCompare(b.operator));

  const shown = [...selected]
    .sort((a, b) => severity(a.condition) - severity(b.condition) || a.operator.localeCompare(b.operator) || a.url.localeCompare(b.url))
    .slice(0, DETAIL_TARGET_LIMIT);
  const shownIds = shown.map((row) => row.id);
  const recent = shownIds.length === 0 ? new Map<number, RecentProbe[]>() : await loadRecent(db, shownIds, nowMs);
  const since = shownIds.length === 0 ? new Map<number, string | null>() : await loadSince(db, shownIds);

  return {
    selector,
    targetCount: selected.length,
    totals: windowsOf(selected),
    operators,
    targets: shown.map((row) => ({ row, since: since.get(row.id) ?? null, windows: windowsOf([row]), recent: recent.get(row.id) ?? [] })),
  };
}
