// Homepage-probe figures of one week for the weekly summary: per sector the
// probed targets, availability from hourly rollups, and health alerts (a
// target turning degraded), plus the correlated-degradation alerts opened.

import type { Tlp } from "../../bot/commands/types.ts";
import type { Database } from "../../db/client.ts";
import type { ProbeSection, ProbeSectionSource } from "../../phases/summary/probe-section.ts";

const HOUR_SECONDS = 3600;

export interface WeekFiguresOptions {
  db: Database;
  /** Label of the figures, the probe replies' label. */
  tlp: Tlp;
}

/**
 * Returns the source of the weekly summary's probe section. A week without
 * any stored target has no section. Availability counts hourly rollups whose
 * hour starts inside the week, so the current week covers its complete hours.
 */
export function weekFiguresSource(options: WeekFiguresOptions): ProbeSectionSource {
  const { db } = options;
  return async ({ start, end }): Promise<ProbeSection | undefined> => {
    const targets = await db.probeTarget.findMany({
      where: { createdAt: { lt: end }, OR: [{ removedAt: null }, { removedAt: { gte: start } }] },
      select: { id: true, operator: { select: { sector: { select: { name: true, nameEn: true } } } } },
    });
    if (targets.length === 0) return undefined;

    const sectorOf = new Map(targets.map((target) => [target.id, target.operator.sector]));
    const figures = new Map<string, { sector: string; sectorEn?: string; targets: number; probes: number; good: number; alerts: number }>();
    const figuresOf = (targetId: number) => {
      const sector = sectorOf.get(targetId);
      if (sector === undefined) return undefined;
      let entry = figures.get(sector.name);
      if (entry === undefined) {
        entry = { sector: sector.name, ...(sector.nameEn ? { sectorEn: sector.nameEn } : {}), targets: 0, probes: 0, good: 0, alerts: 0 };
        figures.set(sector.name, entry);
      }
      return entry;
    };
    for (const target of targets) figuresOf(target.id)!.targets += 1;

    const rollups = await db.probeRollup.groupBy({
      by: ["targetId"],
      where: { resolutionSec: HOUR_SECONDS, bucketStartMs: { gte: BigInt(start.getTime()), lt: BigInt(end.getTime()) } },
      _sum: { probeCount: true, okCount: true, slowCount: true },
    });
    for (const row of rollups) {
      const entry = figuresOf(row.targetId);
      if (entry === undefined) continue;
      entry.probes += row._sum.probeCount ?? 0;
      entry.good += (row._sum.okCount ?? 0) + (row._sum.slowCount ?? 0);
    }

    const degraded = await db.healthTransition.groupBy({
      by: ["targetId"],
      where: { toState: "degraded", at: { gte: start, lt: end } },
      _count: { _all: true },
    });
    for (const row of degraded) {
      const entry = figuresOf(row.targetId);
      if (entry !== undefined) entry.alerts += row._count._all;
    }

    const correlatedAlerts = await db.probeAlert.count({ where: { kind: "correlated", openedAt: { gte: start, lt: end } } });
    const sectors = [...figures.values()]
      .sort((a, b) => a.sector.localeCompare(b.sector, "ja"))
      .map(({ probes, good, ...sector }) => ({ ...sector, ...(probes > 0 ? { availability: good / probes } : {}) }));
    return { alerts: sectors.reduce((sum, sector) => sum + sector.alerts, 0), correlatedAlerts, sectors, tlp: options.tlp };
  };
}
