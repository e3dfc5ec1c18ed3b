// Runs Debian's prometheus-blackbox-exporter on 127.0.0.1 against the same
// targets, for a CPU comparison. The exporter's CPU time comes from
// /proc/<pid>/stat; the requests that drive it are not counted.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { Pool } from "undici";

export interface ExporterRun {
  version: string;
  probes: number;
  succeeded: number;
  wallMs: number;
  cpuSeconds: number;
  peakRssBytes: number;
  /** probe_duration_seconds of each probe, in ms, by target index. */
  durationsMs: Map<number, number>;
}

/** Returns the exporter's path, or null when it is not installed. */
export function findExporter(): string | null {
  const result = spawnSync("which", ["prometheus-blackbox-exporter"], { encoding: "utf8" });
  const found = result.stdout.trim();
  return result.status === 0 && found !== "" ? found : null;
}

function clockTicksPerSecond(): number {
  const result = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(result.stdout.trim()) || 100;
}

/** User plus system CPU seconds of a process, from /proc/<pid>/stat (fields 14 and 15). */
export function processCpuSeconds(pid: number, ticksPerSecond = clockTicksPerSecond()): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Peak resident set size of a process in bytes (VmHWM). */
export function processPeakRss(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts the exporter on a free 127.0.0.1 port. A port found free can be
 * taken by an outgoing connection before the exporter binds it, so a failed
 * start is retried on another port.
 */
async function startExporter(binary: string, configFile: string, connections: number): Promise<{ child: ChildProcess; pool: Pool }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const child = spawn(binary, [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=error"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1 });
    try {
      await waitUntilReady(pool, child);
      return { child, pool };
    } catch (error) {
      await pool.close();
      child.kill("SIGTERM");
      if (attempt >= 5) throw error;
    }
  }
}

async function waitUntilReady(pool: Pool, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`blackbox exporter exited with ${child.exitCode}`);
    try {
      const response = await pool.request({ path: "/-/healthy", method: "GET" });
      await response.body.text();
      if (response.statusCode === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error("blackbox exporter did not become ready within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ExporterOptions {
  binary: string;
  urls: readonly string[];
  caPem: string;
  concurrency: number;
  timeoutSeconds: number;
  /** Window over which probe starts are spread, as the probe service spreads a round. 0 starts them as fast as slots free up. */
  spreadMs: number;
}

/**
 * Probes every URL once through the exporter, at most `concurrency` at a
 * time, with URL i starting no earlier than i × spreadMs / URLs, and stops
 * the exporter.
 */
export async function runExporter(options: ExporterOptions): Promise<ExporterRun> {
  const directory = mkdtempSync(path.join(tmpdir(), "bench-blackbox-"));
  const caFile = path.join(directory, "ca.pem");
  const configFile = path.join(directory, "blackbox.yml");
  writeFileSync(caFile, options.caPem);
  writeFileSync(
    configFile,
    [
      "modules:",
      "  http_2xx:",
      "    prober: http",
      `    timeout: ${options.timeoutSeconds}s`,
      "    http:",
      "      preferred_ip_protocol: ip4",
      "      ip_protocol_fallback: false",
      "      tls_config:",
      `        ca_file: ${caFile}`,
      "",
    ].join("\n"),
  );

  const version = spawnSync(options.binary, ["--version"], { encoding: "utf8" });
  const { child, pool } = await startExporter(options.binary, configFile, options.concurrency);

  try {
    const pid = child.pid!;
    const cpuBefore = processCpuSeconds(pid);
    const started = performance.now();
    const durationsMs = new Map<number, number>();
    let succeeded = 0;
    let next = 0;

    const worker = async (): Promise<void> => {
      for (let index = next++; index < options.urls.length; index = next++) {
        const waitMs = started + (index * options.spreadMs) / options.urls.length - performance.now();
        if (waitMs >= 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
        const response = await pool.request({
          path: `/probe?module=http_2xx&target=${encodeURIComponent(options.urls[index]!)}`,
          method: "GET",
          headers: { "x-prometheus-scrape-timeout-seconds": String(options.timeoutSeconds + 1) },
        });
        const text = await response.body.text();
        if (/^probe_success 1$/m.test(text)) succeeded += 1;
        const duration = /^probe_duration_seconds ([\d.e+-]+)$/m.exec(text);
        if (duration) durationsMs.set(index, Number(duration[1]) * 1000);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));

    return {
      version: (version.stdout.split("\n")[0] ?? "").trim(),
      probes: options.urls.length,
      succeeded,
      wallMs: performance.now() - started,
      cpuSeconds: processCpuSeconds(pid) - cpuBefore,
      peakRssBytes: processPeakRss(pid),
      durationsMs,
    };
  } finally {
    await pool.close();
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    rmSync(directory, { recursive: true, force: true });
  }
}
