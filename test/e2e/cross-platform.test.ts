// One incident, one story: a bot with both Slack and Matrix configured
// shows a record made on Slack in the Matrix thread, and the other way round.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../../src/bot/start.ts";
import { eventually, testConfig } from "../bot/slack/harness.ts";
import { silentLogger } from "../support/handler.ts";
import { startHomeserver, type TestHomeserver } from "../support/matrix/homeserver.ts";
import { slashCommandBody } from "../support/slack/payloads.ts";
import { FORM_CONTENT_TYPE, postSigned } from "../support/slack/signing.ts";
import { startSlackApiServer, type SlackApiServer } from "../support/slack/web-api-server.ts";
import { TEST_WORKSPACE } from "../support/slack/workspace.ts";
import type { SlackAdapter } from "../../src/bot/slack/adapter.ts";
import type { AddressInfo } from "node:net";

const BOT = "@dosbot:isac.example";
const BOT_TOKEN = "matrix-cross-platform-token";
const MATRIX_MEMBER = "@noc:isp-c.example";
const SIGNING_SECRET = "slack-test-signing-secret";

let api: SlackApiServer;
let homeserver: TestHomeserver;
let bot: RunningBot;
let directory: string;
let room: string;
let slackUrl: string;

beforeAll(async () => {
  api = await startSlackApiServer({ token: TEST_WORKSPACE.botToken });
  homeserver = await startHomeserver({ serverName: "isac.example" });
  homeserver.registerUser(BOT, BOT_TOKEN);
  homeserver.registerUser(MATRIX_MEMBER, "member-token");
  room = homeserver.createRoom({ creator: BOT, members: [BOT, MATRIX_MEMBER], name: "incident" });

  directory = mkdtempSync(path.join(tmpdir(), "dos-bot-cross-"));
  const config = testConfig(path.join(directory, "cross.db"), api.url);
  config.organizations = config.organizations.map((org) => (org.id === "isp-c" ? { ...org, matrixServers: ["isp-c.example"] } : org));
  config.matrix = { room, commandPrefix: "!dos", inviteServers: [], maxTlp: "AMBER" };
  config.matrixRuntime = { homeserverUrl: homeserver.url, accessToken: BOT_TOKEN, room, commandPrefix: "!dos", inviteServers: [], locale: "ja", maxTlp: "AMBER" };
  bot = await startBot(config, silentLogger);
  const slack = bot.platforms.find((platform) => platform.name === "slack") as SlackAdapter;
  slackUrl = `http://127.0.0.1:${(slack.httpServer()!.address() as AddressInfo).port}/slack/events`;
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await homeserver?.close();
  await api?.close();
  rmSync(directory, { recursive: true, force: true });
});

const botMessages = () => homeserver.events(room).filter((event) => event.sender === BOT && event.type === "m.room.message");

describe("Slack and Matrix on one incident", () => {
  it("shows a Slack record in the Matrix thread", async () => {
    const body = slashCommandBody({ text: "notice target=cross.example attacker=\"Anon JP\"", response_url: api.responseUrl(), trigger_id: "cross-1" });
    await postSigned(slackUrl, body, { secret: SIGNING_SECRET, contentType: FORM_CONTENT_TYPE });

    const root = await eventually(() => botMessages().find((event) => String(event.content.body).includes("事案 #1 ") && !event.content["m.relates_to"]), 10_000, "Matrix root");
    const reply = await eventually(
      () => botMessages().find((event) => (event.content["m.relates_to"] as { rel_type?: string; event_id?: string } | undefined)?.rel_type === "m.thread" && String(event.content.body).includes("予知 N1")),
      10_000,
      "Matrix thread reply",
    );

    expect(String(root.content.body).startsWith("[TLP:AMBER]")).toBe(true);
    expect((reply.content["m.relates_to"] as { event_id: string }).event_id).toBe(root.event_id);
  });

  it("shows a Matrix record in the Slack thread", async () => {
    homeserver.injectEvent(room, MATRIX_MEMBER, "m.room.message", { msgtype: "m.text", body: "!dos detect #1 observed=no" });

    const detection = await eventually(() => bot.db.detection.findFirst({ where: { incidentId: 1, org: "isp-c" } }).then((row) => row ?? undefined), 10_000, "detection from Matrix");
    const rootTs = (await bot.db.incidentThread.findFirstOrThrow({ where: { incidentId: 1, destination: `slack:${TEST_WORKSPACE.channelId}` } })).rootRemoteId;
    const slackReply = await eventually(
      () => api.callsTo("chat.postMessage").find((call) => call.body.thread_ts === rootTs && String(call.body.text).includes("isp-c の検知")),
      10_000,
      "Slack thread reply",
    );

    expect(detection.platform).toBe("matrix");
    expect(detection.observed).toBe(false);
    expect(JSON.stringify(slackReply.body.blocks)).toContain("matrix");
  });
});
