// Homepage probe benchmark: probes many local targets through the real
// service (undici probes, health, batched writer, SQLite file) and reports
// throughput, CPU, memory, latency accuracy, an unspread burst, the
// blackbox exporter on the same targets when installed, and database size.
//
// Usage: npx tsx bench/probe.ts [--targets=1000,10000] [--interval=60] [--no-blackbox] [--no-write]
// Every server it starts listens on 127.0.0.1 and is stopped before it exits.

import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { openDatabase, type Database } from "../src/db/client.ts";
import { createLogger } from "../src/log.ts";
import { createAddressGuard } from "../src/probe/address-guard.ts";
import { parseProbeConfig, type ProbeConfig } from "../src/probe/config.ts";
import { runRound } from "../src/probe/round.ts";
import { DEFAULT_SECTORS } from "../src/probe/sectors.ts";
import { startProbing, type ProbingService } from "../src/probe/service.ts";
import { loadGroupTargets, upsertTargets } from "../src/probe/targets/target-store.ts";
import { createTestCertificates } from "../test/probe/support/certificates.ts";
import { findExporter, runExporter, type ExporterRun } from "./blackbox.ts";
import { describeMachine, ownPeakRss, sampleRss } from "./machine.ts";
import { writeReports, type BenchReport, type BurstResult, type ExporterResult, type SpreadResult } from "./probe-report.ts";
import { estimateSize, measureRowSizes } from "./storage-size.ts";
import { profileOf, type TargetKind } from "./target-profile.ts";

const { values: args } = parseArgs({
  options: {
    targets: { type: "string", default: "1000,10000" },
    interval: { type: "string", default: "60" },
    "no-blackbox": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
  },
});
const TARGET_COUNTS = args.targets.split(",").map(Number);
const INTERVAL_SECONDS = Number(args.interval);
const MAX_TARGETS = Math.max(...TARGET_COUNTS);
const BURST_TARGETS = MAX_TARGETS;
const EXPORTER_CONCURRENCY = 500;
const SPREAD_RATIO = 0.8;
const COMMAND = `npx tsx bench/probe.ts ${process.argv.slice(2).join(" ")}`.trim();

// A garbage collection on demand, to measure live heap rather than heap that
// V8 has not collected yet. Node exposes gc() only with --expose-gc, which
// can also be set at run time for new contexts.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function liveHeapBytes(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function quantile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

// ---------------------------------------------------------------- target server

interface TargetServer {
  ports: number[];
  delays(): Promise<Array<[number, number]>>;
  stop(): Promise<void>;
}

async function startTargetServer(count: number, key: string, cert: string): Promise<TargetServer> {
  const child = fork(fileURLToPath(new URL("./target-server.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type === "error") reject(new Error(String(message.message)));
        if (message.type !== type) return;
        child.off("message", onMessage);
        resolve(message);
      };
      child.on("message", onMessage);
    });
  const ready = next("ready");
  child.send({ type: "start", count, key, cert });
  const { ports } = (await ready) as { ports: number[] };
  return {
    ports,
    async delays() {
      const reply = next("delays");
      child.send({ type: "delays" });
      return ((await reply) as { delays: Array<[number, number]> }).delays;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ type: "stop" });
      await exited;
    },
  };
}

// ---------------------------------------------------------------- scenarios

function urlOf(index: number, port: number): string {
  return `${profileOf(index).https ? "https" : "http"}://127.0.0.1:${port}/`;
}

async function enableFirst(db: Database, count: number): Promise<void> {
  await db.probeTarget.updateMany({ data: { enabled: true } });
  await db.probeTarget.updateMany({ where: { id: { gt: count } }, data: { enabled: false } });
}

interface RoundRow {
  targetId: number;
  outcome: string;
  totalMs: number;
}

async function roundRows(db: Database, sinceMs: number): Promise<RoundRow[]> {
  const rows = await db.$queryRawUnsafe<RoundRow[]>(
    `SELECT "targetId", "outcome", "totalMs" FROM "ProbeResult" WHERE "startedAtMs" >= ?`,
    sinceMs,
  );
  return rows.map((row) => ({ targetId: Number(row.targetId), outcome: row.outcome, totalMs: Number(row.totalMs) }));
}

function outcomesByKind(rows: readonly RoundRow[]): Record<TargetKind, Record<string, number>> {
  const table = {} as Record<TargetKind, Record<string, number>>;
  for (const row of rows) {
    const kind = profileOf(row.targetId - 1).kind;
    table[kind] ??= {};
    table[kind][row.outcome] = (table[kind][row.outcome] ?? 0) + 1;
  }
  return table;
}

