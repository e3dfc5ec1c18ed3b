// The detection rules as pure functions: which operators count as degraded
// inside the sliding window, and which correlation rules hold for them.
//
// Operators on one /24 (IPv4) or /48 (IPv6) count as one network. A campaign
// alert needs degraded operators on several independent networks, so one
// hosting or CDN outage that takes down many operators shows up as a shared
// alert instead of a campaign.

import { median } from "../health.ts";
import { groupPrefixOf, unmapIpv4 } from "../views/prefix.ts";
import type { CorrelationConfig } from "./config.ts";
import { RULE_ORDER, type CorrelationRule, type DegradedOperator, type Evaluation, type FiredRule, type TargetView } from "./types.ts";

export type RuleSettings = Pick<
  CorrelationConfig,
  "windowMinutes" | "minOperators" | "sectorShare" | "sectorMinOperators" | "sharedMinOperators" | "standingOutageHours"
>;

/** Tells whether an operator is left out of alerts by a silence or maintenance window at the evaluation time. */
export type SilenceCheck = (operator: string, sector: string) => boolean;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Returns whether the target counts at `now`: degraded now, or recovered inside the window. */
function countsInWindow(view: TargetView, now: number, settings: RuleSettings): boolean {
  if (view.state === "degraded" && view.degradedSince !== null) {
    return now - view.degradedSince.getTime() <= settings.standingOutageHours * HOUR_MS;
  }
  return view.recoveredAt !== null && now - view.recoveredAt.getTime() <= settings.windowMinutes * MINUTE_MS;
}

/**
 * Groups the targets that count at `now` by operator. Targets of silenced
 * operators and sectors are left out; an operator degraded for longer than
 * the standing-outage limit does not count.
 */
export function collectDegradedOperators(views: readonly TargetView[], now: Date, settings: RuleSettings, silenced: SilenceCheck): DegradedOperator[] {
  const byOperator = new Map<number, DegradedOperator & { totals: number[] }>();
  const nowMs = now.getTime();

  for (const view of views) {
    if (!countsInWindow(view, nowMs, settings) || silenced(view.operator, view.sector)) continue;
    const degradedNow = view.state === "degraded";
    const since = degradedNow ? view.degradedSince! : (view.recoveredEpisodeSince ?? view.recoveredAt!);
    const evidence = degradedNow ? view.evidence : (view.recoveredEpisodeEvidence ?? []);
    const address = view.address === null ? null : unmapIpv4(view.address);

    let entry = byOperator.get(view.operatorId);
    if (entry === undefined) {
      entry = {
        operatorId: view.operatorId,
        operator: view.operator,
        sector: view.sector,
        since,
        degradedNow,
        network: null,
        addresses: [],
        failures: {},
        medianMs: null,
        urls: [],
        totals: [],
      };
      byOperator.set(view.operatorId, entry);
    }
    if (since < entry.since) entry.since = since;
    entry.degradedNow ||= degradedNow;
    entry.urls.push(view.url);
    if (address !== null && !entry.addresses.includes(address)) entry.addresses.push(address);
    entry.network ??= address === null ? null : groupPrefixOf(address);
    for (const probe of evidence) {
      entry.totals.push(probe.totalMs);
      if (probe.verdict === "failure") entry.failures[probe.outcome] = (entry.failures[probe.outcome] ?? 0) + 1;
      else if (probe.verdict === "slow") entry.failures.slow = (entry.failures.slow ?? 0) + 1;
    }
  }

  return [...byOperator.values()]
    .map(({ totals, ...operator }) => {
      const medianMs = median(totals);
      return { ...operator, medianMs: medianMs === null ? null : Math.round(medianMs) };
    })
    .sort((a, b) => a.since.getTime() - b.since.getTime() || a.operator.localeCompare(b.operator));
}

/** Returns the network key for counting independent networks: the prefix, or the operator itself when no address is known. */
export function networkKey(operator: Pick<DegradedOperator, "network" | "operatorId">): string {
  return operator.network ?? `operator:${operator.operatorId}`;
}

/** Number of distinct operators per sector among all probed targets. */
export function operatorsPerSector(views: readonly TargetView[]): Map<string, number> {
  const operators = new Map<string, Set<number>>();
  for (const view of views) {
    const set = operators.get(view.sector) ?? new Set<number>();
    set.add(view.operatorId);
    operators.set(view.sector, set);
  }
  return new Map([...operators].map(([sector, set]) => [sector, set.size]));
}

/**
 * Applies the three rules to the operators that count. The operators rule
 * counts distinct networks. The sector rule needs its share, its minimum and
 * at least two networks. The shared rule needs several operators on one
 * address or prefix.
 */
export function applyRules(operators: readonly DegradedOperator[], sectorTotals: ReadonlyMap<string, number>, settings: RuleSettings): FiredRule[] {
  const fired: FiredRule[] = [];

  const networks = new Set(operators.map(networkKey));
  if (networks.size >= settings.minOperators) {
    fired.push({ rule: "operators", operators: operators.length, networks: networks.size, minimum: settings.minOperators });
  }

  const bySector = new Map<string, DegradedOperator[]>();
  for (const operator of operators) bySector.set(operator.sector, [...(bySector.get(operator.sector) ?? []), operator]);
  for (const [sector, members] of [...bySector].sort(([a], [b]) => a.localeCompare(b))) {
    const total = sectorTotals.get(sector) ?? members.length;
    const share = members.length / total;
    const sectorNetworks = new Set(members.map(networkKey)).size;
    if (members.length >= settings.sectorMinOperators && share >= settings.sectorShare && sectorNetworks >= 2) {
      fired.push({
        rule: "sector",
        sector,
        degraded: members.length,
        total,
        share,
        minimumShare: settings.sectorShare,
        minimum: settings.sectorMinOperators,
      });
    }
  }

  // An exact shared address is reported as such; otherwise the shared prefix.
  const reported = new Set<number>();
  for (const keyOf of [(address: string) => address, (address: string) => groupPrefixOf(address)]) {
    const groups = new Map<string, Set<number>>();
    for (const operator of operators) {
      for (const address of operator.addresses) {
        const key = keyOf(address);
        if (key === null) continue;
        groups.set(key, (groups.get(key) ?? new Set()).add(operator.operatorId));
      }
    }
    for (const [network, ids] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const fresh = [...ids].filter((id) => !reported.has(id));
      if (ids.size < settings.sharedMinOperators || fresh.length === 0) continue;
      for (const id of ids) reported.add(id);
      const names = operators.filter((operator) => ids.has(operator.operatorId)).map((operator) => operator.operator);
      fired.push({ rule: "shared", network, operators: names, minimum: settings.sharedMinOperators });
    }
  }
  return fired;
}

/** Returns the strongest rule among `rules`, or null when none holds. */
export function strongestRule(rules: readonly FiredRule[]): CorrelationRule | null {
  return RULE_ORDER.find((rule) => rules.some((fired) => fired.rule === rule)) ?? null;
}

/** Runs one evaluation over all target views. */
export function evaluate(views: readonly TargetView[], now: Date, settings: RuleSettings, silenced: SilenceCheck): Evaluation {
  const operators = collectDegradedOperators(views, now, settings, silenced);
  // Silenced operators leave the sector totals too, so a silence never dilutes a sector's share.
  const counted = views.filter((view) => !silenced(view.operator, view.sector));
  const silencedOperatorIds = [...new Set(views.filter((view) => silenced(view.operator, view.sector)).map((view) => view.operatorId))];
  return { at: now, operators, rules: applyRules(operators, operatorsPerSector(counted), settings), silencedOperatorIds };
}
