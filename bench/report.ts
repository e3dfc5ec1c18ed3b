// Writes one benchmark's section into docs/benchmarks.md, replacing the
// section the same benchmark wrote before and keeping the others.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../src/db/paths.ts";

const REPORT_PATH = path.join(PROJECT_ROOT, "docs", "benchmarks.md");
const HEADER = `# Benchmarks

Each section is written by its benchmark script; rerun the command shown to
refresh it. Numbers are from one run on the machine named in the section.
`;

export function machineDescription(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const memoryGiB = (totalmem() / 2 ** 30).toFixed(0);
  return `${cpus().length} × ${cpu}, ${memoryGiB} GiB memory, Node.js ${process.version}, ${process.platform}/${process.arch}`;
}

export function writeReportSection(name: string, body: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const current = existsSync(REPORT_PATH) ? readFileSync(REPORT_PATH, "utf8") : HEADER;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(REPORT_PATH, next);
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}
