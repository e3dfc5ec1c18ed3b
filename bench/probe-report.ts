// Writes the probe benchmark's section into docs/benchmarks.md (through the
// shared report helper) and the storage numbers into docs/probes.md between
// marker comments, so that the hand-written text around them stays.

import { readFileSync, writeFileSync } from "node:fs";

import type { RetentionPolicy } from "../src/probe/storage/retention.ts";
import type { ExporterRun } from "./blackbox.ts";
import type { Machine } from "./machine.ts";
import { writeReportSection } from "./report.ts";
import type { RowSizes, SizeEstimate } from "./storage-size.ts";

export interface SpreadResult {
  targets: number;
  intervalSeconds: number;
  completed: number;
  durationMs: number;
  probesPerSecond: number;
  cpuSeconds: number;
  cpuPer1000: number;
  /** Highest sampled RSS of the bot process during the round. */
  peakRssBytes: number;
  recordedMedianMs: number | null;
  addedMedianMs: number | null;
  medianDifferenceMs: number | null;
  /** 90th percentile of (recorded - added) over the compared probes. */
  differenceP90Ms: number | null;
  rssBeforeBytes: number;
  comparedProbes: number;
  outcomes: Record<string, number>;
  outcomesByKind: Record<string, Record<string, number>>;
  storedRows: number;
}

export interface BurstResult {
  label: string;
  targets: number;
  concurrency: number;
  /** Probe deadline in ms. */
  timeoutMs: number;
  completed: number;
  durationMs: number;
  lastNonTimeoutMs: number;
  cpuSeconds: number;
  cpuPer1000: number;
  peakRssBytes: number;
}

export interface ExporterResult extends ExporterRun {
  spreadMs: number;
  /** Median probe_duration_seconds of normal targets, in ms. */
  normalMedianMs: number | null;
}

export interface BenchReport {
  machine: Machine;
  /** One-minute load average at the start and the end of the run, which shows other work on the machine. */
  loadAverages: { start: number; end: number };
  command: string;
  date: string;
  importMs: number;
  importedTargets: number;
  spreads: SpreadResult[];
  bursts: BurstResult[];
  exporterRuns: ExporterResult[];
  rssPhases: Array<{ phase: string; rssBytes: number }>;
  /** Lifetime peak RSS (VmHWM) of the bot process that ran the spread rounds. */
  spreadBotPeakRssBytes: number;
  /** Highest lifetime peak RSS of the bot processes that ran the bursts. */
  burstBotPeakRssBytes: number;
  /** Peak RSS of the benchmark process, which ran the engine-only burst and drove the exporter. */
  benchProcessPeakRssBytes: number;
  sizes: RowSizes;
  retention: RetentionPolicy;
  estimates: SizeEstimate[];
}

const PROBES_FILE = new URL("../docs/probes.md", import.meta.url);
const STORAGE_MARKERS = ["<!-- probe-storage:start -->", "<!-- probe-storage:end -->"] as const;

const SETUP = `\`bench/probe.ts\` starts a target server in a child process that listens on
one 127.0.0.1 port per target (every target its own origin, 20% of them
HTTPS with a throwaway CA) and answers after an added delay: 90% of targets
within 20-200 ms, 3% slowly (1.5-3 s), 2% never, 3% with HTTP 503 and 2% by
resetting the connection. The prober is the bot itself: the benchmark
builds it (\`npm run build\`) and starts it with the command line and
environment of \`deploy/systemd/dos-bot.service\` (\`node
--max-semi-space-size=4 dist/src/main.js\`, \`MALLOC_ARENA_MAX=2\`), in
console mode (no chat platform configured) with probing enabled, and waits
for its scheduler's rounds. So every number below covers the real production path:
undici with a new connection per probe, closed by the prober after the
response, health updates, and the batched writer into a real SQLite file.
The bot trusts the throwaway CA through \`NODE_EXTRA_CA_CERTS\`.
CPU time and RSS of the bot come from /proc/<pid>/stat and /proc/<pid>/status,
sampled every 50 ms; the target server's CPU is not counted.`;

/** Memory in MiB (2^20 bytes). */
function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Disk space in MB (10^6 bytes). */
function diskMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

function ms(value: number | null, digits = 0): string {
  return value === null ? "n/a" : `${value.toFixed(digits)} ms`;
}

function replaceMarkedSection(file: URL, markers: readonly [string, string], body: string): void {
  const current = readFileSync(file, "utf8");
  const start = current.indexOf(markers[0]);
  const end = current.indexOf(markers[1]);
  if (start < 0 || end < start) {
    throw new Error(`Missing markers ${markers[0]} and ${markers[1]} in ${file.pathname}: add them where the section belongs`);
  }
  writeFileSync(file, `${current.slice(0, start + markers[0].length)}\n${body.trim()}\n${current.slice(end)}`);
}

