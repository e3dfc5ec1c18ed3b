// Replays one scenario through the real probe service: real HTTP probes
// against the benchmark's target server, real health state, the real
// correlator and a real SQLite file, one round per simulated minute.
//
// Time: the service and correlator read an injected clock that advances
// 60 s per round. The probe engine stamps results with the wall clock, which
// the service does not let a caller replace, so the benchmark wraps the real
// probe and moves each result's startedAt onto the simulated clock (same
// offset from the round's start). Without that, health times and correlator
// times would drift apart by about 58 s per round.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { openDatabase, type Database } from "../src/db/client.ts";
import { createLogger } from "../src/log.ts";
import { createAddressGuard } from "../src/probe/address-guard.ts";
import type { ProbeConfig } from "../src/probe/config.ts";
import { parseMembers } from "../src/probe/correlate/alert-store.ts";
import { probe } from "../src/probe/http-probe.ts";
import { startProbing } from "../src/probe/service.ts";
import { upsertTargets } from "../src/probe/targets/target-store.ts";
import type { Outcome, ProbeOptions, ProbeResult, ProbeTarget } from "../src/probe/types.ts";
import type { Behaviour } from "./detect-behaviour.ts";
import { createRandom, drawNoise } from "./detect-noise.ts";
import type { Scenario } from "./detect-scenarios.ts";
import type { DetectServer } from "./detect-server-control.ts";
import type { Topology } from "./detect-topology.ts";

export const ROUND_MS = 60_000;
/** Simulated time of the evaluation in each round, after the round's probes. */
const EVALUATE_OFFSET_MS = 30_000;
/** Simulated start of every replay, a Monday 00:00 UTC. */
export const SIMULATED_START_MS = Date.UTC(2026, 0, 5);

export interface RoundRecord {
  round: number;
  wallMs: number;
  outcomes: Partial<Record<Outcome, number>>;
  /** Operators with a target that became degraded in this round. */
  degraded: string[];
  /** Operators with a target that recovered in this round. */
  recovered: string[];
  decision: string;
  connectivityLost: boolean;
  rulesFired: string[];
}

export interface AlertRecord {
  id: number;
  kind: string;
  openedRound: number;
  /** Rule of the stored row after each round it was open, deduplicated in order. */
  rulesSeen: string[];
  resolvedRound: number | null;
  members: string[];
}

/** Outcome of one probe, with the behaviour the server played for it. */
export interface ProbeSample {
  behaviour: Behaviour;
  scripted: boolean;
  outcome: Outcome;
  totalMs: number;
}

export interface ReplayResult {
  rounds: RoundRecord[];
  alerts: AlertRecord[];
  samples: ProbeSample[];
  wallMs: number;
}

export interface ReplayOptions {
  scenario: Scenario;
  topology: Topology;
  server: DetectServer;
  config: ProbeConfig;
  seed: number;
  noiseRate: number;
  log: (message: string) => void;
}

function urlOf(address: string, port: number): string {
  return `http://${address}:${port}/`;
}

/** Canary URLs of the topology on the server's ports. */
export function canaryUrls(topology: Topology, server: DetectServer): string[] {
  return topology.canaryIndexes.map((index, offset) => urlOf(topology.canaryAddresses[offset]!, server.ports[index]!));
}

/** Plans one round: the scripted behaviour of each listener, or noise drawn from `random`. */
function planRound(scenario: Scenario, topology: Topology, round: number, random: () => number, noiseRate: number) {
  const behaviours = new Map<number, Behaviour>();
  const scripted = new Set<number>();
  for (const target of topology.targets) {
    const script = scenario.operatorBehaviour(round, target.operator);
    const behaviour = script ?? drawNoise(random, noiseRate);
    if (script !== null) scripted.add(target.index);
    if (behaviour !== null) behaviours.set(target.index, behaviour);
  }
  const canaryScript = scenario.canaryBehaviour(round);
  for (const index of topology.canaryIndexes) {
    const behaviour = canaryScript ?? drawNoise(random, noiseRate);
    if (canaryScript !== null) scripted.add(index);
    if (behaviour !== null) behaviours.set(index, behaviour);
  }
  return { behaviours, scripted };
}

async function trackAlerts(db: Database, round: number, alerts: Map<number, AlertRecord>, log: (message: string) => void): Promise<void> {
  for (const row of await db.probeAlert.findMany({ orderBy: { id: "asc" } })) {
    let record = alerts.get(row.id);
    if (record === undefined) {
      const members = row.kind === "correlated" ? parseMembers(row).map((member) => member.operator) : [];
      record = { id: row.id, kind: row.kind, openedRound: round, rulesSeen: [], resolvedRound: null, members };
      alerts.set(row.id, record);
      log(`round ${round}: ${row.kind} alert ${row.id} opened${row.rule ? ` (rule ${row.rule})` : ""} ${members.join(", ")}`);
    }
    const rule = row.rule ?? "-";
    if (record.rulesSeen.at(-1) !== rule) record.rulesSeen.push(rule);
    if (row.kind === "correlated") record.members = parseMembers(row).map((member) => member.operator);
    if (row.state === "resolved" && record.resolvedRound === null) {
      record.resolvedRound = round;
      log(`round ${round}: ${row.kind} alert ${row.id} resolved`);
    }
  }
}

