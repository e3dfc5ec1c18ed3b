import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { DEFAULT_SECTORS } from "../../src/probe/sectors.ts";
import { createResultWriter } from "../../src/probe/storage/result-writer.ts";
import { runRollups } from "../../src/probe/storage/rollup.ts";
import { buildDetail, loadSelectable, resolveSelector } from "../../src/probe/views/detail.ts";
import { buildOverview } from "../../src/probe/views/overview.ts";
import { groupPrefixOf } from "../../src/probe/views/prefix.ts";
import { conditionOf, operatorCondition } from "../../src/probe/views/target-rows.ts";
import { loadWindowStats, planWindow, weightedMedian } from "../../src/probe/views/window-stats.ts";
import type { TestDatabase } from "../support/database.ts";
import { addTargets, openProbeDatabase, recordsFor, type ResultSpec } from "./support/storage.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 11, 1, 3);
const NOW = T0 + 10 * MINUTE;

describe("condition rules", () => {
  test.each([
    [null, null, "unknown"],
    ["unknown", "ok", "unknown"],
    ["up", "timeout", "up"],
    ["degraded", "slow", "degraded"],
    ["degraded", "ok", "degraded"],
    ["degraded", "timeout", "down"],
  ])("state %s with last %s is %s", (state, outcome, condition) => {
    expect(conditionOf(state, outcome)).toBe(condition);
  });

  test.each([
    [["up", "up"], "up"],
    [["down", "down", "unknown"], "down"],
    [["up", "down"], "degraded"],
    [["up", "unknown"], "up"],
    [["unknown", "unknown"], "unknown"],
    [[], "unknown"],
  ] as const)("operator of %j is %s", (conditions, expected) => {
    expect(operatorCondition(conditions)).toBe(expected);
  });
});

describe("window helpers", () => {
  test("weighted median picks middle weight", () => {
    expect(weightedMedian([{ value: 100, weight: 1 }, { value: 300, weight: 5 }, { value: 200, weight: 1 }])).toBe(300);
    expect(weightedMedian([{ value: 100, weight: 2 }, { value: 200, weight: 2 }])).toBe(150);
    expect(weightedMedian([{ value: 100, weight: 0 }])).toBeNull();
  });

  test("hour window uses raw only", () => {
    expect(planWindow("hour", NOW, NOW - MINUTE)).toEqual({ rollups: { start: NOW, end: NOW }, raw: { start: NOW - HOUR, end: NOW } });
  });

  test("day window splits at mark", () => {
    const mark = Date.UTC(2026, 11, 1, 2);
    expect(planWindow("day", NOW, mark)).toEqual({
      rollups: { start: Date.UTC(2026, 10, 30, 3), end: mark },
      raw: { start: mark, end: NOW },
    });
  });

  test("day window without rollups", () => {
    const plan = planWindow("week", NOW, null);
    expect(plan.rollups.start).toBe(plan.rollups.end);
    expect(plan.raw).toEqual({ start: Date.UTC(2026, 10, 24, 3), end: NOW });
  });

  test.each([
    ["192.0.2.77", "192.0.2.0/24"],
    ["::ffff:198.51.100.9", "198.51.100.0/24"],
    ["2001:db8:1234:5678::1", "2001:db8:1234::/48"],
    ["not-an-address", null],
  ])("prefix of %s", (address, prefix) => {
    expect(groupPrefixOf(address)).toBe(prefix);
  });
});