async function runSpread(service: ProbingService, db: Database, server: TargetServer, count: number): Promise<SpreadResult> {
  await enableFirst(db, count);
  await server.delays();
  const liveHeapBeforeBytes = liveHeapBytes();
  const rssBeforeBytes = process.memoryUsage.rss();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const rss = sampleRss();
  const cpuStart = process.cpuUsage();
  const startedAt = Date.now();
  loop.enable();

  const tick = await service.runTick();
  await service.writer!.flush();

  const cpu = cpuSeconds(cpuStart);
  loop.disable();
  const peakRss = rss.stop();
  const liveHeapAfterBytes = liveHeapBytes();
  if (!tick.started) throw new Error(`round did not start: ${tick.reason}`);
  const { summary } = tick;

  // Recorded total time against the delay the server really added, for normal targets.
  const rows = await roundRows(db, startedAt - 1000);
  const added = new Map((await server.delays()).map(([index, delay]) => [index + 1, delay]));
  const recorded: number[] = [];
  const addedValues: number[] = [];
  const differences: number[] = [];
  for (const row of rows) {
    const delay = added.get(row.targetId);
    if (row.outcome !== "ok" || delay === undefined) continue;
    recorded.push(row.totalMs);
    addedValues.push(delay);
    differences.push(row.totalMs - delay);
  }

  return {
    targets: count,
    intervalSeconds: INTERVAL_SECONDS,
    completed: summary.completed,
    durationMs: summary.durationMs,
    probesPerSecond: summary.completed / (summary.durationMs / 1000),
    cpuSeconds: cpu,
    cpuPer1000: (cpu / summary.completed) * 1000,
    peakRssBytes: peakRss,
    eventLoopDelayP99Ms: loop.percentile(99) / 1e6,
    recordedMedianMs: median(recorded),
    addedMedianMs: median(addedValues),
    medianDifferenceMs: median(differences),
    differenceP90Ms: quantile(differences, 0.9),
    rssBeforeBytes,
    liveHeapBeforeBytes,
    liveHeapAfterBytes,
    comparedProbes: recorded.length,
    outcomes: summary.outcomes,
    outcomesByKind: outcomesByKind(rows),
    storedRows: rows.length,
  };
}

/** Milliseconds from `sinceMs` until the last stored result that was not a timeout ended. */
async function lastNonTimeoutEnd(db: Database, sinceMs: number): Promise<number> {
  const rows = await db.$queryRawUnsafe<Array<{ end: bigint | number | null }>>(
    `SELECT MAX("startedAtMs" + "totalMs") AS "end" FROM "ProbeResult" WHERE "startedAtMs" >= ? AND "outcome" <> 'timeout'`,
    sinceMs,
  );
  return Number(rows[0]?.end ?? sinceMs) - sinceMs;
}

