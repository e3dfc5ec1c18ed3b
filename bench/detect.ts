// Detection benchmark. It replays scripted scenarios (campaigns, single-site
// and shared-hosting outages, flapping, loss of the prober's own
// connectivity, quiet time) against real local target servers, through the
// real probe service and correlator. Then it replays a quiet week at the
// health and detector level, and writes its section of docs/benchmarks.md.
//
// Usage: npm run bench:detect -- [--seed=N] [--noise=0.01] [--quiet-rounds=480] [--only=key,key] [--no-write]
// Every server it starts listens on 127.0.0.0/8 loopback addresses and is stopped before it exits.

import { parseArgs } from "node:util";

import { parseProbeConfig, type ProbeConfig } from "../src/probe/config.ts";
import { describeMachine } from "./machine.ts";
import { deriveSeed } from "./detect-noise.ts";
import { canaryUrls, replayScenario } from "./detect-replay.ts";
import { renderDetectReport, summarizeSamples } from "./detect-report.ts";
import { judgeScenario, type ScenarioVerdict } from "./detect-results.ts";
import { buildScenarios } from "./detect-scenarios.ts";
import { startDetectServer, type DetectServer } from "./detect-server-control.ts";
import { buildTopology } from "./detect-topology.ts";
import { replayQuietWeek, type WeekResult } from "./detect-week.ts";
import { writeReportSection } from "./report.ts";

const DEFAULT_SEED = 20_260_105;
/** Per-probe rates of the stress replays, well above normal noise, to show where false alerts begin. Not aims. */
const STRESS_RATES = [0.05, 0.1];

const { values: args } = parseArgs({
  options: {
    seed: { type: "string", default: String(DEFAULT_SEED) },
    noise: { type: "string", default: "0.01" },
    "quiet-rounds": { type: "string", default: "480" },
    only: { type: "string" },
    "no-write": { type: "boolean", default: false },
  },
});

function parseNumberOption(name: string, value: string, valid: (parsed: number) => boolean): number {
  const parsed = Number(value);
  if (!valid(parsed)) throw new Error(`invalid --${name}=${value}; see the usage line in bench/detect.ts`);
  return parsed;
}

const SEED = parseNumberOption("seed", args.seed, (value) => Number.isInteger(value) && value >= 0 && value < 2 ** 32);
const NOISE_RATE = parseNumberOption("noise", args.noise, (value) => value >= 0 && value < 1);
const QUIET_ROUNDS = parseNumberOption("quiet-rounds", args["quiet-rounds"], (value) => Number.isInteger(value) && value >= 1);
const COMMAND = `npm run bench:detect${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;

function log(message: string): void {
  process.stderr.write(`[bench:detect] ${message}\n`);
}

/** Probe settings of every replay: short deadline, one round per minute, no spreading, loopback allowed. */
function benchConfig(canaries: readonly string[]): ProbeConfig {
  return parseProbeConfig({
    enabled: true,
    intervalSeconds: 60,
    spreadRatio: 0,
    timeoutMs: 1500,
    slowThresholdMs: 1000,
    allowedCidrs: ["127.0.0.0/8"],
    correlation: { canaries: { urls: [...canaries], timeoutMs: 1500 } },
  });
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const topology = buildTopology();
  const only = args.only?.split(",");
  const scenarios = buildScenarios(QUIET_ROUNDS).filter((scenario) => only === undefined || only.includes(scenario.key));
  log(`seed ${SEED}, noise ${NOISE_RATE} per probe, ${topology.operators.length} operators, ${topology.targets.length} targets`);
  log(`${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}`);
  const started = performance.now();

  let server: DetectServer | null = null;
  const verdicts: ScenarioVerdict[] = [];
  const weeks: WeekResult[] = [];
  try {
    server = await startDetectServer(topology.addresses);
    log(`target server (pid ${server.pid}) listens on ${topology.addresses.length} loopback addresses`);
    for (const [number, scenario] of scenarios.entries()) {
      log(`scenario ${scenario.title}: ${scenario.rounds} rounds`);
      const replay = await replayScenario({
        scenario,
        topology,
        server,
        config: benchConfig(scenario.canaries ? canaryUrls(topology, server) : []),
        seed: deriveSeed(SEED, number),
        noiseRate: NOISE_RATE,
        log: (message) => log(`  ${message}`),
      });
      verdicts.push(judgeScenario(scenario, replay));
      log(`  done in ${(replay.wallMs / 1000).toFixed(1)} s`);
    }
  } finally {
    await server?.stop();
  }

  const recorded = summarizeSamples(verdicts);
  if (only === undefined || only.includes("week")) {
    for (const [number, badRate] of [recorded.badRate, ...STRESS_RATES].entries()) {
      log(`quiet week: 10,080 rounds at ${(badRate * 100).toFixed(2)}% bad probes`);
      const week = await replayQuietWeek({
        topology,
        config: benchConfig([]),
        seed: deriveSeed(SEED, 100 + number),
        badRate,
        okPool: recorded.okPool,
        badPool: recorded.badPool,
      });
      weeks.push(week);
      log(`  ${week.alerts.length} alerts, ${week.targetDegrades} target degrades, in ${(week.wallMs / 1000).toFixed(1)} s`);
    }
  }

  const body = renderDetectReport({
    command: COMMAND,
    date: new Date().toISOString(),
    machine,
    seed: SEED,
    noiseRate: NOISE_RATE,
    topology,
    verdicts,
    recorded,
    weeks,
    totalSeconds: (performance.now() - started) / 1000,
  });
  process.stdout.write(`${body}\n`);
  if (!args["no-write"] && only === undefined) writeReportSection("detect", body);
}

await main();
