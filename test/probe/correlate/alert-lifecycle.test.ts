// Alert lifecycle through the real probe service: real HTTP servers on
// loopback addresses, a real SQLite file, rounds run by hand with a clock
// that moves 60 s per round, and restarts of the service on the same file.

import type http from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

import type { Destination } from "../../../src/bot/delivery/types.ts";
import { storeDecision } from "../../../src/probe/correlate/alert-store.ts";
import { startProbing, type ProbingService } from "../../../src/probe/service.ts";
import type { ProbeConfigInput } from "../../../src/probe/config.ts";
import type { TestDatabase } from "../../support/database.ts";
import { recordingLogger } from "../support/results.ts";
import { startHttpServer, type TestServer } from "../support/servers.ts";
import { addTargets, openProbeDatabase, testConfig } from "../support/storage.ts";

type Mode = "ok" | "fail";

interface Site {
  operator: string;
  sector: string;
  host: string;
  mode: Mode;
  server?: TestServer;
}

const DESTINATIONS: Destination[] = [
  { id: "slack:C1", platform: "slack", channel: "C1", locale: "ja", maxTlp: "AMBER" },
  // Not cleared for the alerts' AMBER label, so it must receive nothing.
  { id: "matrix:!green", platform: "matrix", channel: "!green", locale: "en", maxTlp: "GREEN" },
];

let database: TestDatabase;
let service: ProbingService | null = null;
let clock: Date;
let sites: Site[];
let wakes = 0;

function handlerFor(site: Site): (request: http.IncomingMessage, response: http.ServerResponse) => void {
  return (_request, response) => {
    response.statusCode = site.mode === "ok" ? 200 : 503;
    response.end(site.mode);
  };
}

async function startSites(specs: Array<Omit<Site, "mode">>): Promise<Site[]> {
  const started: Site[] = [];
  for (const spec of specs) {
    const site: Site = { ...spec, mode: "ok" };
    site.server = await startHttpServer(handlerFor(site), spec.host);
    started.push(site);
  }
  await addTargets(
    database.db,
    started.map((site) => ({ operator: site.operator, sector: site.sector, url: `http://${site.host}:${site.server!.port}/` })),
  );
  return started;
}

function config(extra: ProbeConfigInput = {}) {
  return testConfig({
    enabled: true,
    intervalSeconds: 60,
    spreadRatio: 0,
    timeoutMs: 1000,
    allowedCidrs: ["127.0.0.0/8"],
    health: { degradeAfter: 2, recoverAfter: 2 },
    writer: { batchSize: 50, flushIntervalMs: 20 },
    ...extra,
  });
}

async function startService(extra: ProbeConfigInput = {}): Promise<ProbingService> {
  service = await startProbing({
    db: database.db,
    logger: recordingLogger(),
    config: config(extra),
    startSchedules: false,
    now: () => clock,
    alerts: { destinations: () => DESTINATIONS, wakeDelivery: () => void wakes++ },
  });
  return service;
}

async function restartService(extra: ProbeConfigInput = {}): Promise<ProbingService> {
  await service?.stop();
  return startService(extra);
}

/** Moves the clock one interval, runs one round and one evaluation. */
async function round() {
  clock = new Date(clock.getTime() + 60_000);
  await service!.runTick();
  return service!.correlator!.evaluate();
}

function setMode(operators: string[], mode: Mode): void {
  for (const site of sites.filter((candidate) => operators.includes(candidate.operator))) site.mode = mode;
}

async function alertPosts() {
  return database.db.outboxPost.findMany({ where: { alertId: { not: null } }, orderBy: { id: "asc" } });
}

