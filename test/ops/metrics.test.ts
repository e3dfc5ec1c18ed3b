// The bot's metrics read back from its own registry.
import { register as globalRegistry } from "prom-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import {
  opsRegistry,
  recordCommand,
  recordProbeRound,
  recordStoredRecord,
  setCorrelatedAlertsOpen,
  setMetricsSources,
} from "../../src/ops/metrics.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { parseExposition, sampleValue, type Exposition } from "./exposition.ts";

let database: TestDatabase;

async function scrape(): Promise<Exposition> {
  return parseExposition(await opsRegistry.metrics());
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  setMetricsSources(undefined);
  await database.db.outboxPost.deleteMany({});
});

afterAll(async () => {
  await database.close();
});

describe("bot metrics", () => {
  it("registry is not the global one", async () => {
    expect(opsRegistry).not.toBe(globalRegistry);
    expect(await globalRegistry.metrics()).not.toContain("dosbot_");
  });

  it("records count per phase", async () => {
    for (const subcommand of ["notice", "detect", "detect", "mitigate", "request", "review", "ack", "close", "status"]) recordStoredRecord(subcommand);
    const exposition = await scrape();
    expect(sampleValue(exposition, "dosbot_records_total", { phase: "notice" })).toBe(1);
    expect(sampleValue(exposition, "dosbot_records_total", { phase: "detection" })).toBe(2);
    expect(sampleValue(exposition, "dosbot_records_total", { phase: "mitigation" })).toBe(1);
    expect(sampleValue(exposition, "dosbot_records_total", { phase: "request" })).toBe(1);
    expect(sampleValue(exposition, "dosbot_records_total", { phase: "retrospective" })).toBe(1);
    expect(exposition.samples.filter((sample) => sample.name === "dosbot_records_total")).toHaveLength(5);
  });

  it("odd subcommand label becomes unknown", async () => {
    recordCommand({ subcommand: "通知してください", outcome: "rejected", platform: "console" });
    recordCommand({ subcommand: "", outcome: "rejected", platform: "console" });
    const exposition = await scrape();
    expect(sampleValue(exposition, "dosbot_commands_total", { subcommand: "unknown", outcome: "rejected", platform: "console" })).toBe(2);
  });

  it("round lag is largest group lag", async () => {
    recordProbeRound("default", 75_000, 60);
    recordProbeRound("fast", 12_000, 10);
    expect(sampleValue(await scrape(), "dosbot_probe_round_lag_seconds")).toBe(15);
    recordProbeRound("default", 30_000, 60);
    expect(sampleValue(await scrape(), "dosbot_probe_round_lag_seconds")).toBe(2);
  });

  it("correlated alerts gauge set", async () => {
    setCorrelatedAlertsOpen(4);
    expect(sampleValue(await scrape(), "dosbot_correlated_alerts_open")).toBe(4);
  });

  it("platform gauge follows probes", async () => {
    let matrixConnected = false;
    setMetricsSources({ db: database.db, platforms: [{ name: "slack", isConnected: () => true }, { name: "matrix", isConnected: () => matrixConnected }] });
    let exposition = await scrape();
    expect(sampleValue(exposition, "dosbot_platform_connected", { platform: "slack" })).toBe(1);
    expect(sampleValue(exposition, "dosbot_platform_connected", { platform: "matrix" })).toBe(0);
    matrixConnected = true;
    exposition = await scrape();
    expect(sampleValue(exposition, "dosbot_platform_connected", { platform: "matrix" })).toBe(1);
  });

  it("outbox depth counts pending only", async () => {
    setMetricsSources({ db: database.db, platforms: [{ name: "slack", isConnected: () => true }, { name: "matrix", isConnected: () => true }] });
    await database.db.outboxPost.createMany({
      data: [
        { destination: "slack:C0TEST0001", key: "m1", kind: "root" },
        { destination: "slack:replies", key: "m2", kind: "reply" },
        { destination: "slack:C0TEST0001", key: "m3", kind: "root_edit", state: "sent" },
        { destination: "slack:C0TEST0001", key: "m4", kind: "root_edit", state: "superseded" },
      ],
    });
    const exposition = await scrape();
    expect(sampleValue(exposition, "dosbot_outbox_depth", { platform: "slack" })).toBe(2);
    expect(sampleValue(exposition, "dosbot_outbox_depth", { platform: "matrix" })).toBe(0);
    expect(sampleValue(exposition, "dosbot_outbox_oldest_pending_seconds", { platform: "matrix" })).toBe(0);
  });

  it("outbox gauges empty without sources", async () => {
    const exposition = await scrape();
    expect(exposition.samples.some((sample) => sample.name === "dosbot_outbox_depth")).toBe(false);
    expect(exposition.types.get("dosbot_outbox_depth")).toBe("gauge");
  });

  it("outbox query failure logged once", async () => {
    const warnings: string[] = [];
    const logger = { warn: (_fields: object, message: string) => warnings.push(message), info: () => {} };
    const failing = { outboxPost: { groupBy: () => Promise.reject(new Error("database is locked")) } } as unknown as Database;
    setMetricsSources({ db: failing, platforms: [], logger: logger as never });

    const first = await scrape();
    await scrape();
    expect(first.samples.some((sample) => sample.name === "dosbot_outbox_depth")).toBe(false);
    expect(warnings).toEqual(["reading the outbox for metrics failed"]);
  });
});
