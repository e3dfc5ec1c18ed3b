import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { findTarget, listTargets, loadGroupTargets, removeTarget, upsertTargets } from "../../src/probe/targets/target-store.ts";
import type { TestDatabase } from "../support/database.ts";
import { openProbeDatabase } from "./support/storage.ts";

let database: TestDatabase;

beforeEach(async () => {
  database = await openProbeDatabase();
});

afterEach(async () => {
  await database.close();
});

describe("target store", () => {
  test("new operator bound within call", async () => {
    const results = await upsertTargets(database.db, [
      { operator: "A", sector: "金融", url: "https://a1.example/" },
      { operator: "A", sector: "電力", url: "https://a2.example/" },
      { operator: "A", sector: "金融", url: "https://a3.example/" },
    ]);

    expect(results).toEqual([
      { ok: true, id: 1, outcome: "created" },
      { ok: false, problem: { code: "operator_sector_conflict", operator: "A", sector: "金融" } },
      { ok: true, id: 2, outcome: "created" },
    ]);
    expect(await database.db.operator.count()).toBe(1);
  });

  test("repeated URL stored once", async () => {
    const results = await upsertTargets(database.db, [
      { operator: "A", sector: "金融", url: "https://a.example/", keyword: "first" },
      { operator: "A", sector: "金融", url: "https://a.example/", keyword: "second" },
    ]);

    expect(results).toEqual([
      { ok: true, id: 1, outcome: "created" },
      { ok: true, id: 1, outcome: "created" },
    ]);
    expect((await listTargets(database.db)).map((target) => target.keyword)).toEqual(["first"]);
  });

  test("thousands created in chunks", async () => {
    const inputs = Array.from({ length: 1200 }, (_, index) => ({ operator: `Op${index % 700}`, sector: "金融", url: `https://t${index}.example/` }));

    const results = await upsertTargets(database.db, inputs);

    expect(results.filter((result) => result.ok && result.outcome === "created")).toHaveLength(1200);
    expect(new Set(results.map((result) => (result.ok ? result.id : 0))).size).toBe(1200);
    expect(await database.db.operator.count()).toBe(700);
  });

  test("removed target found, not loaded", async () => {
    const [created] = await upsertTargets(database.db, [{ operator: "A", sector: "金融", url: "https://a.example/" }]);
    const id = created!.ok ? created!.id : 0;

    await removeTarget(database.db, id, new Date());

    expect((await findTarget(database.db, "https://A.example"))?.id).toBe(id);
    expect((await findTarget(database.db, String(id)))?.removedAt).not.toBeNull();
    expect(await loadGroupTargets(database.db, "default", ["default"])).toEqual([]);
  });

  test("unknown group falls to default", async () => {
    await upsertTargets(database.db, [
      { operator: "A", sector: "金融", url: "https://a.example/", group: "retired" },
      { operator: "A", sector: "金融", url: "https://b.example/", group: "fast", expectedStatus: "200-299", keyword: "ok" },
    ]);

    const defaults = await loadGroupTargets(database.db, "default", ["default", "fast"]);
    const fast = await loadGroupTargets(database.db, "fast", ["default", "fast"]);

    expect(defaults).toEqual([{ id: "1", url: "https://a.example/" }]);
    expect(fast).toEqual([{ id: "2", url: "https://b.example/", expectedStatus: { min: 200, max: 299 }, keyword: "ok" }]);
  });
});