async function runBurst(
  label: string,
  count: number,
  concurrency: number,
  probe: () => Promise<{ completed: number; durationMs: number; lastNonTimeoutMs: number }>,
): Promise<BurstResult> {
  const rss = sampleRss();
  const cpuStart = process.cpuUsage();
  const summary = await probe();
  const cpu = cpuSeconds(cpuStart);
  return {
    label,
    targets: count,
    concurrency,
    completed: summary.completed,
    durationMs: summary.durationMs,
    lastNonTimeoutMs: summary.lastNonTimeoutMs,
    cpuSeconds: cpu,
    cpuPer1000: (cpu / summary.completed) * 1000,
    peakRssBytes: rss.stop(),
  };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const rssPhases: Array<{ phase: string; rssBytes: number }> = [{ phase: "after loading modules", rssBytes: process.memoryUsage.rss() }];
  const machine = describeMachine();
  const loadAverageAtStart = loadavg()[0]!;
  log(`${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  const certificates = createTestCertificates();
  const directory = mkdtempSync(path.join(tmpdir(), "bench-probe-"));
  const databaseFile = path.join(directory, "bench.db");
  let server: TargetServer | null = null;
  const services: ProbingService[] = [];

  try {
    log(`starting ${MAX_TARGETS} target origins on 127.0.0.1`);
    server = await startTargetServer(MAX_TARGETS, certificates.serverKey, certificates.serverCert);
    const { db } = await openDatabase(`file:${databaseFile}`);
    await db.probeTarget.count();
    rssPhases.push({ phase: "after opening the database (migrations, first query)", rssBytes: process.memoryUsage.rss() });

    const importStart = performance.now();
    const inputs = server.ports.map((port, index) => ({
      operator: `Bench operator ${Math.floor(index / 2)}`,
      sector: DEFAULT_SECTORS[Math.floor(index / 2) % DEFAULT_SECTORS.length]!.name,
      url: urlOf(index, port),
    }));
    const service = await startProbing({
      db,
      logger: createLogger({ level: "warn" }),
      config: benchConfig({ spreadRatio: SPREAD_RATIO }),
      probeOptions: { ca: certificates.caCert },
      startSchedules: false,
    });
    services.push(service);
    await upsertTargets(db, inputs);
    const importMs = performance.now() - importStart;
    log(`stored ${inputs.length} targets in ${Math.round(importMs)} ms`);
    rssPhases.push({ phase: `after storing ${inputs.length} targets`, rssBytes: process.memoryUsage.rss() });

    const spreads: SpreadResult[] = [];
    for (const count of TARGET_COUNTS) {
      log(`spread round: ${count} targets over ${INTERVAL_SECONDS} s`);
      spreads.push(await runSpread(service, db, server, count));
      log(`  done in ${Math.round(spreads.at(-1)!.durationMs)} ms`);
    }

    await enableFirst(db, BURST_TARGETS);
    const bursts: BurstResult[] = [];
    for (const concurrency of [500, 2000]) {
      log(`burst: ${BURST_TARGETS} targets, concurrency ${concurrency}, stored`);
      const burstService = await startProbing({
        db,
        logger: createLogger({ level: "warn" }),
        config: benchConfig({ spreadRatio: 0, concurrency }),
        probeOptions: { ca: certificates.caCert },
        startSchedules: false,
      });
      services.push(burstService);
      bursts.push(
        await runBurst("stored", BURST_TARGETS, concurrency, async () => {
          const startedAt = Date.now();
          const tick = await burstService.runTick();
          await burstService.writer!.flush();
          if (!tick.started) throw new Error(`burst did not start: ${tick.reason}`);
          return { ...tick.summary, lastNonTimeoutMs: await lastNonTimeoutEnd(db, startedAt) };
        }),
      );
    }

    const engineTargets = await loadGroupTargets(db, "default", ["default"]);
    const config = benchConfig({});
    log(`burst: ${BURST_TARGETS} targets, concurrency ${EXPORTER_CONCURRENCY}, engine only`);
    bursts.push(
      await runBurst("engine only", BURST_TARGETS, EXPORTER_CONCURRENCY, async () => {
        const started = performance.now();
        let lastNonTimeoutMs = 0;
        const summary = await runRound(engineTargets, {
          spreadMs: 0,
          concurrency: EXPORTER_CONCURRENCY,
          probeOptions: {
            addressGuard: createAddressGuard(config.allowedCidrs),
            timeoutMs: config.timeoutMs,
            ca: certificates.caCert,
          },
          onResult: (result) => {
            if (result.outcome !== "timeout") lastNonTimeoutMs = performance.now() - started;
          },
        });
        return { ...summary, lastNonTimeoutMs };
      }),
    );

    const exporterRuns: ExporterResult[] = [];
    const binary = args["no-blackbox"] ? null : findExporter();
    if (binary) {
      const urls = server.ports.slice(0, BURST_TARGETS).map((port, index) => urlOf(index, port));
      for (const spreadMs of [INTERVAL_SECONDS * 1000 * SPREAD_RATIO, 0]) {
        log(`blackbox exporter: ${urls.length} targets, concurrency ${EXPORTER_CONCURRENCY}, ${spreadMs === 0 ? "burst" : `spread over ${spreadMs / 1000} s`}`);
        const run = await runExporter({
          binary,
          urls,
          caPem: certificates.caCert,
          concurrency: EXPORTER_CONCURRENCY,
          timeoutSeconds: config.timeoutMs / 1000,
          spreadMs,
        });
        exporterRuns.push({ ...run, spreadMs, normalMedianMs: median(normalDurations(run)) });
      }
    } else {
      log("blackbox exporter not installed or disabled; skipping the comparison");
    }

    for (const running of services.splice(0)) await running.stop();
    await db.$disconnect();

    const sizeTargets = Math.min(1600, MAX_TARGETS);
    log(`storage size: one day of rows for ${sizeTargets} targets`);
    const sizes = await measureRowSizes(databaseFile, sizeTargets);
    const retention = parseProbeConfig({}).retention;

    const report: BenchReport = {
      machine,
      loadAverages: { start: loadAverageAtStart, end: loadavg()[0]! },
      command: COMMAND,
      date: new Date().toISOString().slice(0, 10),
      importMs,
      importedTargets: inputs.length,
      spreads,
      bursts,
      exporterRuns,
      rssPhases,
      processPeakRssBytes: ownPeakRss(),
      sizes,
      retention,
      estimates: [1600, 10_000].map((targets) => estimateSize(sizes, targets, 60, retention)),
    };
    process.stdout.write(`${JSON.stringify(report, (_key, value) => (value instanceof Map ? undefined : value), 2)}\n`);
    if (!args["no-write"]) writeReports(report);
  } finally {
    for (const running of services) await running.stop().catch(() => {});
    await server?.stop();
    certificates.remove();
    rmSync(directory, { recursive: true, force: true });
  }
}

function normalDurations(run: ExporterRun): number[] {
  const values: number[] = [];
  for (const [index, duration] of run.durationsMs) {
    if (profileOf(index).kind === "normal") values.push(duration);
  }
  return values;
}

function benchConfig(overrides: { spreadRatio?: number; concurrency?: number }): ProbeConfig {
  return parseProbeConfig({
    enabled: true,
    intervalSeconds: INTERVAL_SECONDS,
    allowedCidrs: ["127.0.0.1/32"],
    ...overrides,
  });
}

await main();
