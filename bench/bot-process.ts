// Runs the bot itself as a child process for the probe benchmark, built and
// started the way deploy/systemd/dos-bot.service starts it (npm run build,
// then the unit's ExecStart= arguments and Environment= settings), in
// console mode with probing enabled. The
// benchmark reads the bot's JSON log lines from stderr and its CPU time and
// memory from /proc, so the numbers are those of the whole bot process and
// nothing else.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

import { PROJECT_ROOT } from "../src/db/paths.ts";
import { processCpuSeconds, processPeakRss } from "./blackbox.ts";

/** One JSON log line of the bot (pino): `msg`, `time` in epoch ms, and the logged fields. */
export interface LogRecord {
  msg: string;
  time: number;
  [field: string]: unknown;
}

interface Sample {
  atMs: number;
  cpuSeconds: number;
  rssBytes: number;
}

export interface BotProcess {
  pid: number;
  /** Resolves with the next log line with this message that `accept` accepts (all when omitted). */
  nextLog(message: string, timeoutMs: number, accept?: (record: LogRecord) => boolean): Promise<LogRecord>;
  /** CPU seconds of the bot at the last sample taken at or before `atMs` (epoch ms). */
  cpuAt(atMs: number): number;
  cpuNow(): number;
  /** Highest sampled RSS in bytes between two epoch times. */
  peakRssBetween(fromMs: number, toMs: number): number;
  rssNow(): number;
  /** Peak RSS of the bot's whole lifetime so far (VmHWM). */
  lifetimePeakRss(): number;
  stop(): Promise<void>;
}

function residentBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
}

export interface BotProcessOptions {
  /** Folder for the config file. */
  directory: string;
  name: string;
  databaseFile: string;
  /** PEM file that the bot trusts besides the system CAs (NODE_EXTRA_CA_CERTS). */
  caFile: string;
  /** The "probe" section of the members config. */
  probe: Record<string, unknown>;
  /** Sampling interval of CPU time and RSS, in ms. */
  sampleIntervalMs?: number;
}

const SERVICE_FILE = path.join(PROJECT_ROOT, "deploy", "systemd", "dos-bot.service");

/**
 * Returns the node arguments of the unit's ExecStart= line and its
 * Environment= settings, so that the benchmark starts the bot exactly as the
 * systemd unit does.
 */
export function productionCommand(): { args: string[]; env: Record<string, string> } {
  const unit = readFileSync(SERVICE_FILE, "utf8");
  const execStart = /^ExecStart=(\S+)\s+(.+)$/m.exec(unit);
  if (!execStart) throw new Error(`No ExecStart= line with arguments in ${SERVICE_FILE}`);
  const env: Record<string, string> = {};
  for (const match of unit.matchAll(/^Environment=([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) env[match[1]!] = match[2]!;
  return { args: execStart[2]!.split(/\s+/), env };
}

/** Compiles the bot into dist/ (npm run build), as a production installation does. */
export function buildBot(): void {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: PROJECT_ROOT, stdio: "inherit" });
}

/** Starts the bot built by buildBot() and resolves once it has logged "bot started". */
export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  const configFile = path.join(options.directory, `${options.name}.json`);
  writeFileSync(
    configFile,
    JSON.stringify({
      organizations: [{ id: "bench", name: "Bench" }],
      members: [{ org: "bench", user: "operator", name: "Bench operator" }],
      probe: options.probe,
    }),
  );

  // BENCH_BOT_NODE_ARGS adds node options to the bot only, for example
  // "--cpu-prof --cpu-prof-dir=/tmp/profiles" (NODE_OPTIONS does not accept --cpu-prof).
  const extraArgs = (process.env.BENCH_BOT_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "");
  const production = productionCommand();
  const child: ChildProcess = spawn(process.execPath, [...extraArgs, ...production.args], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...production.env,
      DATABASE_URL: `file:${options.databaseFile}`,
      DOS_BOT_CONFIG: configFile,
      NODE_EXTRA_CA_CERTS: options.caFile,
      LOG_LEVEL: "info",
      BOT_LOCALE: "en",
    },
    // stdin stays open and silent, so the console waits for input instead of ending.
    stdio: ["pipe", "ignore", "pipe"],
  });
  const pid = child.pid!;

  const waiting: Array<{ message: string; accept: (record: LogRecord) => boolean; resolve: (record: LogRecord) => void }> = [];
  const lines = createInterface({ input: child.stderr! });
  lines.on("line", (line) => {
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      process.stderr.write(`[bot ${options.name}] ${line}\n`);
      return;
    }
    if (typeof record.level === "number" && record.level >= 40) process.stderr.write(`[bot ${options.name}] ${line}\n`);
    const index = waiting.findIndex((entry) => entry.message === record.msg && entry.accept(record));
    if (index >= 0) waiting.splice(index, 1)[0]!.resolve(record);
  });

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const samples: Sample[] = [];
  const sample = (): void => {
    try {
      samples.push({ atMs: Date.now(), cpuSeconds: processCpuSeconds(pid), rssBytes: residentBytes(pid) });
    } catch {
      // The process has exited.
    }
  };
  const sampler = setInterval(sample, options.sampleIntervalMs ?? 50);
  void exited.then(() => clearInterval(sampler));

  const nextLog = (message: string, timeoutMs: number, accept: (record: LogRecord) => boolean = () => true) =>
    new Promise<LogRecord>((resolve, reject) => {
      const entry = { message, accept, resolve: (record: LogRecord) => (clearTimeout(timer), resolve(record)) };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(entry), 1);
        reject(new Error(`bot ${options.name} did not log "${message}" within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.push(entry);
      void exited.then(() => reject(new Error(`bot ${options.name} exited before logging "${message}"`)));
    });

  const bot: BotProcess = {
    pid,
    nextLog,
    cpuAt(atMs) {
      const before = samples.filter((entry) => entry.atMs <= atMs).at(-1);
      if (!before) throw new Error(`no CPU sample of bot ${options.name} before ${new Date(atMs).toISOString()}`);
      return before.cpuSeconds;
    },
    cpuNow: () => processCpuSeconds(pid),
    peakRssBetween(fromMs, toMs) {
      let peak = 0;
      for (const entry of samples) if (entry.atMs >= fromMs && entry.atMs <= toMs) peak = Math.max(peak, entry.rssBytes);
      return peak;
    },
    rssNow: () => residentBytes(pid),
    lifetimePeakRss: () => processPeakRss(pid),
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      clearInterval(sampler);
    },
  };

  try {
    await nextLog("bot started", 60_000);
  } catch (error) {
    await bot.stop();
    throw error;
  }
  sample();
  return bot;
}
