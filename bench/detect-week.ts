// A quiet week at the health and detector level. 10,080 rounds of real
// probes would take hours. So this replays a week of synthetic observations,
// drawn from the outcomes and response times that the real rounds recorded.
// They go through the real health state machine (updateHealth), the real
// correlator (rules, episodes, alert rows) and a real SQLite file. No HTTP
// is sent.
//
// Each observation is a bad one with the given per-probe rate, drawn from the
// recorded non-ok probes, and otherwise drawn from the recorded ok probes, so
// slow verdicts against the baseline occur as often as their times allow.
// Noise is independent per probe, as in the real rounds.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { openDatabase } from "../src/db/client.ts";
import { createLogger } from "../src/log.ts";
import { createAddressGuard } from "../src/probe/address-guard.ts";
import type { ProbeConfig } from "../src/probe/config.ts";
import { createCorrelator } from "../src/probe/correlate/correlator.ts";
import { initialHealth, updateHealth, type HealthSnapshot } from "../src/probe/health.ts";
import { mergeSectors, syncSectors } from "../src/probe/sectors.ts";
import { upsertTargets } from "../src/probe/targets/target-store.ts";
import type { Outcome } from "../src/probe/types.ts";
import { createRandom } from "./detect-noise.ts";
import { ROUND_MS, SIMULATED_START_MS } from "./detect-replay.ts";
import type { Topology } from "./detect-topology.ts";

export const WEEK_ROUNDS = 7 * 24 * 60;

export interface RecordedProbe {
  outcome: Outcome;
  totalMs: number;
}

export interface WeekOptions {
  topology: Topology;
  config: ProbeConfig;
  seed: number;
  /** Per-probe probability of a bad (non-ok) observation. */
  badRate: number;
  okPool: readonly RecordedProbe[];
  badPool: readonly RecordedProbe[];
  rounds?: number;
}

export interface WeekAlert {
  kind: string;
  rule: string | null;
  openedRound: number;
  resolvedRound: number | null;
  members: string[];
}

export interface WeekResult {
  rounds: number;
  badRate: number;
  observations: number;
  badObservations: number;
  /** Target transitions to degraded during the week. */
  targetDegrades: number;
  /** Maximum number of operators that counted together at one evaluation. */
  maxOperatorsCounted: number;
  alerts: WeekAlert[];
  wallMs: number;
}

/** Replays a week of independent noise and returns every alert the correlator stored. */
export async function replayQuietWeek(options: WeekOptions): Promise<WeekResult> {
  const { topology, config, okPool, badPool } = options;
  if (okPool.length === 0 || badPool.length === 0) throw new Error("the quiet-week replay needs recorded ok and non-ok probes; run the real rounds first");
  const rounds = options.rounds ?? WEEK_ROUNDS;
  const random = createRandom(options.seed);
  const directory = mkdtempSync(path.join(tmpdir(), "bench-detect-week-"));
  const { db } = await openDatabase(`file:${path.join(directory, "week.db")}`);
  const started = performance.now();

  try {
    await syncSectors(db, mergeSectors(config.sectors));
    const upserts = await upsertTargets(
      db,
      topology.targets.map((target) => ({ operator: target.operator, sector: target.sector, url: `http://${target.address}:8080/` })),
    );
    const ids = upserts.map((upsert, index) => {
      if (!upsert.ok) throw new Error(`storing week target ${index} failed: ${upsert.problem.code}`);
      return upsert.id;
    });

    let simulatedMs = SIMULATED_START_MS;
    const health = new Map<number, HealthSnapshot>();
    // The service keeps the address of each target's last connected probe, so every target has its own address throughout.
    const addresses = new Map(topology.targets.map((target) => [ids[target.index]!, target.address]));
    const correlator = createCorrelator({
      db,
      logger: createLogger({ level: "error" }),
      config: config.correlation,
      destinations: () => [],
      wakeDelivery: () => {},
      health: () => health,
      addresses: () => addresses,
      addressGuard: createAddressGuard(config.allowedCidrs),
      now: () => new Date(simulatedMs),
    });
    await correlator.restore();

    let observations = 0;
    let badObservations = 0;
    let targetDegrades = 0;
    let maxOperatorsCounted = 0;
    for (let round = 0; round < rounds; round += 1) {
      const roundMs = SIMULATED_START_MS + round * ROUND_MS;
      for (const target of topology.targets) {
        const id = ids[target.index]!;
        const bad = random() < options.badRate;
        const pool = bad ? badPool : okPool;
        const recorded = pool[Math.floor(random() * pool.length)]!;
        observations += 1;
        if (bad) badObservations += 1;
        // The same steps as the service's result handler, without the writer.
        const update = updateHealth(health.get(id) ?? initialHealth(), { at: new Date(roundMs + target.index).toISOString(), ...recorded }, config.health);
        health.set(id, update.snapshot);
        if (update.transition !== null) {
          if (update.transition.to === "degraded") targetDegrades += 1;
          correlator.noteTransition(id, update.transition);
        }
      }
      simulatedMs = roundMs + 30_000;
      const report = await correlator.evaluate();
      maxOperatorsCounted = Math.max(maxOperatorsCounted, report.evaluation?.operators.length ?? 0);
    }

    const rows = await db.probeAlert.findMany({ orderBy: { id: "asc" } });
    const roundOf = (time: Date) => Math.floor((time.getTime() - SIMULATED_START_MS) / ROUND_MS);
    const alerts = rows.map((row) => ({
      kind: row.kind,
      rule: row.rule,
      openedRound: roundOf(row.openedAt),
      resolvedRound: row.resolvedAt === null ? null : roundOf(row.resolvedAt),
      members: (JSON.parse(row.members) as Array<{ operator?: string }>).map((member) => member.operator ?? "?"),
    }));
    await correlator.stop();
    return { rounds, badRate: options.badRate, observations, badObservations, targetDegrades, maxOperatorsCounted, alerts, wallMs: performance.now() - started };
  } finally {
    await db.$disconnect();
    rmSync(directory, { recursive: true, force: true });
  }
}