describe("status views", () => {
  let database: TestDatabase;
  let ids: Record<string, number>;

  beforeEach(async () => {
    database = await openProbeDatabase();
    const specs = [
      { key: "bankA1", operator: "BankA", sector: "金融", url: "https://a1.bank.example/" },
      { key: "bankA2", operator: "BankA", sector: "金融", url: "https://a2.bank.example/" },
      { key: "bankB", operator: "BankB", sector: "金融", url: "https://b.bank.example/" },
      { key: "bankC1", operator: "BankC", sector: "金融", url: "https://c1.bank.example/" },
      { key: "bankC2", operator: "BankC", sector: "金融", url: "https://c2.bank.example/" },
      { key: "power", operator: "PowerA", sector: "電力", url: "https://power.example/" },
      { key: "rail", operator: "RailA", sector: "鉄道", url: "https://rail.example/" },
    ];
    const stored = await addTargets(database.db, specs);
    ids = Object.fromEntries(specs.map((spec, index) => [spec.key, stored[index]!]));

    const results: ResultSpec[] = [];
    for (let minute = 0; minute < 3; minute += 1) {
      const at = T0 + minute * MINUTE;
      results.push({ targetId: ids.bankA1!, at, totalMs: 100, address: "192.0.2.10" });
      results.push({ targetId: ids.bankA2!, at, totalMs: 300, address: "192.0.2.10" });
      results.push({ targetId: ids.bankB!, at, outcome: "timeout", totalMs: 10_000, address: "192.0.2.20" });
      results.push({ targetId: ids.bankC1!, at, totalMs: 120, address: "2001:db8:1:2::5" });
      results.push({ targetId: ids.bankC2!, at, outcome: "slow", totalMs: 4000, address: "2001:db8:1:3::5" });
      results.push({ targetId: ids.rail!, at, totalMs: 80, address: "198.51.100.4" });
    }
    const writer = createResultWriter({ databaseFile: database.file });
    for (const record of recordsFor(results)) writer.add(record);
    await writer.close();
  });

  afterEach(async () => {
    await database.close();
  });

  // Sectors come in the order of DEFAULT_SECTORS, where 鉄道 precedes 電力.
  test("sector counts by operator", async () => {
    const overview = await buildOverview(database.db, NOW);

    expect(overview.targets).toBe(7);
    expect(overview.operators).toBe(5);
    expect(overview.sectors).toEqual([
      { sector: "金融", sectorEn: "Finance", operators: { up: 1, degraded: 1, down: 1, unknown: 0 } },
      { sector: "鉄道", sectorEn: "Railways", operators: { up: 1, degraded: 0, down: 0, unknown: 0 } },
      { sector: "電力", sectorEn: "Electric power", operators: { up: 0, degraded: 0, down: 0, unknown: 1 } },
    ]);
  });

  test("connectivity warning makes failures unknown", async () => {
    await database.db.probeAlert.create({
      data: { kind: "connectivity", state: "open", rules: "[]", members: "[]", tlp: "AMBER", openedAt: new Date(T0), updatedAt: new Date(T0), lastDegradedAt: new Date(T0) },
    });

    const overview = await buildOverview(database.db, NOW);

    expect(overview.sectors[0]).toEqual({ sector: "金融", sectorEn: "Finance", operators: { up: 1, degraded: 1, down: 0, unknown: 1 } });
  });

  test("worst operators first", async () => {
    const overview = await buildOverview(database.db, NOW);

    expect(overview.worstOperators.map((summary) => [summary.operator, summary.condition, summary.badTargets])).toEqual([
      ["BankB", "down", 1],
      ["BankC", "degraded", 1],
    ]);
    expect(overview.worstOperators[0]!.lastHour).toEqual({ probes: 3, available: 0, medianMs: null });
    expect(overview.worstOperators[1]!.lastHour).toEqual({ probes: 6, available: 6, medianMs: 2060 });
  });

  test("shared address and prefix groups", async () => {
    const overview = await buildOverview(database.db, NOW);

    expect(overview.sharedAddresses).toEqual([{ key: "192.0.2.10", targets: 2, operators: 1, down: 0, degraded: 0 }]);
    expect(overview.sharedPrefixes).toEqual([
      { key: "192.0.2.0/24", targets: 3, operators: 2, down: 1, degraded: 0 },
      { key: "2001:db8:1::/48", targets: 2, operators: 1, down: 0, degraded: 1 },
    ]);
  });

  test("hour stats from raw rows", async () => {
    const stats = await loadWindowStats(database.db, "hour", NOW, [ids.bankA2!, ids.bankB!]);

    expect(stats.get(ids.bankA2!)).toEqual({ probes: 3, available: 3, medianMs: 300 });
    expect(stats.get(ids.bankB!)).toEqual({ probes: 3, available: 0, medianMs: null });
    expect(stats.has(ids.bankA1!)).toBe(false);
  });

  test("day stats join rollups and raw", async () => {
    await runRollups(database.db, T0 + 2 * HOUR, 30_000);
    const writer = createResultWriter({ databaseFile: database.file });
    for (const record of recordsFor([{ targetId: ids.rail!, at: T0 + 2 * HOUR + MINUTE, totalMs: 500 }])) writer.add(record);
    await writer.close();

    const stats = await loadWindowStats(database.db, "day", T0 + 2 * HOUR + 2 * MINUTE, [ids.rail!]);

    expect(stats.get(ids.rail!)).toEqual({ probes: 4, available: 4, medianMs: 80 });
  });

  test("selectors resolve each kind", () => {
    const operators = ["BankA", "Example Air, Inc."];

    expect(resolveSelector("finance", DEFAULT_SECTORS, operators)).toEqual({ kind: "sector", sector: "金融" });
    expect(resolveSelector("ｂａｎｋａ", DEFAULT_SECTORS, operators)).toEqual({ kind: "operator", operator: "BankA" });
    expect(resolveSelector("https://A1.bank.example", DEFAULT_SECTORS, operators)).toEqual({ kind: "url", url: "https://a1.bank.example/" });
    expect(resolveSelector("192.0.2.10", DEFAULT_SECTORS, operators)).toEqual({ kind: "address", address: "192.0.2.10" });
    expect(resolveSelector("[2001:db8::1]", DEFAULT_SECTORS, operators)).toEqual({ kind: "address", address: "2001:db8::1" });
    expect(resolveSelector("2001:db8:1::/48", DEFAULT_SECTORS, operators)).toEqual({ kind: "prefix", prefix: "2001:db8:1::/48" });
    expect(resolveSelector("nobody", DEFAULT_SECTORS, operators)).toBeNull();
  });

  test("prefix drill-down lists members", async () => {
    const { rows } = await loadSelectable(database.db);

    const detail = await buildDetail(database.db, rows, { kind: "prefix", prefix: "192.0.2.0/24" }, NOW);

    expect(detail.targetCount).toBe(3);
    expect(detail.operators.map((operator) => [operator.operator, operator.condition])).toEqual([
      ["BankB", "down"],
      ["BankA", "up"],
    ]);
    expect(detail.totals.hour).toEqual({ probes: 9, available: 6, medianMs: 200 });
    const bankB = detail.targets[0]!;
    expect(bankB.row.id).toBe(ids.bankB);
    expect(bankB.recent.map((probe) => probe.startedAtMs)).toEqual([T0 + 2 * MINUTE, T0 + MINUTE, T0]);
    expect(bankB.recent[0]).toMatchObject({ outcome: "timeout", totalMs: 10_000, address: "192.0.2.20" });
    expect(bankB.since).toBe(new Date(T0 + 2 * MINUTE).toISOString());
  });
});
