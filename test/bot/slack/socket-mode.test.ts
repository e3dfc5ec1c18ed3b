// Socket Mode: the same bot, connected through apps.connections.open and a
// WebSocket instead of signed HTTP requests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../../../src/bot/start.ts";
import { silentLogger } from "../../support/handler.ts";
import { startSocketModeServer, type SocketModeServer } from "../../support/slack/socket-mode-server.ts";
import { startSlackApiServer, type SlackApiServer } from "../../support/slack/web-api-server.ts";
import { TEST_WORKSPACE } from "../../support/slack/workspace.ts";
import { eventually, testConfig } from "./harness.ts";

const APP_TOKEN = "xapp-1-test-app-token";

let api: SlackApiServer;
let socket: SocketModeServer;
let bot: RunningBot;
let directory: string;

beforeAll(async () => {
  socket = await startSocketModeServer();
  api = await startSlackApiServer({ token: [TEST_WORKSPACE.botToken, APP_TOKEN], socketModeUrl: () => socket.url() });
  directory = mkdtempSync(path.join(tmpdir(), "dos-bot-socket-"));
  const config = testConfig(path.join(directory, "socket.db"), api.url);
  config.slackRuntime = { ...config.slackRuntime!, signingSecret: undefined, appToken: APP_TOKEN };
  bot = await startBot(config, silentLogger);
  await socket.connected();
});

afterAll(async () => {
  await bot?.stop();
  await socket?.close();
  await api?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("Slack Socket Mode", () => {
  it("acknowledges and stores a slash command", async () => {
    const { ack, elapsedMs } = await socket.send("slash_commands", {
      token: TEST_WORKSPACE.verificationToken,
      team_id: TEST_WORKSPACE.teamId,
      team_domain: TEST_WORKSPACE.teamDomain,
      channel_id: TEST_WORKSPACE.channelId,
      channel_name: TEST_WORKSPACE.channelName,
      user_id: TEST_WORKSPACE.userId,
      user_name: "alice",
      command: "/dos",
      text: "notice target=socket.example",
      api_app_id: TEST_WORKSPACE.appId,
      is_enterprise_install: "false",
      response_url: api.responseUrl("socket-1"),
      trigger_id: "trigger-socket-1",
    });

    expect(ack.envelope_id).toBeTypeOf("string");
    expect(elapsedMs).toBeLessThan(3_000);
    const notice = await eventually(() => bot.db.notice.findFirst({ where: { targets: { contains: "socket.example" } } }).then((row) => row ?? undefined));
    expect(notice.platform).toBe("slack");
    const [reply] = await api.waitForCalls("response_url", 1);
    expect(String(reply?.body.text)).toContain("事案 #");
  });
});
