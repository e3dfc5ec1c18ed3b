// A migrated SQLite file with the default sectors, plus builders for stored
// targets and probe results at chosen times.

import type { Database } from "../../../src/db/client.ts";
import { createAddressGuard } from "../../../src/probe/address-guard.ts";
import { DEFAULT_GROUP, parseProbeConfig, type ProbeConfig, type ProbeConfigInput } from "../../../src/probe/config.ts";
import { initialHealth, updateHealth, type HealthSnapshot } from "../../../src/probe/health.ts";
import { DEFAULT_SECTORS, syncSectors } from "../../../src/probe/sectors.ts";
import type { ResultRecord } from "../../../src/probe/storage/result-writer.ts";
import type { TargetRules } from "../../../src/probe/targets/target-input.ts";
import { upsertTargets } from "../../../src/probe/targets/target-store.ts";
import type { Outcome, ProbeResult } from "../../../src/probe/types.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";

export async function openProbeDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await syncSectors(database.db, DEFAULT_SECTORS);
  return database;
}

export function testConfig(overrides: ProbeConfigInput = {}): ProbeConfig {
  return parseProbeConfig(overrides);
}

export function testRules(allowedCidrs: string[] = []): TargetRules {
  return { sectors: DEFAULT_SECTORS, guard: createAddressGuard(allowedCidrs), groups: [DEFAULT_GROUP, "fast"] };
}

export interface TargetSpec {
  operator: string;
  sector: string;
  url: string;
}

/** Stores targets and returns their ids in input order. */
export async function addTargets(db: Database, specs: readonly TargetSpec[]): Promise<number[]> {
  const results = await upsertTargets(db, specs);
  return results.map((result) => {
    if (!result.ok) throw new Error(`test target rejected: ${JSON.stringify(result.problem)}`);
    return result.id;
  });
}

export interface ResultSpec {
  targetId: number;
  url?: string;
  at: number;
  outcome?: Outcome;
  totalMs?: number;
  address?: string | null;
  statusCode?: number | null;
}

export function probeResult(spec: ResultSpec): ProbeResult {
  const outcome = spec.outcome ?? "ok";
  const url = spec.url ?? `http://t${spec.targetId}.example/`;
  const totalMs = spec.totalMs ?? 100;
  const loaded = outcome === "ok" || outcome === "slow";
  const statusCode = spec.statusCode === undefined && loaded ? 200 : (spec.statusCode ?? null);
  return {
    targetId: String(spec.targetId),
    url,
    startedAt: new Date(spec.at),
    outcome,
    timeoutPhase: outcome === "timeout" ? "headers" : null,
    errorCode: loaded ? null : "TEST",
    errorMessage: null,
    statusCode,
    finalUrl: url,
    redirectCount: 0,
    resolvedAddresses: spec.address ? [spec.address] : [],
    address: spec.address === undefined ? "192.0.2.10" : spec.address,
    timings: { dnsMs: 1.4, connectMs: 2.6, tlsMs: null, firstByteMs: totalMs - 10, totalMs },
    bytesRead: 1234,
    bodyTruncated: false,
    certificateExpiresAt: null,
    hops: [],
  };
}

/** Builds writer records for results in order, carrying each target's health forward. */
export function recordsFor(specs: readonly ResultSpec[], health = new Map<number, HealthSnapshot>()): ResultRecord[] {
  return specs.map((spec) => {
    const result = probeResult(spec);
    const previous = health.get(spec.targetId) ?? initialHealth();
    const update = updateHealth(previous, { at: result.startedAt.toISOString(), outcome: result.outcome, totalMs: result.timings.totalMs });
    health.set(spec.targetId, update.snapshot);
    return { targetId: spec.targetId, result, health: update.snapshot, transition: update.transition };
  });
}
