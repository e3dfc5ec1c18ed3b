// Kills the real bot process with SIGKILL during a burst of Slack commands
// and deliveries, restarts it on the same database, and checks that every
// command that got a reply has its record and that every channel post
// reached Slack exactly once.
import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startBotProcess } from "../support/bot-process.ts";
import { slashCommandBody } from "../support/slack/payloads.ts";
import { FORM_CONTENT_TYPE, postSigned } from "../support/slack/signing.ts";
import { startSlackApiServer } from "../support/slack/web-api-server.ts";
import { TEST_WORKSPACE } from "../support/slack/workspace.ts";

const SECRET = "sigkill-signing-secret";
const COMMANDS = 40;

const api = await startSlackApiServer({ token: TEST_WORKSPACE.botToken });
let directory: string | undefined;

afterAll(async () => {
  await api.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

function channelPostKeys(): string[] {
  return api
    .callsTo("chat.postMessage")
    .filter((call) => call.outcome.kind === "responded" && call.outcome.ok)
    .map((call) => (call.body.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key)
    .filter((key): key is string => typeof key === "string");
}

describe("SIGKILL during a burst", () => {
  it("loses no acknowledged record and repeats no post", async () => {
    const port = await freePort();
    const options = {
      config: { organizations: [{ id: "isp-a", name: "ISP A", slackTeamIds: [TEST_WORKSPACE.teamId] }], members: [], slack: { channel: TEST_WORKSPACE.channelId } },
      env: { SLACK_BOT_TOKEN: TEST_WORKSPACE.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url, PORT: String(port), HOST: "127.0.0.1" },
      readyMessage: "bot started",
    };
    const first = await startBotProcess(options);
    directory = first.directory;
    const url = `http://127.0.0.1:${port}/slack/events`;

    const sends = Array.from({ length: COMMANDS }, (_, index) =>
      postSigned(url, slashCommandBody({ text: `notice target=kill${index}.example`, response_url: api.responseUrl(`kill-${index}`), trigger_id: `kill-${index}` }), {
        secret: SECRET,
        contentType: FORM_CONTENT_TYPE,
      }).catch(() => undefined),
    );
    // Kill once part of the burst has been answered, while the rest is in flight.
    const deadline = Date.now() + 20_000;
    while (api.callsTo("response_url").length < COMMANDS / 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    first.child.kill("SIGKILL");
    await Promise.all(sends);
    if (first.child.exitCode === null && first.child.signalCode === null) await new Promise((resolve) => first.child.once("exit", resolve));
    const answeredBeforeKill = new Set(api.callsTo("response_url").map((call) => call.responseId));

    const second = await startBotProcess({ ...options, directory: first.directory });
    const drainDeadline = Date.now() + 30_000;
    let pending = Number.POSITIVE_INFINITY;
    while (pending > 0 && Date.now() < drainDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const db = new Database(second.databasePath, { readonly: true });
      pending = (db.prepare(`SELECT COUNT(*) AS n FROM "OutboxPost" WHERE state = 'pending'`).get() as { n: number }).n;
      db.close();
    }
    const db = new Database(second.databasePath, { readonly: true });
    const targets = (db.prepare(`SELECT targets FROM "Notice"`).all() as { targets: string }[]).map((row) => row.targets);
    const rootKeys = (db.prepare(`SELECT key FROM "OutboxPost" WHERE kind IN ('root', 'thread_reply')`).all() as { key: string }[]).map((row) => row.key);
    db.close();
    second.child.kill("SIGTERM");
    await new Promise((resolve) => second.child.once("exit", resolve));

    expect(answeredBeforeKill.size).toBeGreaterThan(0);
    expect(pending).toBe(0);
    for (const responseId of answeredBeforeKill) {
      const index = Number(String(responseId).replace("kill-", ""));
      expect(targets.some((stored) => stored.includes(`kill${index}.example`))).toBe(true);
    }
    const delivered = channelPostKeys();
    const duplicates = delivered.filter((key, index) => delivered.indexOf(key) !== index);
    expect(duplicates).toEqual([]);
    for (const key of rootKeys) expect(delivered).toContain(key);
  }, 90_000);
});
