// Stored probe targets: add or update by URL, remove (keeping history),
// list, and load for the scheduler.

import type { Database } from "../../db/client.ts";
import { DEFAULT_GROUP } from "../config.ts";
import type { ProbeTarget as EngineTarget } from "../types.ts";
import type { TargetInput } from "./target-input.ts";
import { parseExpectedStatus } from "./target-input.ts";

export type UpsertOutcome = "created" | "updated" | "restored" | "unchanged";

export type UpsertResult =
  | { ok: true; id: number; outcome: UpsertOutcome }
  | { ok: false; problem: { code: "operator_sector_conflict"; operator: string; sector: string } };

/** A stored target with its operator and sector, as listed and exported. */
export interface StoredTarget {
  id: number;
  url: string;
  operator: string;
  sector: string;
  sectorEn: string | null;
  expectedStatus: string | null;
  keyword: string | null;
  notes: string | null;
  group: string;
  enabled: boolean;
}

// Import of 10,000 rows runs in one interactive transaction, longer than Prisma's 5 s default.
const IMPORT_TRANSACTION_TIMEOUT_MS = 120_000;

interface ExistingTarget {
  id: number;
  operatorId: number;
  expectedStatus: string | null;
  keyword: string | null;
  notes: string | null;
  group: string;
  enabled: boolean;
  removedAt: Date | null;
}

function changedFields(existing: ExistingTarget, input: TargetInput, operatorId: number) {
  const data: Record<string, unknown> = {};
  if (existing.operatorId !== operatorId) data.operatorId = operatorId;
  if (input.expectedStatus !== undefined && input.expectedStatus !== existing.expectedStatus) data.expectedStatus = input.expectedStatus;
  if (input.keyword !== undefined && input.keyword !== existing.keyword) data.keyword = input.keyword;
  if (input.notes !== undefined && input.notes !== existing.notes) data.notes = input.notes;
  if (input.group !== undefined && input.group !== existing.group) data.group = input.group;
  return data;
}

// Rows per createManyAndReturn call, well below SQLite's 32,766 bound parameters.
const CREATE_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * Adds new targets and updates existing ones, matched by URL, in one
 * transaction. A target that was removed is restored. An operator name is
 * bound to the sector it was first stored with, so a row that names it with
 * another sector is rejected. A URL given twice is stored once, from its
 * first row. Results are in input order.
 */
export async function upsertTargets(db: Database, inputs: readonly TargetInput[]): Promise<UpsertResult[]> {
  return db.$transaction(
    async (tx) => {
      const results = new Array<UpsertResult | undefined>(inputs.length);

      // Operators: the stored ones, plus those this call creates with the sector of their first row.
      const sectorOf = new Map<string, string>();
      const operatorIds = new Map<string, number>();
      for (const operator of await tx.operator.findMany({ include: { sector: true } })) {
        sectorOf.set(operator.name, operator.sector.name);
        operatorIds.set(operator.name, operator.id);
      }
      const newOperators = new Map<string, string>();
      inputs.forEach((input, index) => {
        const sector = sectorOf.get(input.operator);
        if (sector === undefined) {
          sectorOf.set(input.operator, input.sector);
          newOperators.set(input.operator, input.sector);
        } else if (sector !== input.sector) {
          results[index] = { ok: false, problem: { code: "operator_sector_conflict", operator: input.operator, sector } };
        }
      });

      const sectorIds = new Map((await tx.sector.findMany()).map((sector) => [sector.name, sector.id]));
      for (const name of new Set(newOperators.values())) {
        if (!sectorIds.has(name)) sectorIds.set(name, (await tx.sector.create({ data: { name } })).id);
      }
      for (const batch of chunks([...newOperators], CREATE_CHUNK)) {
        const created = await tx.operator.createManyAndReturn({
          data: batch.map(([name, sector]) => ({ name, sectorId: sectorIds.get(sector)! })),
          select: { id: true, name: true },
        });
        for (const operator of created) operatorIds.set(operator.name, operator.id);
      }

      // Targets: update the stored ones one by one, create the new ones in chunks.
      const existing = new Map<string, ExistingTarget>((await tx.probeTarget.findMany()).map((target) => [target.url, target]));
      const firstIndexByUrl = new Map<string, number>();
      const creates: Array<{ index: number; input: TargetInput }> = [];
      for (const [index, input] of inputs.entries()) {
        if (results[index] !== undefined) continue;
        const operatorId = operatorIds.get(input.operator)!;
        const first = firstIndexByUrl.get(input.url);
        if (first !== undefined) continue;
        firstIndexByUrl.set(input.url, index);

        const stored = existing.get(input.url);
        if (!stored) {
          creates.push({ index, input });
          continue;
        }
        const data = changedFields(stored, input, operatorId);
        const restoring = stored.removedAt !== null || !stored.enabled;
        if (restoring) Object.assign(data, { removedAt: null, enabled: true });
        if (Object.keys(data).length === 0) {
          results[index] = { ok: true, id: stored.id, outcome: "unchanged" };
          continue;
        }
        await tx.probeTarget.update({ where: { id: stored.id }, data });
        results[index] = { ok: true, id: stored.id, outcome: restoring ? "restored" : "updated" };
      }

      for (const batch of chunks(creates, CREATE_CHUNK)) {
        const created = await tx.probeTarget.createManyAndReturn({
          data: batch.map(({ input }) => ({
            url: input.url,
            operatorId: operatorIds.get(input.operator)!,
            expectedStatus: input.expectedStatus ?? null,
            keyword: input.keyword ?? null,
            notes: input.notes ?? null,
            group: input.group ?? DEFAULT_GROUP,
          })),
          select: { id: true, url: true },
        });
        const idByUrl = new Map(created.map((target) => [target.url, target.id]));
        for (const { index, input } of batch) results[index] = { ok: true, id: idByUrl.get(input.url)!, outcome: "created" };
      }

      // A repeated URL reports the outcome of its first row.
      return inputs.map((input, index) => results[index] ?? results[firstIndexByUrl.get(input.url)!]!);
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS },
  );
}

