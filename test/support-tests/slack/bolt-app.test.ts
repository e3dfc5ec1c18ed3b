// Runs a real Bolt App against the local Web API server, sending it signed
// requests, to check that the test support speaks the same protocol as Bolt.

import type { AddressInfo } from "node:net";

import { App, LogLevel } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  eventBody,
  FORM_CONTENT_TYPE,
  interactionBody,
  JSON_CONTENT_TYPE,
  postSigned,
  slashCommandBody,
} from "../../support/slack/signing.ts";
import { startSlackApiServer, type SlackApiServer } from "../../support/slack/web-api-server.ts";
import { TEST_WORKSPACE } from "../../support/slack/workspace.ts";

const SECRET = "bolt-test-signing-secret";

let api: SlackApiServer;
let app: App;
let eventsUrl: string;
let authTestCallsAtStart: number;

beforeAll(async () => {
  api = await startSlackApiServer();
  app = new App({
    signingSecret: SECRET,
    token: TEST_WORKSPACE.botToken,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: api.url, retryConfig: { retries: 0 } },
  });

  app.command("/dos", async ({ ack, command, say, respond }) => {
    await ack();
    await say({ text: `received ${command.text}`, blocks: [{ type: "section", text: { type: "mrkdwn", text: command.text } }] });
    await respond({ text: "done", response_type: "ephemeral" });
  });
  app.action("approve", async ({ ack, body, client }) => {
    await ack();
    if (body.type === "block_actions" && body.channel && body.message) {
      await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: "approved" });
    }
  });
  app.event("app_mention", async ({ event, say }) => {
    await say({ text: "on it", thread_ts: event.ts });
  });

  const httpServer = await app.start({ port: 0, host: "127.0.0.1" });
  eventsUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/slack/events`;
  authTestCallsAtStart = (await api.waitForCalls("auth.test", 1, 5_000)).length;
});

afterAll(async () => {
  await app?.stop();
  await api?.close();
});

beforeEach(() => {
  api.reset();
});

describe("Bolt app against the local servers", () => {
  it("verifies its token with auth.test", () => {
    expect(authTestCallsAtStart).toBeGreaterThanOrEqual(1);
  });

  it("slash command reaches say and respond", async () => {
    const body = slashCommandBody({ text: "status", response_url: api.responseUrl("cmd-1") });

    const response = await postSigned(eventsUrl, body, { secret: SECRET, contentType: FORM_CONTENT_TYPE });
    const [posted] = await api.waitForCalls("chat.postMessage", 1, 5_000);
    const [responded] = await api.waitForCalls("response_url", 1, 5_000);

    expect(response.status).toBe(200);
    expect(posted?.body.channel).toBe(TEST_WORKSPACE.channelId);
    expect(posted?.body.text).toBe("received status");
    expect(posted?.body.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: "status" } }]);
    expect(posted?.token).toBe(TEST_WORKSPACE.botToken);
    expect(posted?.outcome).toMatchObject({ kind: "responded", ok: true });
    expect(responded?.responseId).toBe("cmd-1");
    expect(responded?.body).toEqual({ text: "done", response_type: "ephemeral" });
  });

  it("rejects a bad signature", async () => {
    const body = slashCommandBody({ text: "status", response_url: api.responseUrl() });

    const response = await postSigned(eventsUrl, body, { secret: "wrong-secret", contentType: FORM_CONTENT_TYPE });

    expect(response.status).toBe(401);
    expect(api.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("block action reaches chat.update", async () => {
    const payload = {
      type: "block_actions",
      team: { id: TEST_WORKSPACE.teamId, domain: TEST_WORKSPACE.teamDomain },
      user: { id: TEST_WORKSPACE.userId, username: TEST_WORKSPACE.userName, team_id: TEST_WORKSPACE.teamId },
      api_app_id: TEST_WORKSPACE.appId,
      token: TEST_WORKSPACE.verificationToken,
      container: { type: "message", message_ts: "1733300000.000100", channel_id: TEST_WORKSPACE.channelId },
      trigger_id: "1.2.abc",
      channel: { id: TEST_WORKSPACE.channelId, name: TEST_WORKSPACE.channelName },
      message: { type: "message", ts: "1733300000.000100", text: "approve?" },
      response_url: api.responseUrl(),
      actions: [
        { type: "button", action_id: "approve", block_id: "b1", value: "yes", action_ts: "1733300001.000000", text: { type: "plain_text", text: "Approve" } },
      ],
    };

    const response = await postSigned(eventsUrl, interactionBody(payload), { secret: SECRET, contentType: FORM_CONTENT_TYPE });
    const [updated] = await api.waitForCalls("chat.update", 1, 5_000);

    expect(response.status).toBe(200);
    expect(updated?.body).toMatchObject({ channel: TEST_WORKSPACE.channelId, ts: "1733300000.000100", text: "approved" });
  });

  it("event reaches say in a thread", async () => {
    const event = {
      type: "app_mention",
      user: TEST_WORKSPACE.userId,
      text: `<@${TEST_WORKSPACE.botUserId}> help`,
      ts: "1733300000.000200",
      channel: TEST_WORKSPACE.channelId,
      event_ts: "1733300000.000200",
    };

    const response = await postSigned(eventsUrl, eventBody(event), { secret: SECRET, contentType: JSON_CONTENT_TYPE });
    const [posted] = await api.waitForCalls("chat.postMessage", 1, 5_000);

    expect(response.status).toBe(200);
    expect(posted?.body).toMatchObject({ channel: TEST_WORKSPACE.channelId, text: "on it", thread_ts: "1733300000.000200" });
  });
});