function verdict(met: boolean): string {
  return met ? "met" : "**missed**";
}

function per1000(run: ExporterResult): number {
  return (run.cpuSeconds / run.probes) * 1000;
}

function benchmarkSection(report: BenchReport): string {
  const { machine } = report;
  const lines: string[] = ["## Homepage probes", "", SETUP, ""];
  lines.push(`Run on ${report.date}: ${machine.cpus} CPUs (\`nproc\`), ${machine.cpuModel}, ${machine.memoryGiB} GiB memory, Linux ${machine.kernel}, Node.js ${machine.node}. The target server and the exporter share these CPUs with the prober. One-minute load average ${report.loadAverages.start.toFixed(1)} at the start and ${report.loadAverages.end.toFixed(1)} at the end, which includes other work on the machine.`);
  lines.push("");
  lines.push(`Command: \`${report.command}\``);
  lines.push("");
  lines.push(`Storing ${report.importedTargets} targets through the import path took ${(report.importMs / 1000).toFixed(1)} s.`);
  lines.push("");

  lines.push("### Rounds spread over the interval");
  lines.push("");
  lines.push("| Targets | Interval | Probes | Round time | Probes/s | CPU s | CPU s per 1,000 | RSS before | Peak RSS |");
  lines.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const spread of report.spreads) {
    lines.push(
      `| ${spread.targets} | ${spread.intervalSeconds} s | ${spread.completed} | ${(spread.durationMs / 1000).toFixed(1)} s | ${spread.probesPerSecond.toFixed(0)} | ${spread.cpuSeconds.toFixed(2)} | ${spread.cpuPer1000.toFixed(3)} | ${mb(spread.rssBeforeBytes)} | ${mb(spread.peakRssBytes)} |`,
    );
  }
  lines.push("");
  lines.push("Round time runs from the first probe start to the last result, as the bot logs it. Starts are spread over 80% of the interval, and hanging targets end at the 10 s deadline. CPU time covers the whole bot process from the round's start until every result was stored, so at low probe rates the process's own background work (timers, garbage collection, the idle console) weighs more per probe. Peak RSS is the highest RSS sampled during the round.");
  lines.push("");
  lines.push("| Targets | Probes compared | Recorded median | Added median | Median of (recorded - added) | 90th percentile of (recorded - added) |");
  lines.push("| ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const spread of report.spreads) {
    lines.push(
      `| ${spread.targets} | ${spread.comparedProbes} | ${ms(spread.recordedMedianMs, 1)} | ${ms(spread.addedMedianMs, 1)} | ${ms(spread.medianDifferenceMs, 1)} | ${ms(spread.differenceP90Ms, 1)} |`,
    );
  }
  lines.push("");
  lines.push("These rows cover the probes of normal targets that ended `ok`: the total time that the prober stored against the delay that the server measured around its own timer.");
  lines.push("");
  const last = report.spreads.at(-1);
  if (last) {
    lines.push(`Outcomes by target kind in the ${last.targets}-target round:`);
    lines.push("");
    lines.push("| Kind | Outcomes |");
    lines.push("| --- | --- |");
    for (const [kind, outcomes] of Object.entries(last.outcomesByKind)) {
      lines.push(`| ${kind} | ${Object.entries(outcomes).map(([outcome, count]) => `${outcome} ${count}`).join(", ")} |`);
    }
    lines.push("");
  }

  lines.push("### Unspread bursts");
  lines.push("");
  lines.push("| Path | Targets | Concurrency | Probe deadline | All done | Last non-timeout result | CPU s | CPU s per 1,000 | Peak RSS |");
  lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const burst of report.bursts) {
    lines.push(
      `| ${burst.label} | ${burst.targets} | ${burst.concurrency} | ${burst.timeoutMs / 1000} s | ${(burst.durationMs / 1000).toFixed(2)} s | ${(burst.lastNonTimeoutMs / 1000).toFixed(2)} s | ${burst.cpuSeconds.toFixed(2)} | ${burst.cpuPer1000.toFixed(3)} | ${mb(burst.peakRssBytes)} |`,
    );
  }
  lines.push("");
  lines.push('"stored" is the production path: a bot process configured with `spreadRatio` 0, measured from its round\'s start until every result was stored. "engine only" runs the probe rounds alone inside the benchmark process and discards the results. All done includes the hanging targets, which end at the probe deadline: 10 s is the production default (`probe.timeoutMs`), and the 5 s rows use a shorter configured deadline. Last non-timeout result is when the last probe that did not time out ended.');
  lines.push("");

  lines.push("### Blackbox exporter on the same targets");
  lines.push("");
  const spreadRun = report.exporterRuns.find((run) => run.spreadMs > 0);
  const burstRun = report.exporterRuns.find((run) => run.spreadMs === 0);
  const bigSpread = report.spreads.find((spread) => spread.targets === burstRun?.probes);
  const engineOnly = report.bursts.find((burst) => burst.label === "engine only");
  const stored500 = report.bursts.find((burst) => burst.label === "stored" && burst.concurrency === 500 && burst.timeoutMs === 10_000);
  if (report.exporterRuns.length === 0) {
    lines.push("prometheus-blackbox-exporter was not installed, so this comparison was skipped.");
  } else {
    lines.push(`${report.exporterRuns[0]!.version}, module \`http_2xx\` (10 s timeout, the test CA as \`ca_file\`), driven with \`/probe?target=…&module=http_2xx\` from the benchmark process at concurrency 500, once with starts spread like a round and once as a burst. Its CPU time comes from /proc/<pid>/stat, and the requests that drive it are not counted.`);
    lines.push("");
    lines.push("| Prober | Starts | Probes | Wall time | CPU s | CPU s per 1,000 | Peak RSS | Median of normal targets |");
    lines.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const run of report.exporterRuns) {
      const starts = run.spreadMs === 0 ? "burst" : `spread over ${run.spreadMs / 1000} s`;
      lines.push(
        `| blackbox exporter | ${starts} | ${run.probes} | ${(run.wallMs / 1000).toFixed(1)} s | ${run.cpuSeconds.toFixed(2)} | ${per1000(run).toFixed(3)} | ${mb(run.peakRssBytes)} | ${ms(run.normalMedianMs, 1)} |`,
      );
    }
    if (bigSpread) {
      lines.push(
        `| dos-bot, stored | spread over ${bigSpread.intervalSeconds * 0.8} s | ${bigSpread.completed} | ${(bigSpread.durationMs / 1000).toFixed(1)} s | ${bigSpread.cpuSeconds.toFixed(2)} | ${bigSpread.cpuPer1000.toFixed(3)} | ${mb(bigSpread.peakRssBytes)} | ${ms(bigSpread.recordedMedianMs, 1)} |`,
      );
    }
    for (const burst of [stored500, engineOnly]) {
      if (!burst) continue;
      lines.push(
        `| dos-bot, ${burst.label} | burst | ${burst.completed} | ${(burst.durationMs / 1000).toFixed(1)} s | ${burst.cpuSeconds.toFixed(2)} | ${burst.cpuPer1000.toFixed(3)} | ${mb(burst.peakRssBytes)} | |`,
      );
    }
    lines.push("");
    if (spreadRun && bigSpread) lines.push(`CPU ratio with spread starts, stored / exporter: ${(bigSpread.cpuPer1000 / per1000(spreadRun)).toFixed(2)}.`);
    if (burstRun && stored500) lines.push(`CPU ratio in bursts, stored / exporter: ${(stored500.cpuPer1000 / per1000(burstRun)).toFixed(2)}.`);
    if (burstRun && engineOnly) lines.push(`CPU ratio in bursts, engine only / exporter: ${(engineOnly.cpuPer1000 / per1000(burstRun)).toFixed(2)}.`);
  }
  lines.push("");

  lines.push("### Memory");
  lines.push("");
  lines.push("| Phase | RSS |");
  lines.push("| --- | ---: |");
  for (const phase of report.rssPhases) lines.push(`| ${phase.phase} | ${mb(phase.rssBytes)} |`);
  lines.push(`| peak of the spread-round bot process over its lifetime (VmHWM) | ${mb(report.spreadBotPeakRssBytes)} |`);
  lines.push(`| highest peak of the burst bot processes (VmHWM) | ${mb(report.burstBotPeakRssBytes)} |`);
  lines.push(`| peak of the benchmark process, which ran the engine-only burst (VmHWM) | ${mb(report.benchProcessPeakRssBytes)} |`);
  lines.push("");

  lines.push("### Aims");
  lines.push("");
  lines.push("| Aim | Measured | Verdict |");
  lines.push("| --- | --- | --- |");
  if (spreadRun && bigSpread) {
    const ratio = bigSpread.cpuPer1000 / per1000(spreadRun);
    lines.push(`| CPU per 1,000 probes at most 0.6x the exporter's | ${ratio.toFixed(2)}x with spread starts (stored) | ${verdict(ratio <= 0.6)} |`);
  }
  if (burstRun && stored500) {
    const ratio = stored500.cpuPer1000 / per1000(burstRun);
    lines.push(`| CPU per 1,000 probes at most 0.6x the exporter's | ${ratio.toFixed(2)}x in bursts (stored) | ${verdict(ratio <= 0.6)} |`);
  }
  const big = report.spreads.find((spread) => spread.targets === 10_000);
  if (big && big.recordedMedianMs !== null && big.addedMedianMs !== null) {
    const error = Math.abs(big.recordedMedianMs - big.addedMedianMs) / big.addedMedianMs;
    lines.push(`| Recorded median within 10% of the added latency at 10,000 targets per 60 s | ${(error * 100).toFixed(1)}% | ${verdict(error <= 0.1)} |`);
  }
  if (big) {
    const peak = report.spreadBotPeakRssBytes;
    lines.push(`| Peak RSS at most 150 MB with 10,000 targets (bot process, lifetime peak over the spread rounds) | ${mb(peak)} (${(peak / 1e6).toFixed(0)} MB) | ${verdict(peak <= 150e6)} |`);
  }
  if (report.burstBotPeakRssBytes > 0) {
    const peak = report.burstBotPeakRssBytes;
    lines.push(`| Peak RSS at most 150 MB with 10,000 targets (bot processes running unspread bursts) | ${mb(peak)} (${(peak / 1e6).toFixed(0)} MB) | ${verdict(peak <= 150e6)} |`);
  }
  for (const burst of report.bursts.filter((candidate) => candidate.label === "stored" && candidate.targets === 10_000)) {
    lines.push(
      `| Unspread burst of 10,000 probes within 6 s (concurrency ${burst.concurrency}, probe deadline ${burst.timeoutMs / 1000} s) | all done ${(burst.durationMs / 1000).toFixed(1)} s; last non-timeout result ${(burst.lastNonTimeoutMs / 1000).toFixed(1)} s | ${verdict(burst.durationMs <= 6000)} |`,
    );
  }
  return lines.join("\n");
}

