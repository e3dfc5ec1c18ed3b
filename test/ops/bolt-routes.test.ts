// The operations endpoints as Bolt customRoutes on a real Slack HTTP
// receiver, beside the signed /slack/events route, against the local Slack
// Web API server.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opsRoutes } from "../../src/ops/http.ts";
import { recordDeliveryFailure, setMetricsSources } from "../../src/ops/metrics.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { FORM_CONTENT_TYPE, postSigned, slashCommandBody } from "../support/slack/signing.ts";
import { startSlackApiServer, type SlackApiServer } from "../support/slack/web-api-server.ts";
import { TEST_WORKSPACE } from "../support/slack/workspace.ts";
import { parseExposition, sampleValue } from "./exposition.ts";

const SIGNING_SECRET = "ops-routes-signing-secret";

let api: SlackApiServer;
let database: TestDatabase;
let app: App;
let baseUrl: string;
let connected = true;
const commandsSeen: string[] = [];

beforeAll(async () => {
  api = await startSlackApiServer({ token: TEST_WORKSPACE.botToken });
  database = await createTestDatabase();
  const sources = { db: database.db, platforms: [{ name: "slack", isConnected: () => connected }] };
  setMetricsSources(sources);

  app = new App({
    signingSecret: SIGNING_SECRET,
    token: TEST_WORKSPACE.botToken,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: api.url },
    customRoutes: opsRoutes(sources),
  });
  app.command("/dos", async ({ ack, command }) => {
    commandsSeen.push(command.text);
    await ack();
  });
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  setMetricsSources(undefined);
  await app?.stop();
  await api?.close();
  await database?.close();
});

describe("ops routes on Bolt", () => {
  it("healthz answers ok", async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });

  it("readyz follows platform state", async () => {
    connected = true;
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);

    connected = false;
    const notReady = await fetch(`${baseUrl}/readyz`);
    expect(notReady.status).toBe(503);
    expect(((await notReady.json()) as { failing: string[] }).failing).toEqual(["platform:slack"]);
    connected = true;
  });

  it("metrics served in text format", async () => {
    recordDeliveryFailure("slack");
    const response = await fetch(`${baseUrl}/metrics`);
    expect(response.status).toBe(200);
    const exposition = parseExposition(await response.text());
    expect(sampleValue(exposition, "dosbot_outbox_delivery_failures_total", { platform: "slack" })).toBe(1);
    expect(sampleValue(exposition, "dosbot_outbox_depth", { platform: "slack" })).toBe(0);
  });

  it("signed slash command still works", async () => {
    const body = slashCommandBody({ text: "status", response_url: api.responseUrl() });
    const result = await postSigned(`${baseUrl}/slack/events`, body, { secret: SIGNING_SECRET, contentType: FORM_CONTENT_TYPE });
    expect(result.status).toBe(200);
    expect(commandsSeen).toContain("status");
  });

  it("unsigned Slack request still rejected", async () => {
    const response = await fetch(`${baseUrl}/slack/events`, { method: "POST", headers: { "Content-Type": FORM_CONTENT_TYPE }, body: "command=%2Fdos" });
    expect(response.status).toBe(401);
  });
});
