// The operations server over real HTTP on 127.0.0.1, with a real SQLite file.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOpsServer, type OpsServer } from "../../src/ops/http.ts";
import { recordCommand, recordProbeResult, setMetricsSources } from "../../src/ops/metrics.ts";
import type { PlatformProbe } from "../../src/ops/sources.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { parseExposition, sampleValue } from "./exposition.ts";

const MINUTE_MS = 60_000;

class FakePlatform implements PlatformProbe {
  connected = true;
  constructor(readonly name: string) {}
  isConnected(): boolean {
    return this.connected;
  }
}

let database: TestDatabase;
let server: OpsServer;
const slack = new FakePlatform("slack");
let postCount = 0;

async function insertPendingPost(destination: string, ageMs: number): Promise<void> {
  postCount += 1;
  await database.db.outboxPost.create({
    data: { destination, key: `ops-test-${postCount}`, kind: "thread_reply", createdAt: new Date(Date.now() - ageMs) },
  });
}

async function readyz(): Promise<{ status: number; body: { status: string; failing: string[]; checks: { name: string; ok: boolean; error?: string }[] } }> {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const sources = { db: database.db, platforms: [slack] };
  setMetricsSources(sources);
  server = await startOpsServer({ ...sources, host: "127.0.0.1", port: 0, outboxStuckAfterMs: 10 * MINUTE_MS });
});

afterEach(async () => {
  slack.connected = true;
  await database.db.outboxPost.deleteMany({});
});

afterAll(async () => {
  setMetricsSources(undefined);
  await server.close();
  await database.close();
});

describe("ops server", () => {
  it("listens on 127.0.0.1", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it("healthz answers ok", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });

  it("readyz ready with fresh database", async () => {
    await insertPendingPost("slack:C0TEST0001", 1 * MINUTE_MS);
    const { status, body } = await readyz();
    expect(status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.failing).toEqual([]);
    expect(body.checks.map((check) => check.name)).toEqual(["database", "platform:slack", "outbox"]);
  });

  it("readyz fails for disconnected platform", async () => {
    slack.connected = false;
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.status).toBe("not ready");
    expect(body.failing).toEqual(["platform:slack"]);
    expect(body.checks.find((check) => check.name === "platform:slack")?.error).toBe("disconnected");
  });

  it("readyz fails for stuck outbox post", async () => {
    await insertPendingPost("slack:C0TEST0001", 11 * MINUTE_MS);
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.failing).toEqual(["outbox"]);
    expect(body.checks.find((check) => check.name === "outbox")?.error).toContain("limit of 600 s");
  });

  it("readyz ignores sent old posts", async () => {
    await database.db.outboxPost.create({
      data: { destination: "slack:C0TEST0001", key: "ops-test-sent", kind: "root", state: "sent", createdAt: new Date(Date.now() - 60 * MINUTE_MS) },
    });
    const { status } = await readyz();
    expect(status).toBe(200);
  });

  it("readyz ignores unconfigured platform's posts", async () => {
    await insertPendingPost("matrix:!room:example.org", 60 * MINUTE_MS);
    const { status, body } = await readyz();
    expect(status).toBe(200);
    expect(body.failing).toEqual([]);
  });

  it("readyz names every failing check", async () => {
    slack.connected = false;
    await insertPendingPost("slack:replies", 30 * MINUTE_MS);
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.failing).toEqual(["platform:slack", "outbox"]);
  });

  it("metrics counters move after records", async () => {
    const before = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
    const labels = { subcommand: "notice", outcome: "ok", platform: "slack" };
    const commandsBefore = sampleValue(before, "dosbot_commands_total", labels) ?? 0;

    recordCommand({ subcommand: "notice", outcome: "ok", platform: "slack" });
    recordCommand({ subcommand: "notice", outcome: "ok", platform: "slack" });
    recordProbeResult({ outcome: "timeout", timings: { dnsMs: 12, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 10_000 } }, "金融");

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const after = parseExposition(await response.text());
    expect(sampleValue(after, "dosbot_commands_total", labels)).toBe(commandsBefore + 2);
    expect(sampleValue(after, "dosbot_probe_results_total", { outcome: "timeout", sector: "金融" })).toBe(1);
    expect(sampleValue(after, "dosbot_probe_duration_seconds_count", { phase: "total" })).toBe(1);
    expect(sampleValue(after, "dosbot_probe_duration_seconds_count", { phase: "connect" })).toBeUndefined();
  });

  it("metrics reports outbox from database", async () => {
    await insertPendingPost("slack:C0TEST0001", 5 * MINUTE_MS);
    await insertPendingPost("slack:replies", 1 * MINUTE_MS);
    const exposition = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
    expect(sampleValue(exposition, "dosbot_outbox_depth", { platform: "slack" })).toBe(2);
    const oldest = sampleValue(exposition, "dosbot_outbox_oldest_pending_seconds", { platform: "slack" });
    expect(oldest).toBeGreaterThanOrEqual(299);
    expect(oldest).toBeLessThan(330);
    expect(sampleValue(exposition, "dosbot_platform_connected", { platform: "slack" })).toBe(1);
  });

  it("metrics include default process metrics", async () => {
    const exposition = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
    expect(exposition.types.get("process_cpu_user_seconds_total")).toBe("counter");
    expect(exposition.types.get("nodejs_eventloop_lag_seconds")).toBe("gauge");
  });

  it("unknown path gets 404", async () => {
    const response = await fetch(`${server.url}/slack/events`);
    expect(response.status).toBe(404);
  });

  it("POST gets 405 with Allow", async () => {
    const response = await fetch(`${server.url}/healthz`, { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("ops server database check", () => {
  it("readyz fails when database hangs", async () => {
    // A database whose SELECT 1 never settles, standing in for a locked or wedged SQLite file.
    const hanging = new Proxy(database.db, {
      get: (target, property, receiver) => (property === "$queryRawUnsafe" ? () => new Promise(() => {}) : Reflect.get(target, property, receiver)),
    });
    const local = await startOpsServer({ db: hanging, platforms: [], host: "127.0.0.1", port: 0, databaseTimeoutMs: 100 });
    try {
      const response = await fetch(`${local.url}/readyz`);
      const body = (await response.json()) as { failing: string[]; checks: { name: string; error?: string }[] };
      expect(response.status).toBe(503);
      expect(body.failing).toEqual(["database"]);
      expect(body.checks[0]?.error).toBe("SELECT 1 timed out after 100 ms");
    } finally {
      await local.close();
    }
  });
});