beforeEach(async () => {
  database = await openProbeDatabase();
  clock = new Date("2026-12-04T03:00:00Z");
  wakes = 0;
  sites = await startSites([
    { operator: "例示銀行", sector: "金融", host: "127.1.0.1" },
    { operator: "例示電力", sector: "電力", host: "127.2.0.1" },
    { operator: "例示鉄道", sector: "鉄道", host: "127.3.0.1" },
    { operator: "例示ガス", sector: "ガス", host: "127.4.0.1" },
    { operator: "例示水道", sector: "水道", host: "127.5.0.1" },
    { operator: "例示航空", sector: "航空", host: "127.6.0.1" },
    { operator: "共有ホスティングA", sector: "物流", host: "127.7.0.1" },
    { operator: "共有ホスティングB", sector: "化学", host: "127.7.0.2" },
  ]);
});

afterEach(async () => {
  await service?.stop();
  service = null;
  await Promise.all(sites.map((site) => site.server?.close()));
  await database.close();
});

describe("correlated alert lifecycle", () => {
  test("campaign opens, grows, resolves across restarts", async () => {
    await startService();
    expect((await round()).decision).toBe("none");
    expect((await round()).decision).toBe("none");

    setMode(["例示銀行", "例示電力"], "fail");
    await round();
    const twoDown = await round();
    expect(twoDown.evaluation?.operators.map((operator) => operator.operator).sort()).toEqual(["例示銀行", "例示電力"]);
    expect(twoDown.decision).toBe("none");

    setMode(["例示鉄道"], "fail");
    await round();
    const opened = await round();
    expect(opened.decision).toBe("open");
    const alert = await database.db.probeAlert.findFirstOrThrow();
    expect(alert.rule).toBe("operators");
    expect(JSON.parse(alert.members).map((member: { operator: string }) => member.operator).sort()).toEqual(["例示電力", "例示銀行", "例示鉄道"].sort());
    expect((await alertPosts()).map((post) => [post.destination, post.kind])).toEqual([["slack:C1", "alert"]]);
    expect(wakes).toBeGreaterThan(0);

    // After a restart the open alert is neither posted again nor lost.
    await restartService();
    const afterRestart = await round();
    expect(afterRestart.decision).toBe("touch");
    expect(afterRestart.alertId).toBe(alert.id);
    expect(await database.db.probeAlert.count()).toBe(1);
    expect(await alertPosts()).toHaveLength(1);

    setMode(["例示ガス"], "fail");
    await round();
    const grown = await round();
    expect(grown.decision).toBe("update");
    const posts = await alertPosts();
    expect(posts.map((post) => post.kind)).toEqual(["alert", "alert_edit", "alert_note"]);
    expect(JSON.parse(posts[2]!.payload!).payload.change.joined).toEqual(["例示ガス"]);

    setMode(["例示銀行", "例示電力", "例示鉄道", "例示ガス"], "ok");
    await round();
    const recovered = await round();
    expect(recovered.decision).toBe("update");
    await restartService();
    let resolvedAfter = 0;
    for (let minute = 1; minute <= 10; minute += 1) {
      resolvedAfter = minute;
      if ((await round()).decision === "resolve") break;
    }
    // Five minutes after the last evaluation that still saw an operator
    // degraded, which was one round before the recovery was confirmed.
    expect(resolvedAfter).toBe(4);
    const resolved = await database.db.probeAlert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(resolved.state).toBe("resolved");
    const lastNote = (await alertPosts()).at(-1)!;
    expect(JSON.parse(lastNote.payload!).payload.event).toBe("resolved");
    // The recoveries inside the window belong to the resolved episode.
    expect((await round()).decision).toBe("none");

    await restartService();
    expect((await round()).decision).toBe("none");
    expect(await database.db.probeAlert.count()).toBe(1);
  });

  test("single site stays quiet", async () => {
    await startService();
    setMode(["例示銀行"], "fail");
    for (let index = 0; index < 8; index += 1) expect((await round()).decision).toBe("none");
    expect(await database.db.probeAlert.count()).toBe(0);
  });

  test("shared hosting is reported as shared", async () => {
    await startService({ correlation: { minOperators: 3 } });
    await round();
    setMode(["共有ホスティングA", "共有ホスティングB"], "fail");
    await round();
    const report = await round();
    expect(report.decision).toBe("open");
    const alert = await database.db.probeAlert.findFirstOrThrow();
    expect(alert.rule).toBe("shared");
    expect(JSON.parse(alert.rules)).toEqual([{ rule: "shared", network: "127.7.0.0/24", operators: ["共有ホスティングA", "共有ホスティングB"], minimum: 2 }]);
  });

  test("silenced sector leaves the count", async () => {
    await startService();
    await database.db.probeSilence.create({
      data: { scope: "sector", name: "鉄道", startsAt: clock, endsAt: new Date(clock.getTime() + 3_600_000), org: "isac", user: "admin" },
    });
    setMode(["例示銀行", "例示電力", "例示鉄道"], "fail");
    await round();
    const report = await round();
    expect(report.evaluation?.operators.map((operator) => operator.operator).sort()).toEqual(["例示銀行", "例示電力"].sort());
    expect(report.decision).toBe("none");
  });
});