/** Reads a reference typed by a member: a target id ("12") or a URL. */
export async function findTarget(db: Database, reference: string): Promise<{ id: number; url: string; removedAt: Date | null } | null> {
  const text = reference.normalize("NFKC").trim();
  if (/^\d+$/.test(text)) {
    const id = Number(text);
    return Number.isSafeInteger(id) ? db.probeTarget.findUnique({ where: { id } }) : null;
  }
  let url: string;
  try {
    url = new URL(text).href;
  } catch {
    return null;
  }
  return db.probeTarget.findUnique({ where: { url } });
}

/** Marks a target removed and stops probing it. Its results and health history stay. */
export async function removeTarget(db: Database, id: number, now: Date): Promise<void> {
  await db.probeTarget.update({ where: { id }, data: { removedAt: now, enabled: false } });
}

export interface TargetFilter {
  sector?: string;
  operator?: string;
}

/** Lists targets that are not removed, ordered by sector, operator and URL. */
export async function listTargets(db: Database, filter: TargetFilter = {}): Promise<StoredTarget[]> {
  const rows = await db.probeTarget.findMany({
    where: {
      removedAt: null,
      operator: {
        ...(filter.operator === undefined ? {} : { name: filter.operator }),
        ...(filter.sector === undefined ? {} : { sector: { name: filter.sector } }),
      },
    },
    include: { operator: { include: { sector: true } } },
    orderBy: [{ operator: { sector: { id: "asc" } } }, { operator: { name: "asc" } }, { url: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    operator: row.operator.name,
    sector: row.operator.sector.name,
    sectorEn: row.operator.sector.nameEn,
    expectedStatus: row.expectedStatus,
    keyword: row.keyword,
    notes: row.notes,
    group: row.group,
    enabled: row.enabled,
  }));
}

/** Converts a stored target to the engine's target. The engine id is the database id as a string. */
export function toEngineTarget(target: { id: number; url: string; expectedStatus: string | null; keyword: string | null }): EngineTarget {
  const engineTarget: EngineTarget = { id: String(target.id), url: target.url };
  const expected = target.expectedStatus === null ? null : parseExpectedStatus(target.expectedStatus);
  if (expected !== null) engineTarget.expectedStatus = expected;
  if (target.keyword !== null) engineTarget.keyword = target.keyword;
  return engineTarget;
}

/**
 * Loads the enabled targets of one scheduler group. The default group also
 * takes targets whose group is not configured, so that no target is skipped.
 */
export async function loadGroupTargets(db: Database, group: string, configuredGroups: readonly string[]): Promise<EngineTarget[]> {
  const where =
    group === DEFAULT_GROUP
      ? { enabled: true, removedAt: null, group: { notIn: configuredGroups.filter((name) => name !== DEFAULT_GROUP) } }
      : { enabled: true, removedAt: null, group };
  const rows = await db.probeTarget.findMany({
    where,
    select: { id: true, url: true, expectedStatus: true, keyword: true },
    orderBy: { id: "asc" },
  });
  return rows.map(toEngineTarget);
}
