// Homepage probe benchmark: probes many local targets through the real
// service (undici probes, health, batched writer, SQLite file) and reports
// throughput, CPU, memory, latency accuracy, an unspread burst, the
// blackbox exporter on the same targets when installed, and database size.
//
// Usage: npx tsx bench/probe.ts [--targets=1000,10000] [--interval=60] [--no-blackbox] [--no-write]
// Every server it starts listens on 127.0.0.1 and is stopped before it exits.

import { fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { openDatabase, type Database } from "../src/db/client.ts";
import { createLogger } from "../src/log.ts";
import { createAddressGuard } from "../src/probe/address-guard.ts";
import { parseProbeConfig, type ProbeConfig } from "../src/probe/config.ts";
import { runRound } from "../src/probe/round.ts";
import { DEFAULT_SECTORS, syncSectors } from "../src/probe/sectors.ts";
import { loadGroupTargets, upsertTargets } from "../src/probe/targets/target-store.ts";
import { createTestCertificates } from "../test/probe/support/certificates.ts";
import { findExporter, runExporter, type ExporterRun } from "./blackbox.ts";
import { buildBot, startBotProcess, type BotProcess } from "./bot-process.ts";
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
/** The production default deadline (probe.timeoutMs). */
const PROBE_TIMEOUT_MS = 10_000;
/** Probe section shared by every bot process of the benchmark. The targets listen on 127.0.0.1, which the guard blocks unless allowed. */
const BOT_PROBE_CONFIG = { enabled: true, allowedCidrs: ["127.0.0.1/32"] };
/** Interval of the burst bots: long enough that a round of at most 20 s has ended and been measured before the next tick. */
const BURST_INTERVAL_SECONDS = 30;
/** Stored bursts: the default concurrency and deadline, a higher concurrency, and a shorter configured deadline. */
const BURST_SETTINGS: readonly BurstSetting[] = [
  { concurrency: 500, timeoutMs: PROBE_TIMEOUT_MS },
  { concurrency: 2000, timeoutMs: PROBE_TIMEOUT_MS },
  { concurrency: 2000, timeoutMs: 5000 },
];
const COMMAND = `npx tsx bench/probe.ts ${process.argv.slice(2).join(" ")}`.trim();

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

/** Rows stored for a round that started at `sinceMs`, polled until `expected` are there or 15 s passed. */
async function waitForStoredRows(db: Database, sinceMs: number, expected: number): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await db.$queryRawUnsafe<Array<{ n: bigint | number }>>(
      `SELECT COUNT(*) AS "n" FROM "ProbeResult" WHERE "startedAtMs" >= ?`,
      sinceMs,
    );
    const stored = Number(rows[0]!.n);
    if (stored >= expected || Date.now() > deadline) return stored;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface BotRound {
  startedAtMs: number;
  durationMs: number;
  completed: number;
  outcomes: Record<string, number>;
  cpuSeconds: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
  lastNonTimeoutMs: number;
  storedRows: number;
}

/**
 * Waits for the bot's next round over `count` targets and measures it: CPU
 * time and peak RSS of the bot process from just before the round started
 * until every result was stored.
 */
async function measureBotRound(bot: BotProcess, db: Database, count: number, waitMs: number): Promise<BotRound> {
  const notBefore = Date.now();
  const started = await bot.nextLog("Probe round started", waitMs, (record) => record.targets === count && record.time >= notBefore);
  const finished = await bot.nextLog("Probe round finished", 10 * 60_000);
  const completed = Number(finished.completed);
  // Each result row starts after the round's log line, which has whole-millisecond precision.
  const storedRows = await waitForStoredRows(db, started.time, completed);
  const endMs = Date.now();
  const cpuBefore = bot.cpuAt(started.time);
  return {
    startedAtMs: started.time,
    durationMs: Number(finished.durationMs),
    completed,
    outcomes: finished.outcomes as Record<string, number>,
    cpuSeconds: bot.cpuNow() - cpuBefore,
    rssBeforeBytes: bot.peakRssBetween(started.time - 1000, started.time),
    peakRssBytes: bot.peakRssBetween(started.time, endMs),
    lastNonTimeoutMs: await lastNonTimeoutEnd(db, started.time),
    storedRows,
  };
}

async function runSpread(bot: BotProcess, db: Database, server: TargetServer, count: number): Promise<SpreadResult> {
  await enableFirst(db, count);
  await server.delays();
  const round = await measureBotRound(bot, db, count, 2 * INTERVAL_SECONDS * 1000 + 60_000);

  // Recorded total time against the delay the server really added, for normal targets.
  const rows = await roundRows(db, round.startedAtMs);
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
    completed: round.completed,
    durationMs: round.durationMs,
    probesPerSecond: round.completed / (round.durationMs / 1000),
    cpuSeconds: round.cpuSeconds,
    cpuPer1000: (round.cpuSeconds / round.completed) * 1000,
    peakRssBytes: round.peakRssBytes,
    recordedMedianMs: median(recorded),
    addedMedianMs: median(addedValues),
    medianDifferenceMs: median(differences),
    differenceP90Ms: quantile(differences, 0.9),
    rssBeforeBytes: round.rssBeforeBytes,
    comparedProbes: recorded.length,
    outcomes: round.outcomes,
    outcomesByKind: outcomesByKind(rows),
    storedRows: round.storedRows,
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

interface BurstSetting {
  concurrency: number;
  timeoutMs: number;
}

/** Starts a bot whose rounds are bursts, measures its first round over `count` targets and stops it. */
async function runStoredBurst(
  botOptions: { directory: string; databaseFile: string; caFile: string },
  db: Database,
  count: number,
  setting: BurstSetting,
): Promise<{ burst: BurstResult; lifetimePeakRssBytes: number }> {
  await db.$disconnect();
  const bot = await startBotProcess({
    ...botOptions,
    name: `burst-${setting.concurrency}-${setting.timeoutMs}`,
    probe: { ...BOT_PROBE_CONFIG, intervalSeconds: BURST_INTERVAL_SECONDS, spreadRatio: 0, ...setting },
  });
  try {
    const round = await measureBotRound(bot, db, count, BURST_INTERVAL_SECONDS * 1000 + 30_000);
    return {
      burst: {
        label: "stored",
        targets: count,
        concurrency: setting.concurrency,
        timeoutMs: setting.timeoutMs,
        completed: round.completed,
        durationMs: round.durationMs,
        lastNonTimeoutMs: round.lastNonTimeoutMs,
        cpuSeconds: round.cpuSeconds,
        cpuPer1000: (round.cpuSeconds / round.completed) * 1000,
        peakRssBytes: round.peakRssBytes,
      },
      lifetimePeakRssBytes: bot.lifetimePeakRss(),
    };
  } finally {
    await bot.stop();
  }
}

async function runEngineBurst(count: number, concurrency: number, probe: () => Promise<{ completed: number; durationMs: number; lastNonTimeoutMs: number }>): Promise<BurstResult> {
  const rss = sampleRss();
  const cpuStart = process.cpuUsage();
  const summary = await probe();
  const cpu = cpuSeconds(cpuStart);
  return {
    label: "engine only",
    targets: count,
    concurrency,
    timeoutMs: PROBE_TIMEOUT_MS,
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
  const machine = describeMachine();
  const loadAverageAtStart = loadavg()[0]!;
  log(`${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  const certificates = createTestCertificates();
  const directory = mkdtempSync(path.join(tmpdir(), "bench-probe-"));
  const databaseFile = path.join(directory, "bench.db");
  const caFile = path.join(directory, "ca.pem");
  writeFileSync(caFile, certificates.caCert);
  const botOptions = { directory, databaseFile, caFile };
  let server: TargetServer | null = null;
  let spreadBot: BotProcess | null = null;
  const rssPhases: Array<{ phase: string; rssBytes: number }> = [];

  try {
    log("building the bot (npm run build)");
    buildBot();
    log(`starting ${MAX_TARGETS} target origins on 127.0.0.1`);
    server = await startTargetServer(MAX_TARGETS, certificates.serverKey, certificates.serverCert);
    const { db } = await openDatabase(`file:${databaseFile}`);
    await syncSectors(db, DEFAULT_SECTORS);

    const importStart = performance.now();
    const inputs = server.ports.map((port, index) => ({
      operator: `Bench operator ${Math.floor(index / 2)}`,
      sector: DEFAULT_SECTORS[Math.floor(index / 2) % DEFAULT_SECTORS.length]!.name,
      url: urlOf(index, port),
    }));
    await upsertTargets(db, inputs);
    const importMs = performance.now() - importStart;
    log(`stored ${inputs.length} targets in ${Math.round(importMs)} ms`);
    await enableFirst(db, TARGET_COUNTS[0]!);

    // The bot applies migrations at start, and Prisma's schema engine fails
    // with a busy error while any other connection has the file open. The
    // benchmark's client reconnects on its next query.
    await db.$disconnect();
    log("starting the bot process for spread rounds");
    spreadBot = await startBotProcess({ ...botOptions, name: "spread", probe: { ...BOT_PROBE_CONFIG, intervalSeconds: INTERVAL_SECONDS, spreadRatio: SPREAD_RATIO } });
    rssPhases.push({ phase: "bot process after start (modules, database, probe service)", rssBytes: spreadBot.rssNow() });
    const spreads: SpreadResult[] = [];
    for (const count of TARGET_COUNTS) {
      log(`spread round: ${count} targets over ${INTERVAL_SECONDS} s (waiting for the bot's next tick)`);
      spreads.push(await runSpread(spreadBot, db, server, count));
      log(`  done in ${Math.round(spreads.at(-1)!.durationMs)} ms`);
    }
    rssPhases.push({ phase: `bot process after the ${TARGET_COUNTS.join(" and ")}-target rounds`, rssBytes: spreadBot.rssNow() });
    const spreadBotPeakRssBytes = spreadBot.lifetimePeakRss();
    await spreadBot.stop();
    spreadBot = null;

    await enableFirst(db, BURST_TARGETS);
    const bursts: BurstResult[] = [];
    const burstBotPeaks: number[] = [];
    for (const setting of BURST_SETTINGS) {
      log(`burst: ${BURST_TARGETS} targets, concurrency ${setting.concurrency}, timeout ${setting.timeoutMs} ms, stored by a bot process`);
      const { burst, lifetimePeakRssBytes } = await runStoredBurst(botOptions, db, BURST_TARGETS, setting);
      bursts.push(burst);
      burstBotPeaks.push(lifetimePeakRssBytes);
    }

    const engineTargets = await loadGroupTargets(db, "default", ["default"]);
    const config = parseProbeConfig({ allowedCidrs: BOT_PROBE_CONFIG.allowedCidrs });
    log(`burst: ${BURST_TARGETS} targets, concurrency ${EXPORTER_CONCURRENCY}, engine only`);
    bursts.push(
      await runEngineBurst(BURST_TARGETS, EXPORTER_CONCURRENCY, async () => {
        const started = performance.now();
        let lastNonTimeoutMs = 0;
        const summary = await runRound(engineTargets, {
          spreadMs: 0,
          concurrency: EXPORTER_CONCURRENCY,
          probeOptions: {
            addressGuard: createAddressGuard(config.allowedCidrs),
            timeoutMs: PROBE_TIMEOUT_MS,
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
          timeoutSeconds: PROBE_TIMEOUT_MS / 1000,
          spreadMs,
        });
        exporterRuns.push({ ...run, spreadMs, normalMedianMs: median(normalDurations(run)) });
      }
    } else {
      log("blackbox exporter not installed or disabled; skipping the comparison");
    }

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
      spreadBotPeakRssBytes,
      burstBotPeakRssBytes: Math.max(0, ...burstBotPeaks),
      benchProcessPeakRssBytes: ownPeakRss(),
      sizes,
      retention,
      estimates: [1600, 10_000].map((targets) => estimateSize(sizes, targets, 60, retention)),
    };
    process.stdout.write(`${JSON.stringify(report, (_key, value) => (value instanceof Map ? undefined : value), 2)}\n`);
    if (!args["no-write"]) writeReports(report);
  } finally {
    await spreadBot?.stop().catch(() => {});
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

await main();