describe("destinations added later", () => {
  test("open alert is posted in full", async () => {
    const context = { db: database.db, destinations: [] as Destination[], tlp: "AMBER" as const };
    const members = [{ operatorId: 1, operator: "例示銀行", sector: "金融", since: clock.toISOString(), joinedAt: clock.toISOString(), recoveredAt: null, network: null, addresses: [], failures: {}, medianMs: null, urls: [] }];
    const opened = await storeDecision(context, null, { kind: "open", rule: "operators", rules: [], members }, clock);
    const change = { joined: [], recovered: ["例示銀行"], degradedAgain: [], ruleFrom: null, ruleTo: null };

    await storeDecision({ ...context, destinations: DESTINATIONS }, opened, { kind: "update", rule: "operators", rules: [], members, change, degradedNow: false }, clock);

    expect((await alertPosts()).map((post) => [post.destination, post.kind])).toEqual([["slack:C1", "alert"]]);
  });

  test("resolved alert is left out", async () => {
    const context = { db: database.db, destinations: [] as Destination[], tlp: "AMBER" as const };
    const opened = await storeDecision(context, null, { kind: "open", rule: "operators", rules: [], members: [] }, clock);

    await storeDecision({ ...context, destinations: DESTINATIONS }, opened, { kind: "resolve", durationMs: 60_000 }, clock);

    expect(await alertPosts()).toEqual([]);
  });
});

describe("canary gate", () => {
  test("lost connectivity warns once, raises nothing", async () => {
    const canarySite: Site = { operator: "canary", sector: "-", host: "127.9.0.1", mode: "ok" };
    canarySite.server = await startHttpServer((_request, response) => {
      if (canarySite.mode === "ok") response.end("ok");
      else response.socket?.destroy();
    }, canarySite.host);
    sites.push(canarySite);
    await startService({ correlation: { canaries: { urls: [`http://127.9.0.1:${canarySite.server.port}/`], timeoutMs: 500 } } });
    expect((await round()).connectivityLost).toBe(false);

    // Everything fails, canary included: the prober's own network is the likely cause.
    setMode(sites.map((site) => site.operator), "fail");
    const reports = [await round(), await round(), await round(), await round()];
    expect(reports.map((report) => report.decision)).toEqual(["gated", "gated", "gated", "gated"]);
    const warnings = await database.db.probeAlert.findMany();
    expect(warnings.map((row) => [row.kind, row.state])).toEqual([["connectivity", "open"]]);
    const states = await database.db.targetHealth.findMany({ select: { state: true } });
    expect(states.every((row) => row.state !== "degraded")).toBe(true);

    setMode(sites.map((site) => site.operator), "ok");
    const restored = await round();
    expect(restored.connectivityLost).toBe(false);
    const after = await database.db.probeAlert.findMany();
    expect(after.map((row) => [row.kind, row.state])).toEqual([["connectivity", "resolved"]]);
    expect((await alertPosts()).map((post) => post.kind)).toEqual(["alert", "alert_edit", "alert_note"]);
  });
});