/** Runs every round of `scenario` on a fresh database and returns what happened. */
export async function replayScenario(options: ReplayOptions): Promise<ReplayResult> {
  const { scenario, topology, server, config, log } = options;
  const random = createRandom(options.seed);
  const directory = mkdtempSync(path.join(tmpdir(), "bench-detect-"));
  const { db } = await openDatabase(`file:${path.join(directory, "detect.db")}`);

  let simulatedMs = SIMULATED_START_MS;
  let roundStart = { simulatedMs: SIMULATED_START_MS, wallMs: Date.now() };
  const planned = new Map<number, { behaviour: Behaviour; scripted: boolean }>();
  const samples: ProbeSample[] = [];
  const probeOptions: ProbeOptions = {
    addressGuard: createAddressGuard(config.allowedCidrs),
    timeoutMs: config.timeoutMs,
    slowThresholdMs: config.slowThresholdMs,
    maxBodyBytes: config.maxBodyBytes,
    maxRedirects: config.maxRedirects,
    userAgent: config.userAgent,
  };
  // The real engine, with startedAt moved onto the simulated clock.
  const probeOnSimulatedClock = async (target: ProbeTarget): Promise<ProbeResult> => {
    const result = await probe(target, probeOptions);
    const plan = planned.get(Number(target.id));
    if (plan !== undefined) samples.push({ ...plan, outcome: result.outcome, totalMs: result.timings.totalMs });
    return { ...result, startedAt: new Date(roundStart.simulatedMs + (result.startedAt.getTime() - roundStart.wallMs)) };
  };

  const service = await startProbing({
    db,
    logger: createLogger({ level: "error" }),
    config,
    probe: probeOnSimulatedClock,
    now: () => new Date(simulatedMs),
    startSchedules: false,
  });
  const started = performance.now();
  try {
    const upserts = await upsertTargets(
      db,
      topology.targets.map((target) => ({ operator: target.operator, sector: target.sector, url: urlOf(target.address, server.ports[target.index]!) })),
    );
    const idByIndex = upserts.map((upsert, index) => {
      if (!upsert.ok) throw new Error(`storing benchmark target ${index} failed: ${upsert.problem.code}`);
      return upsert.id;
    });
    const operatorById = new Map(topology.targets.map((target) => [idByIndex[target.index]!, target.operator]));

    const rounds: RoundRecord[] = [];
    const alerts = new Map<number, AlertRecord>();
    for (let round = 0; round < scenario.rounds; round += 1) {
      const plan = planRound(scenario, topology, round, random, options.noiseRate);
      planned.clear();
      for (const target of topology.targets) {
        planned.set(idByIndex[target.index]!, { behaviour: plan.behaviours.get(target.index) ?? "ok", scripted: plan.scripted.has(target.index) });
      }
      await server.set(plan.behaviours);

      const wallStart = performance.now();
      simulatedMs = SIMULATED_START_MS + round * ROUND_MS;
      roundStart = { simulatedMs, wallMs: Date.now() };
      const tick = await service.runTick();
      if (!tick.started) throw new Error(`round ${round} of scenario ${scenario.key} did not start: ${tick.reason}`);
      await service.writer!.flush();
      simulatedMs += EVALUATE_OFFSET_MS;
      const report = await service.correlator!.evaluate();
      const wallMs = performance.now() - wallStart;

      const transitions = await db.healthTransition.findMany({
        where: { at: { gte: new Date(roundStart.simulatedMs) } },
        select: { targetId: true, toState: true },
      });
      const operatorsMoving = (state: string) => [...new Set(transitions.filter((row) => row.toState === state).map((row) => operatorById.get(row.targetId)!))].sort();
      const record: RoundRecord = {
        round,
        wallMs,
        outcomes: tick.summary.outcomes,
        degraded: operatorsMoving("degraded"),
        recovered: rounds.length === 0 ? [] : operatorsMoving("up").filter((name) => rounds.some((earlier) => earlier.degraded.includes(name))),
        decision: report.decision,
        connectivityLost: report.connectivityLost,
        rulesFired: (report.evaluation?.rules ?? []).map((fired) => fired.rule),
      };
      rounds.push(record);
      if (record.degraded.length > 0) log(`round ${round}: degraded ${record.degraded.join(", ")}`);
      await trackAlerts(db, round, alerts, log);
    }
    return { rounds, alerts: [...alerts.values()], samples, wallMs: performance.now() - started };
  } finally {
    await service.stop();
    await db.$disconnect();
    rmSync(directory, { recursive: true, force: true });
  }
}
