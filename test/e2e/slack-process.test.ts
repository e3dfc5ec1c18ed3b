// The real bot process with Slack in HTTP mode: a signed command is stored
// and answered, SIGTERM stops it cleanly, and no secret reaches its log.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startBotProcess, type BotProcess } from "../support/bot-process.ts";
import { slashCommandBody } from "../support/slack/payloads.ts";
import { FORM_CONTENT_TYPE, postSigned } from "../support/slack/signing.ts";
import { startSlackApiServer, type SlackApiServer } from "../support/slack/web-api-server.ts";
import { TEST_WORKSPACE } from "../support/slack/workspace.ts";

const SECRET = "e2e-signing-secret-value";
const BOT_TOKEN = "xoxb-e2e-0000-secret-token";

let api: SlackApiServer;
let bot: BotProcess;
let port: number;
let exitCode: number | null;
let stderr: string;

beforeAll(async () => {
  api = await startSlackApiServer({ token: BOT_TOKEN });
  port = await freePort();
  bot = await startBotProcess({
    config: {
      organizations: [{ id: "isp-a", name: "ISP A", slackTeamIds: [TEST_WORKSPACE.teamId] }],
      members: [],
      slack: { channel: TEST_WORKSPACE.channelId },
    },
    env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "debug" },
    readyMessage: "bot started",
  });

  const body = slashCommandBody({ text: "notice target=process.example", response_url: api.responseUrl("process"), trigger_id: "trigger-process" });
  await postSigned(`http://127.0.0.1:${port}/slack/events`, body, { secret: SECRET, contentType: FORM_CONTENT_TYPE });
  await postSigned(`http://127.0.0.1:${port}/slack/events`, body, { secret: "forged", contentType: FORM_CONTENT_TYPE });
  await api.waitForCalls("response_url", 1, 10_000);
  await api.waitForCalls("chat.postMessage", 2, 10_000);

  const base = `http://127.0.0.1:${port}`;
  health = { status: (await fetch(`${base}/healthz`)).status, ready: (await fetch(`${base}/readyz`)).status, metrics: await (await fetch(`${base}/metrics`)).text() };

  const databasePath = bot.databasePath;
  const db = new Database(databasePath, { readonly: true });
  notices = (db.prepare('SELECT COUNT(*) AS n FROM "Notice"').get() as { n: number }).n;
  db.close();
  stderr = bot.stderr();
  exitCode = await bot.stop();
  stderr = bot.stderr();
}, 60_000);

let notices = 0;
let health: { status: number; ready: number; metrics: string };

afterAll(async () => {
  await api?.close();
});

describe("bot process with Slack", () => {
  it("stores the command once", () => {
    expect(notices).toBe(1);
  });

  it("stops with status 0 on SIGTERM", () => {
    expect(exitCode).toBe(0);
    expect(stderr).toContain('"msg":"stopping"');
  });

  it("serves health, readiness and metrics", () => {
    expect(health.status).toBe(200);
    expect(health.ready).toBe(200);
    expect(health.metrics).toMatch(/dosbot_commands_total\{subcommand="notice",outcome="ok",platform="slack"\} 1/);
    expect(health.metrics).toMatch(/dosbot_records_total\{phase="notice"\} 1/);
    expect(health.metrics).toMatch(/dosbot_outbox_depth\{platform="slack"\} \d/);
  });

  it("logs the version and next summary at start", () => {
    expect(stderr).toMatch(/"version":"\d+\.\d+\.\d+"/);
    expect(stderr).toMatch(/"nextWeeklySummary":"\d{4}-\d{2}-\d{2} 09:00 \+09:00"/);
  });

  it("never logs a secret", () => {
    expect(stderr).not.toContain(SECRET);
    expect(stderr).not.toContain(BOT_TOKEN);
    expect(stderr.length).toBeGreaterThan(0);
  });
});