function storageSection(report: BenchReport): string {
  const { sizes, retention } = report;
  const lines: string[] = [];
  lines.push(`Measured on ${report.date} with \`${report.command}\`: one day of raw results for ${sizes.targets} targets at one probe per minute (${sizes.rawRows} rows, copied from the benchmark's real round, so outcomes, timings and field sizes are real), rolled up by the service's own code and measured per table with SQLite's dbstat.`);
  lines.push("");
  lines.push("| Table | Bytes per row |");
  lines.push("| --- | ---: |");
  lines.push(`| Raw result | ${sizes.rawBytesPerRow.toFixed(1)} |`);
  lines.push(`| 5-minute rollup | ${sizes.fiveMinuteBytesPerRow.toFixed(1)} |`);
  lines.push(`| Hourly rollup | ${sizes.hourlyBytesPerRow.toFixed(1)} |`);
  lines.push(`| Daily rollup | ${sizes.dailyBytesPerRow.toFixed(1)} |`);
  lines.push("");
  lines.push(`After deleting the oldest 6 hours and inserting 6 new hours, the file size changed by ${sizes.cycleGrowthPercent.toFixed(1)}%: freed pages are reused, so deletes and inserts of the same volume keep the file size.`);
  lines.push("");
  lines.push(`Extrapolated from these bytes per row (estimates, not measurements; MB = 10^6 bytes), at 60 s intervals, with the default retention: raw ${retention.rawDays} days, 5-minute rollups ${retention.fiveMinuteDays} days, hourly ${retention.hourlyDays} days, daily ${retention.dailyDays === null ? "forever (counted here for one year)" : `${retention.dailyDays} days`}.`);
  lines.push("");
  lines.push("| Targets | Per day | Raw | 5-minute | Hourly | Daily (1 year) | Steady state |");
  lines.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const estimate of report.estimates) {
    const parts = estimate.parts;
    lines.push(
      `| ${estimate.targets} | ${diskMb(estimate.perDayBytes)} | ${diskMb(parts.raw)} | ${diskMb(parts.fiveMinute)} | ${diskMb(parts.hourly)} | ${diskMb(parts.daily)} | ${diskMb(estimate.steadyBytes)} |`,
    );
  }
  lines.push("");
  const small = report.estimates.find((estimate) => estimate.targets === 1600);
  if (small) lines.push(`Aim for 1,600 targets, at most 1 GB in steady state: ${diskMb(small.steadyBytes)}, ${small.steadyBytes <= 1e9 ? "met" : "**missed**"}. Daily rollups keep growing by ${diskMb(small.parts.daily)} per year.`);
  lines.push("");
  lines.push("The template round had about 7% failing targets, more than a normal day, so failure JSON in rollups is over- rather than under-represented. Health snapshots, transitions, targets and the address table add a few MB.");
  return lines.join("\n");
}

export function writeReports(report: BenchReport): void {
  writeReportSection("probe", benchmarkSection(report));
  replaceMarkedSection(PROBES_FILE, STORAGE_MARKERS, storageSection(report));
}
