import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { opsRegistry } from "../../src/ops/metrics.ts";
import { startProbing, type ProbingService } from "../../src/probe/service.ts";
import type { TestDatabase } from "../support/database.ts";
import { recordingLogger } from "./support/results.ts";
import { closedPort, mapResolver, recordingConnection, startHttpServer, type TestServer } from "./support/servers.ts";
import { addTargets, openProbeDatabase, testConfig } from "./support/storage.ts";

let database: TestDatabase;
const servers: TestServer[] = [];
let service: ProbingService | null = null;

beforeEach(async () => {
  database = await openProbeDatabase();
});

afterEach(async () => {
  await service?.stop();
  service = null;
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await database.close();
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("probe service", () => {
  test("rounds store results and transitions", async () => {
    const healthy = await startHttpServer((_request, response) => response.end("<p>営業中</p>"));
    const failing = await startHttpServer((_request, response) => {
      response.statusCode = 503;
      response.end("maintenance");
    });
    servers.push(healthy, failing);
    const refusedPort = await closedPort();
    const [healthyId, failingId, refusedId] = await addTargets(database.db, [
      { operator: "Healthy", sector: "金融", url: `http://healthy.test:${healthy.port}/` },
      { operator: "Failing", sector: "電力", url: `http://failing.test:${failing.port}/` },
      { operator: "Refused", sector: "鉄道", url: `http://refused.test:${refusedPort}/` },
    ]);
    const connections = recordingConnection();
    const logger = recordingLogger();

    service = await startProbing({
      db: database.db,
      logger,
      config: testConfig({
        enabled: true,
        intervalSeconds: 1,
        spreadRatio: 0,
        timeoutMs: 2000,
        allowedCidrs: ["127.0.0.1/32"],
        health: { degradeAfter: 2, recoverAfter: 2 },
        writer: { batchSize: 10, flushIntervalMs: 50 },
      }),
      probeOptions: {
        resolveHost: mapResolver({ "healthy.test": "127.0.0.1", "failing.test": "127.0.0.1", "refused.test": "127.0.0.1" }),
        createConnection: connections,
      },
    });
    await waitFor(async () => (await database.db.healthTransition.count()) >= 3, 15_000);
    await service.stop();
    service = null;

    const states = await database.db.targetHealth.findMany({ orderBy: { targetId: "asc" } });
    expect(states.map((row) => [row.targetId, row.state, row.lastOutcome])).toEqual([
      [healthyId, "up", "ok"],
      [failingId, "degraded", "http_error"],
      [refusedId, "degraded", "connection_refused"],
    ]);
    const transitions = await database.db.healthTransition.findMany({ orderBy: [{ targetId: "asc" }, { at: "asc" }] });
    expect(transitions.slice(0, 3).map((row) => [row.targetId, row.fromState, row.toState, row.reason])).toEqual([
      [healthyId, "unknown", "up", "recovered"],
      [failingId, "unknown", "degraded", "failures"],
      [refusedId, "unknown", "degraded", "failures"],
    ]);

    const counts = await database.db.$queryRawUnsafe<Array<{ targetId: number; n: bigint; statuses: string }>>(
      `SELECT "targetId", COUNT(*) AS n, GROUP_CONCAT(DISTINCT "statusCode") AS statuses FROM "ProbeResult" GROUP BY "targetId" ORDER BY "targetId"`,
    );
    expect(counts.map((row) => row.targetId)).toEqual([healthyId, failingId, refusedId]);
    for (const row of counts) expect(Number(row.n)).toBeGreaterThanOrEqual(2);
    expect(counts.map((row) => row.statuses)).toEqual(["200", "503", null]);

    expect(new Set(connections.hosts)).toEqual(new Set(["127.0.0.1"]));
    expect(healthy.requests.length).toBeGreaterThanOrEqual(2);
    expect(logger.calls.filter((call) => call.message === "Probe target health changed")).toHaveLength(transitions.length);

    const metrics = await opsRegistry.metrics();
    expect(metrics).toMatch(/dosbot_probe_results_total\{outcome="http_error",sector="電力"\} [1-9]/);
    expect(metrics).toMatch(/dosbot_probe_results_total\{outcome="ok",sector="金融"\} [1-9]/);
    expect(metrics).toMatch(/dosbot_probe_duration_seconds_count\{phase="total"\} [1-9]/);
    expect(metrics).toMatch(/dosbot_probe_round_lag_seconds [0-9]/);
  });

  test("removed target not probed", async () => {
    const server = await startHttpServer((_request, response) => response.end("ok"));
    servers.push(server);
    const [keptId, removedId] = await addTargets(database.db, [
      { operator: "Kept", sector: "金融", url: `http://kept.test:${server.port}/` },
      { operator: "Removed", sector: "金融", url: `http://removed.test:${server.port}/` },
    ]);
    await database.db.probeTarget.update({ where: { id: removedId! }, data: { removedAt: new Date(), enabled: false } });

    service = await startProbing({
      db: database.db,
      logger: recordingLogger(),
      config: testConfig({ enabled: true, intervalSeconds: 60, spreadRatio: 0, allowedCidrs: ["127.0.0.1/32"] }),
      probeOptions: {
        resolveHost: mapResolver({ "kept.test": "127.0.0.1", "removed.test": "127.0.0.1" }),
        createConnection: recordingConnection(),
      },
    });
    const tick = await service.runTick();
    await service.stop();
    service = null;

    expect(tick.started).toBe(true);
    expect(tick.started ? tick.summary.targetCount : null).toBe(1);
    expect(server.requests.map((request) => request.host)).toEqual([`kept.test:${server.port}`]);
    const stored = await database.db.$queryRawUnsafe<Array<{ targetId: number }>>(`SELECT "targetId" FROM "ProbeResult"`);
    expect(stored).toEqual([{ targetId: keptId }]);
  });

  test("disabled config starts nothing", async () => {
    const logger = recordingLogger();

    service = await startProbing({ db: database.db, logger, config: testConfig() });

    expect(service.scheduler).toBeNull();
    expect(await service.runTick()).toEqual({ started: false, reason: "stopped" });
    expect(logger.calls.map((call) => call.message)).toEqual(["Homepage probing is disabled because probe.enabled is false"]);
    expect(await database.db.sector.count()).toBe(14);
  });
});
