// A correlated-degradation alert end to end in Slack. The real bot probes
// real HTTP servers on loopback addresses every second and posts the alert
// to the local Slack Web API server. A click on its button, sent as a signed
// interaction request, declares a detection linked to the alert.

import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { probeConfigSchema } from "../../../src/probe/config.ts";
import { upsertTargets } from "../../../src/probe/targets/target-store.ts";
import { startHttpServer, type TestServer } from "../../probe/support/servers.ts";
import { TEST_WORKSPACE } from "../../support/slack/workspace.ts";
import { eventually, startSlackHarness, type SlackHarness } from "./harness.ts";

interface Site {
  operator: string;
  sector: string;
  host: string;
  failing: boolean;
  server?: TestServer;
}

const SITES: Site[] = [
  { operator: "例示銀行", sector: "金融", host: "127.21.0.1", failing: true },
  { operator: "例示電力", sector: "電力", host: "127.22.0.1", failing: true },
  { operator: "例示鉄道", sector: "鉄道", host: "127.23.0.1", failing: true },
  { operator: "例示水道", sector: "水道", host: "127.24.0.1", failing: false },
];

let slack: SlackHarness;

function handlerFor(site: Site): (request: http.IncomingMessage, response: http.ServerResponse) => void {
  return (_request, response) => {
    response.statusCode = site.failing ? 503 : 200;
    response.end(site.failing ? "down" : "ok");
  };
}

beforeAll(async () => {
  for (const site of SITES) site.server = await startHttpServer(handlerFor(site), site.host);
  slack = await startSlackHarness((config) => ({
    ...config,
    probe: probeConfigSchema.parse({
      enabled: true,
      intervalSeconds: 1,
      spreadRatio: 0,
      timeoutMs: 500,
      allowedCidrs: ["127.0.0.0/8"],
      health: { degradeAfter: 2, recoverAfter: 2 },
      correlation: { evaluateSeconds: 1 },
      writer: { batchSize: 50, flushIntervalMs: 50 },
    }),
  }));
  await upsertTargets(
    slack.bot.db,
    SITES.map((site) => ({ operator: site.operator, sector: site.sector, url: `http://${site.host}:${site.server!.port}/` })),
  );
});

afterAll(async () => {
  await slack?.close();
  await Promise.all(SITES.map((site) => site.server?.close()));
});

const okCalls = (method: string) => slack.api.callsTo(method).filter((call) => call.outcome.kind === "responded" && call.outcome.ok);
const textOf = (call: { body: Record<string, unknown> }) => String(call.body.text ?? "");
const blocksOf = (call: { body: Record<string, unknown> }) => JSON.stringify(call.body.blocks ?? []);

describe("probe alert in Slack", () => {
  it("posts the alert, declares from its button", async () => {
    const alertCall = await eventually(() => okCalls("chat.postMessage").find((call) => textOf(call).includes("同時多発的な応答低下 A")), 15_000, "alert post");
    expect(textOf(alertCall)).toMatch(/^\[TLP:AMBER\] 同時多発的な応答低下 A\d+: 3事業者 \/ 3ネットワーク/);
    expect(blocksOf(alertCall)).toContain("例示銀行");
    expect(blocksOf(alertCall)).not.toContain("例示水道");
    expect(blocksOf(alertCall)).toContain('"action_id":"dos_run_declare_alert"');

    const alert = await eventually(() => slack.bot.db.probeAlert.findFirst({ where: { kind: "correlated" } }).then((row) => row ?? undefined));
    const thread = await eventually(() => slack.bot.db.alertThread.findFirst({ where: { alertId: alert.id } }).then((row) => row ?? undefined));
    const click = (actionTs: string) => ({
      type: "block_actions",
      user: { id: TEST_WORKSPACE.userId, team_id: TEST_WORKSPACE.teamId },
      team: { id: TEST_WORKSPACE.teamId },
      trigger_id: `trigger-${actionTs}`,
      container: { type: "message", message_ts: thread.rootRemoteId, channel_id: TEST_WORKSPACE.channelId, is_ephemeral: false },
      channel: { id: TEST_WORKSPACE.channelId, name: TEST_WORKSPACE.channelName },
      message: { type: "message", ts: thread.rootRemoteId, text: "alert" },
      response_url: slack.api.responseUrl(),
      actions: [{ type: "button", action_id: "dos_run_declare_alert", block_id: "b", value: `probe declare A${alert.id}`, action_ts: actionTs, text: { type: "plain_text", text: "検知を宣言" } }],
    });

    const response = await slack.interact(click("1700000100.000100"));
    expect(response.status).toBe(200);

    const linked = await eventually(() => slack.bot.db.probeAlert.findUnique({ where: { id: alert.id } }).then((row) => (row?.incidentId ? row : undefined)));
    const detection = await slack.bot.db.detection.findFirstOrThrow({ where: { incidentId: linked.incidentId! } });
    expect(detection.org).toBe("isp-a");
    const targets = (JSON.parse(detection.targets) as Array<{ value: string }>).map((target) => target.value).sort();
    expect(targets).toEqual(SITES.filter((site) => site.failing).map((site) => `http://${site.host}:${site.server!.port}/`).sort());

    const edit = await eventually(() => okCalls("chat.update").find((call) => call.body.ts === thread.rootRemoteId && blocksOf(call).includes(`連携した事案: #${linked.incidentId}`)), 5_000, "alert edit");
    expect(blocksOf(edit)).not.toContain("dos_run_declare_alert");
    const note = await eventually(() => okCalls("chat.postMessage").find((call) => call.body.thread_ts === thread.rootRemoteId && textOf(call).includes(`事案 #${linked.incidentId} を開きました`)), 5_000, "alert note");
    expect(note).toBeDefined();

    // A second click on the old button changes nothing and replies with the reason.
    await slack.interact(click("1700000100.000200"));
    const refusal = await eventually(() => okCalls("chat.postEphemeral").find((call) => textOf(call).includes("連携済み")), 5_000, "refusal");
    expect(textOf(refusal)).toContain(`#${linked.incidentId}`);
    expect(await slack.bot.db.detection.count({ where: { incidentId: linked.incidentId! } })).toBe(1);
  });
});
