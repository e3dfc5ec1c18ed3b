// Probe targets from and to CSV. Import checks every row, reports each bad
// row with its line number and reason, and still loads the good rows. It
// adds or updates targets by URL and never deletes one.

import type { Database } from "../../db/client.ts";
import { formatCsv, parseCsv } from "./csv.ts";
import { validateTargetInput, type RawTargetInput, type TargetInput, type TargetProblem, type TargetRules } from "./target-input.ts";
import { listTargets, upsertTargets, type UpsertOutcome } from "./target-store.ts";

/** Columns in export order. Import requires the first three. */
export const CSV_COLUMNS = ["operator", "sector", "url", "expected_status", "keyword", "notes", "group"] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly CsvColumn[] = ["operator", "sector", "url"];

// Japanese header names that spreadsheets prepared by hand often use.
const COLUMN_ALIASES: Readonly<Record<string, CsvColumn>> = {
  事業者: "operator",
  事業者名: "operator",
  分野: "sector",
  期待ステータス: "expected_status",
  ステータス: "expected_status",
  キーワード: "keyword",
  備考: "notes",
  グループ: "group",
};

/** Maximum size in bytes of a file that `probe import` reads. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export type ImportProblem =
  | TargetProblem
  | { code: "unclosed_quote" | "text_after_quote" }
  | { code: "missing_header" }
  | { code: "missing_column"; column: string }
  | { code: "unknown_column"; column: string }
  | { code: "field_count"; expected: number; actual: number }
  | { code: "duplicate_url"; firstLine: number }
  | { code: "operator_sector_conflict"; operator: string; sector: string };

export interface ImportIssue {
  line: number;
  problem: ImportProblem;
}

export interface ImportReport {
  /** Data rows read, good and bad. */
  rows: number;
  counts: Record<UpsertOutcome, number>;
  /** In line order. */
  issues: ImportIssue[];
}

function columnOf(header: string): CsvColumn | undefined {
  const key = header.normalize("NFKC").trim().toLowerCase().replace(/[\s-]+/g, "_");
  return (CSV_COLUMNS as readonly string[]).includes(key) ? (key as CsvColumn) : COLUMN_ALIASES[key];
}

/**
 * Imports targets from CSV text. Rows that pass validation are stored in one
 * transaction. Columns missing from the header leave the stored values of
 * existing targets unchanged, and an empty cell clears an optional value.
 */
export async function importTargetsCsv(db: Database, text: string, rules: TargetRules): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, counts: { created: 0, updated: 0, restored: 0, unchanged: 0 }, issues: [] };
  const parsed = parseCsv(text);
  const [header, ...records] = parsed.records;
  if (!header) {
    report.issues.push({ line: parsed.error?.line ?? 1, problem: { code: parsed.error?.reason ?? "missing_header" } });
    return report;
  }

  const columns = header.fields.map(columnOf);
  header.fields.forEach((name, position) => {
    if (columns[position] === undefined) report.issues.push({ line: header.line, problem: { code: "unknown_column", column: name.trim() } });
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    for (const column of missing) report.issues.push({ line: header.line, problem: { code: "missing_column", column } });
    return report;
  }

  const firstLineByUrl = new Map<string, number>();
  const accepted: Array<{ line: number; input: TargetInput }> = [];
  for (const record of records) {
    report.rows += 1;
    if (record.fields.length !== columns.length) {
      report.issues.push({ line: record.line, problem: { code: "field_count", expected: columns.length, actual: record.fields.length } });
      continue;
    }
    const raw: RawTargetInput = {};
    record.fields.forEach((value, position) => assignColumn(raw, columns[position], value));

    const validation = validateTargetInput(raw, rules);
    if (!validation.ok) {
      report.issues.push({ line: record.line, problem: validation.problem });
      continue;
    }
    const firstLine = firstLineByUrl.get(validation.target.url);
    if (firstLine !== undefined) {
      report.issues.push({ line: record.line, problem: { code: "duplicate_url", firstLine } });
      continue;
    }
    firstLineByUrl.set(validation.target.url, record.line);
    accepted.push({ line: record.line, input: validation.target });
  }
  if (parsed.error) {
    report.issues.push({ line: parsed.error.line, problem: { code: parsed.error.reason } });
  }

  const results = await upsertTargets(db, accepted.map((row) => row.input));
  results.forEach((result, position) => {
    if (result.ok) {
      report.counts[result.outcome] += 1;
    } else {
      report.issues.push({ line: accepted[position]!.line, problem: result.problem });
    }
  });
  report.issues.sort((a, b) => a.line - b.line);
  return report;
}

function assignColumn(raw: RawTargetInput, column: CsvColumn | undefined, value: string): void {
  switch (column) {
    case "operator":
      raw.operator = value;
      break;
    case "sector":
      raw.sector = value;
      break;
    case "url":
      raw.url = value;
      break;
    case "expected_status":
      raw.expectedStatus = value;
      break;
    case "keyword":
      raw.keyword = value;
      break;
    case "notes":
      raw.notes = value;
      break;
    case "group":
      raw.group = value;
      break;
    case undefined:
      break;
  }
}

/** Exports every target that is not removed, in the import format, with a header row and CRLF line endings. */
export async function exportTargetsCsv(db: Database): Promise<string> {
  const targets = await listTargets(db);
  const rows = targets.map((target) => [
    target.operator,
    target.sector,
    target.url,
    target.expectedStatus ?? "",
    target.keyword ?? "",
    target.notes ?? "",
    target.group,
  ]);
  return formatCsv([[...CSV_COLUMNS], ...rows]);
}
