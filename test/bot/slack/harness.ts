// Starts the real bot with Slack in HTTP mode on 127.0.0.1 against the local
// Slack Web API server, with a fresh SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AppConfig } from "../../../src/config.ts";
import { schedulesConfigSchema } from "../../../src/bot/schedules/config.ts";
import { probeConfigSchema } from "../../../src/probe/config.ts";
import type { SlackAdapter } from "../../../src/bot/slack/adapter.ts";
import { startBot, type RunningBot } from "../../../src/bot/start.ts";
import { silentLogger } from "../../support/handler.ts";
import { FORM_CONTENT_TYPE, postSigned, slashCommandBody, interactionBody, eventBody, JSON_CONTENT_TYPE } from "../../support/slack/signing.ts";
import { newTriggerId } from "../../support/slack/payloads.ts";
import { startSlackApiServer, type SlackApiServer } from "../../support/slack/web-api-server.ts";
import { TEST_WORKSPACE } from "../../support/slack/workspace.ts";

export const SIGNING_SECRET = "slack-test-signing-secret";
export const OTHER_TEAM = "T0OTHER001";
export const OTHER_USER = "U0BOB00001";

export interface SlackHarness {
  api: SlackApiServer;
  bot: RunningBot;
  url: string;
  databasePath: string;
  command(text: string, options?: { triggerId?: string; userId?: string; teamId?: string; responseId?: string }): ReturnType<typeof postSigned>;
  interact(payload: object): ReturnType<typeof postSigned>;
  event(event: object, eventId: string): ReturnType<typeof postSigned>;
  close(): Promise<void>;
}

export function testConfig(databasePath: string, apiUrl: string): AppConfig {
  return {
    locale: "ja",
    timeZone: "Asia/Tokyo",
    defaultTlp: "AMBER",
    console: {},
    schedules: schedulesConfigSchema.parse({}),
    probe: probeConfigSchema.parse({}),
    organizations: [
      { id: "isp-a", name: "ISP A", slackTeamIds: [TEST_WORKSPACE.teamId], matrixServers: [] },
      { id: "isp-b", name: "ISP B", slackTeamIds: [OTHER_TEAM], matrixServers: [] },
      { id: "isp-c", name: "ISP C", slackTeamIds: [], matrixServers: [] },
    ],
    members: [
      { org: "isp-a", user: "alice", admin: false, slackUserId: TEST_WORKSPACE.userId },
      { org: "isp-c", user: "carol", admin: false },
    ],
    slack: { channel: TEST_WORKSPACE.channelId, maxTlp: "AMBER" },
    configPath: "test",
    databaseUrl: `file:${databasePath}`,
    slackRuntime: {
      botToken: TEST_WORKSPACE.botToken,
      signingSecret: SIGNING_SECRET,
      apiUrl,
      port: 0,
      host: "127.0.0.1",
      channel: TEST_WORKSPACE.channelId,
      locale: "ja",
      maxTlp: "AMBER",
    },
    consoleEnabled: false,
  };
}

/** Starts the bot; `configure` may change the test config first, for example to switch probing on. */
export async function startSlackHarness(configure: (config: AppConfig) => AppConfig = (config) => config): Promise<SlackHarness> {
  const api = await startSlackApiServer({ token: TEST_WORKSPACE.botToken });
  const directory = mkdtempSync(path.join(tmpdir(), "dos-bot-slack-"));
  const databasePath = path.join(directory, "slack.db");
  const bot = await startBot(configure(testConfig(databasePath, api.url)), silentLogger);
  const adapter = bot.platforms[0] as SlackAdapter;
  const port = (adapter.httpServer()!.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/slack/events`;

  return {
    api,
    bot,
    url,
    databasePath,
    command: (text, options = {}) =>
      postSigned(
        url,
        slashCommandBody({
          text,
          response_url: api.responseUrl(options.responseId),
          trigger_id: options.triggerId ?? newTriggerId(),
          user_id: options.userId ?? TEST_WORKSPACE.userId,
          team_id: options.teamId ?? TEST_WORKSPACE.teamId,
        }),
        { secret: SIGNING_SECRET, contentType: FORM_CONTENT_TYPE },
      ),
    interact: (payload) => postSigned(url, interactionBody(payload), { secret: SIGNING_SECRET, contentType: FORM_CONTENT_TYPE }),
    event: (event, eventId) => postSigned(url, eventBody(event, { event_id: eventId }), { secret: SIGNING_SECRET, contentType: JSON_CONTENT_TYPE }),
    close: async () => {
      await bot.stop();
      await api.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
