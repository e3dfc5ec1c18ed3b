// Data of `probe status` without an argument: operators by condition per
// sector, the worst operators, and targets that share an address or prefix.

import type { Database } from "../../db/client.ts";
import { groupPrefixOf, unmapIpv4 } from "./prefix.ts";
import { CONDITION_ORDER, groupBy, loadTargetRows, operatorCondition, type Condition, type TargetRow } from "./target-rows.ts";
import { availabilityOf, combineStats, loadWindowStats, type WindowStats } from "./window-stats.ts";

/** Maximum number of entries in each list of the overview. */
export const OVERVIEW_LIMITS = { worstOperators: 5, addressGroups: 5 } as const;

export interface SectorCounts {
  sector: string;
  sectorEn: string | null;
  /** Operators per condition. */
  operators: Record<Condition, number>;
}

export interface OperatorSummary {
  operator: string;
  sector: string;
  sectorEn: string | null;
  condition: Condition;
  targets: number;
  /** Targets that are down or degraded. */
  badTargets: number;
  lastHour: WindowStats;
}

export interface AddressGroup {
  /** An address, or a /24 or /48 prefix. */
  key: string;
  targets: number;
  operators: number;
  down: number;
  degraded: number;
}

export interface Overview {
  targets: number;
  operators: number;
  sectors: SectorCounts[];
  worstOperators: OperatorSummary[];
  /** Addresses shared by two or more targets. */
  sharedAddresses: AddressGroup[];
  /** Prefixes that hold two or more different addresses of targets. */
  sharedPrefixes: AddressGroup[];
}

function emptyCounts(): Record<Condition, number> {
  return { up: 0, degraded: 0, down: 0, unknown: 0 };
}

function severity(condition: Condition): number {
  return CONDITION_ORDER.indexOf(condition);
}

function addressGroups(rows: readonly TargetRow[], keyOf: (row: TargetRow) => string | null, minAddresses: number): AddressGroup[] {
  const groups: AddressGroup[] = [];
  for (const [key, members] of groupBy(rows, keyOf)) {
    const addresses = new Set(members.map((row) => unmapIpv4(row.lastAddress ?? "")));
    if (members.length < 2 || addresses.size < minAddresses) continue;
    groups.push({
      key,
      targets: members.length,
      operators: new Set(members.map((row) => row.operator)).size,
      down: members.filter((row) => row.condition === "down").length,
      degraded: members.filter((row) => row.condition === "degraded").length,
    });
  }
  // Groups with failing targets first, then the largest.
  return groups
    .sort((a, b) => b.down + b.degraded - (a.down + a.degraded) || b.targets - a.targets || a.key.localeCompare(b.key))
    .slice(0, OVERVIEW_LIMITS.addressGroups);
}

/** Builds the overview from the stored health and the last hour of raw results. */
export async function buildOverview(db: Database, nowMs: number): Promise<Overview> {
  const rows = await loadTargetRows(db);
  const byOperator = groupBy(rows, (row) => row.operator);

  const sectors = new Map<string, SectorCounts>();
  const operators: OperatorSummary[] = [];
  for (const [operator, targets] of byOperator) {
    const first = targets[0]!;
    const condition = operatorCondition(targets.map((row) => row.condition));
    const counts = sectors.get(first.sector) ?? { sector: first.sector, sectorEn: first.sectorEn, operators: emptyCounts() };
    counts.operators[condition] += 1;
    sectors.set(first.sector, counts);
    operators.push({
      operator,
      sector: first.sector,
      sectorEn: first.sectorEn,
      condition,
      targets: targets.length,
      badTargets: targets.filter((row) => row.condition === "down" || row.condition === "degraded").length,
      lastHour: { probes: 0, available: 0, medianMs: null },
    });
  }

  const worst = operators.filter((summary) => summary.condition === "down" || summary.condition === "degraded");
  const worstNames = new Set(worst.map((summary) => summary.operator));
  const worstIds = rows.filter((row) => worstNames.has(row.operator)).map((row) => row.id);
  const hourStats = worstIds.length === 0 ? new Map<number, WindowStats>() : await loadWindowStats(db, "hour", nowMs, worstIds);
  for (const summary of worst) {
    const parts = (byOperator.get(summary.operator) ?? []).map((row) => hourStats.get(row.id)).filter((stats) => stats !== undefined);
    summary.lastHour = combineStats(parts);
  }
  worst.sort(
    (a, b) =>
      severity(a.condition) - severity(b.condition) ||
      (availabilityOf(a.lastHour) ?? 1) - (availabilityOf(b.lastHour) ?? 1) ||
      a.operator.localeCompare(b.operator),
  );

  return {
    targets: rows.length,
    operators: byOperator.size,
    sectors: [...sectors.values()],
    worstOperators: worst.slice(0, OVERVIEW_LIMITS.worstOperators),
    sharedAddresses: addressGroups(rows, (row) => (row.lastAddress === null ? null : unmapIpv4(row.lastAddress)), 1),
    sharedPrefixes: addressGroups(rows, (row) => (row.lastAddress === null ? null : groupPrefixOf(row.lastAddress)), 2),
  };
}
