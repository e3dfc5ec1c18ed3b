// Probe figures of the weekly summary from stored rollups, transitions and
// alerts in a real SQLite file.

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { weekFiguresSource } from "../../src/probe/views/week-figures.ts";
import type { TestDatabase } from "../support/database.ts";
import { addTargets, openProbeDatabase } from "./support/storage.ts";

const WEEK = { start: new Date("2026-11-29T15:00:00Z"), end: new Date("2026-12-06T15:00:00Z") };

let database: TestDatabase;

beforeEach(async () => {
  database = await openProbeDatabase();
});

afterEach(async () => {
  await database.close();
});

async function rollup(targetId: number, bucketStart: Date, probeCount: number, okCount: number, slowCount = 0) {
  await database.db.probeRollup.create({
    data: { resolutionSec: 3600, bucketStartMs: BigInt(bucketStart.getTime()), targetId, probeCount, okCount, slowCount, sumMs: 0 },
  });
}

async function degradedAt(targetId: number, at: Date) {
  await database.db.healthTransition.create({ data: { targetId, at, fromState: "up", toState: "degraded", reason: "failures", evidence: "{}" } });
}

describe("weekFiguresSource", () => {
  it("has no section without targets", async () => {
    expect(await weekFiguresSource({ db: database.db, tlp: "AMBER" })(WEEK)).toBeUndefined();
  });

  it("sums availability and alerts per sector", async () => {
    const [bank, shinkin, power] = await addTargets(database.db, [
      { operator: "例示銀行", sector: "金融", url: "https://bank.example/" },
      { operator: "例示信金", sector: "金融", url: "https://shinkin.example/" },
      { operator: "例示電力", sector: "電力", url: "https://power.example/" },
    ]);
    // Stored before the week, whenever the test runs.
    await database.db.probeTarget.updateMany({ data: { createdAt: new Date("2026-11-01T00:00:00Z") } });
    await rollup(bank!, new Date("2026-12-01T00:00:00Z"), 60, 58, 1);
    await rollup(shinkin!, new Date("2026-12-01T00:00:00Z"), 60, 50);
    // Outside the week: ignored.
    await rollup(power!, new Date("2026-11-29T14:00:00Z"), 60, 0);
    await rollup(power!, new Date("2026-12-02T00:00:00Z"), 60, 60);
    await degradedAt(bank!, new Date("2026-12-01T00:10:00Z"));
    await degradedAt(bank!, new Date("2026-12-01T05:10:00Z"));
    await degradedAt(power!, new Date("2026-12-07T00:00:00Z"));
    await database.db.probeAlert.create({
      data: { kind: "correlated", state: "resolved", rule: "operators", rules: "[]", members: "[]", tlp: "AMBER", openedAt: new Date("2026-12-01T00:20:00Z"), updatedAt: new Date(), lastDegradedAt: new Date() },
    });

    const section = await weekFiguresSource({ db: database.db, tlp: "AMBER" })(WEEK);

    expect(section?.tlp).toBe("AMBER");
    expect(section?.alerts).toBe(2);
    expect(section?.correlatedAlerts).toBe(1);
    expect(section?.sectors).toEqual([
      { sector: "金融", sectorEn: "Finance", targets: 2, alerts: 2, availability: 109 / 120 },
      { sector: "電力", sectorEn: "Electric power", targets: 1, alerts: 0, availability: 1 },
    ]);
  });
});
