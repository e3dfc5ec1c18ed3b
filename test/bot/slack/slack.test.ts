import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postSigned, FORM_CONTENT_TYPE, signSlackRequest } from "../../support/slack/signing.ts";
import { slashCommandBody } from "../../support/slack/payloads.ts";
import { TEST_WORKSPACE } from "../../support/slack/workspace.ts";
import { eventually, OTHER_TEAM, OTHER_USER, SIGNING_SECRET, startSlackHarness, type SlackHarness } from "./harness.ts";

let slack: SlackHarness;

beforeAll(async () => {
  slack = await startSlackHarness();
});

afterAll(async () => {
  await slack?.close();
});

beforeEach(() => {
  slack.api.reset();
});

const okCalls = (method: string) => slack.api.callsTo(method).filter((call) => call.outcome.kind === "responded" && call.outcome.ok);
const textOf = (call: { body: Record<string, unknown> } | undefined) => String(call?.body.text ?? "");

async function openIncident(text = "notice target=example.co.jp attacker=\"Anon JP\""): Promise<number> {
  const before = await slack.bot.db.incident.count();
  await slack.command(text);
  return eventually(async () => {
    const latest = await slack.bot.db.incident.findFirst({ orderBy: { id: "desc" } });
    return latest && (await slack.bot.db.incident.count()) > before ? latest.id : undefined;
  }, 5_000, "incident");
}

describe("request signatures", () => {
  it("rejects a forged signature", async () => {
    const body = slashCommandBody({ text: "notice target=forged.example", response_url: slack.api.responseUrl() });

    const response = await postSigned(slack.url, body, { secret: "wrong-secret", contentType: FORM_CONTENT_TYPE });

    expect(response.status).toBe(401);
    expect(await slack.bot.db.notice.count({ where: { targets: { contains: "forged.example" } } })).toBe(0);
  });

  it("rejects a stale timestamp", async () => {
    const body = slashCommandBody({ text: "notice target=stale.example", response_url: slack.api.responseUrl() });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;

    const response = await postSigned(slack.url, body, { secret: SIGNING_SECRET, contentType: FORM_CONTENT_TYPE, timestamp: sixMinutesAgo });

    expect(response.status).toBe(401);
    expect(await slack.bot.db.notice.count({ where: { targets: { contains: "stale.example" } } })).toBe(0);
  });

  it("rejects a missing signature", async () => {
    const body = slashCommandBody({ text: "notice target=unsigned.example", response_url: slack.api.responseUrl() });

    const response = await fetch(slack.url, { method: "POST", headers: { "content-type": FORM_CONTENT_TYPE }, body });

    expect(response.status).toBe(401);
    expect(await slack.bot.db.notice.count({ where: { targets: { contains: "unsigned.example" } } })).toBe(0);
  });
});

describe("slash command", () => {
  it("stores the record and replies", async () => {
    const response = await slack.command("notice target=<http://example.co.jp|example.co.jp> attacker=\"Anon JP\" 年末に予告", { responseId: "notice-1" });

    expect(response.status).toBe(200);
    const [reply] = await slack.api.waitForCalls("response_url", 1);
    expect(textOf(reply)).toMatch(/^\[TLP:AMBER\] 事案 #\d+ を作成しました。/);
    const notice = await slack.bot.db.notice.findFirst({ where: { targets: { contains: "example.co.jp" } }, orderBy: { id: "desc" } });
    expect(notice?.org).toBe("isp-a");
    expect(notice?.platform).toBe("slack");
    expect(notice?.text).toBe("年末に予告");
  });

  it("posts a root message and thread reply", async () => {
    const incident = await openIncident("notice target=thread.example");

    const root = await eventually(() => okCalls("chat.postMessage").find((call) => !call.body.thread_ts && textOf(call).includes(`事案 #${incident} `)), 5_000, "root");
    const rootTs = root.outcome.kind === "responded" ? (root.outcome.response as { ts: string }).ts : undefined;
    const replies = await eventually(() => {
      const calls = okCalls("chat.postMessage").filter((call) => call.body.thread_ts === rootTs);
      return calls.length > 0 ? calls : undefined;
    });

    expect(root?.body.channel).toBe(TEST_WORKSPACE.channelId);
    expect(textOf(root)).toContain(`事案 #${incident}`);
    expect(textOf(root).startsWith("[TLP:AMBER]")).toBe(true);
    expect(JSON.stringify(root.body.blocks)).toContain("dos_open_detect");
    expect(textOf(replies[0])).toContain("予知 N");
  });

  it("ignores a retried delivery", async () => {
    const before = await slack.bot.db.notice.count();

    await slack.command("notice target=retry.example", { triggerId: "trigger-retry-1", responseId: "retry" });
    await slack.command("notice target=retry.example", { triggerId: "trigger-retry-1", responseId: "retry" });
    await slack.api.waitForCalls("response_url", 1);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await slack.bot.db.notice.count()).toBe(before + 1);
    expect(slack.api.callsTo("response_url").filter((call) => call.responseId === "retry")).toHaveLength(1);
  });

  it("answers a bad value with an example", async () => {
    const before = await slack.bot.db.mitigation.count();

    await slack.command("mitigate #1 action=teleport");
    const [reply] = await slack.api.waitForCalls("response_url", 1);

    expect(textOf(reply)).toContain("teleport");
    expect(textOf(reply)).toContain("action=rtbh");
    expect(await slack.bot.db.mitigation.count()).toBe(before);
  });

  it("tells unknown users how to register", async () => {
    await slack.command("notice target=stranger.example", { userId: "U0STRANGER", teamId: "T0UNKNOWN1" });

    const [reply] = await slack.api.waitForCalls("response_url", 1);

    expect(textOf(reply)).toContain("登録");
    expect(await slack.bot.db.notice.count({ where: { targets: { contains: "stranger.example" } } })).toBe(0);
  });

  it("acknowledges while the database is locked", async () => {
    const blocker = new Database(slack.databasePath);
    blocker.exec("BEGIN IMMEDIATE");
    try {
      const started = performance.now();
      const response = await slack.command("notice target=locked.example");
      const elapsed = performance.now() - started;

      expect(response.status).toBe(200);
      expect(elapsed).toBeLessThan(1_000);
    } finally {
      setTimeout(() => {
        blocker.exec("COMMIT");
        blocker.close();
      }, 1_500);
    }
    await eventually(() => slack.bot.db.notice.findFirst({ where: { targets: { contains: "locked.example" } } }).then((row) => row ?? undefined), 15_000, "notice after unlock");
  });
});

describe("modal", () => {
  it("opens, rejects, then submits", async () => {
    await slack.command("notice");
    const [opened] = await slack.api.waitForCalls("views.open", 1);
    const view = opened?.body.view as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe("dos_modal_notice");
    expect(view.blocks.map((block) => block.block_id)).toContain("target");

    const submission = (target: string, viewId: string) => ({
      type: "view_submission",
      team: { id: TEST_WORKSPACE.teamId, domain: TEST_WORKSPACE.teamDomain },
      user: { id: TEST_WORKSPACE.userId, team_id: TEST_WORKSPACE.teamId, name: "alice" },
      api_app_id: TEST_WORKSPACE.appId,
      token: TEST_WORKSPACE.verificationToken,
      trigger_id: "trigger-modal",
      view: {
        id: viewId,
        hash: `${viewId}-hash`,
        type: "modal",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        team_id: TEST_WORKSPACE.teamId,
        state: { values: { target: { value: { type: "plain_text_input", value: target } }, text: { value: { type: "plain_text_input", value: "モーダルから\n2行目" } } } },
      },
    });

    const invalid = await slack.interact(submission("not a target!", "V0INVALID1"));
    expect(invalid.status).toBe(200);
    const errors = JSON.parse(invalid.text) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe("errors");
    expect(errors.errors.target).toContain("not");

    const valid = await slack.interact(submission("modal.example", "V0VALID001"));
    expect(valid.status).toBe(200);
    const notice = await eventually(() => slack.bot.db.notice.findFirst({ where: { targets: { contains: "modal.example" } } }).then((row) => row ?? undefined));
    expect(notice.text).toBe("モーダルから\n2行目");
  });
});

describe("buttons and threads", () => {
  it("records a button click by the clicker's org", async () => {
    const incident = await openIncident("notice target=button.example");
    const payload = {
      type: "block_actions",
      team: { id: OTHER_TEAM, domain: "other" },
      user: { id: OTHER_USER, team_id: OTHER_TEAM, name: "bob" },
      api_app_id: TEST_WORKSPACE.appId,
      token: TEST_WORKSPACE.verificationToken,
      trigger_id: "trigger-button",
      container: { type: "message", message_ts: "1700000000.000100", channel_id: TEST_WORKSPACE.channelId, is_ephemeral: false },
      channel: { id: TEST_WORKSPACE.channelId, name: TEST_WORKSPACE.channelName },
      message: { type: "message", ts: "1700000000.000100", thread_ts: "1700000000.000001", text: "x" },
      response_url: slack.api.responseUrl(),
      actions: [{ type: "button", action_id: "dos_run_not_affected", block_id: "b", value: `detect #${incident} observed=no`, action_ts: "1700000001.000200", text: { type: "plain_text", text: "影響なし" } }],
    };

    const response = await slack.interact(payload);
    await slack.interact(payload);

    expect(response.status).toBe(200);
    const detection = await eventually(() => slack.bot.db.detection.findFirst({ where: { incidentId: incident, org: "isp-b" } }).then((row) => row ?? undefined));
    expect(detection.observed).toBe(false);
    expect(detection.user).toBe(OTHER_USER);
    const ephemeral = await eventually(() => okCalls("chat.postEphemeral").find((call) => call.body.user === OTHER_USER && textOf(call).includes(`事案 #${incident} `)), 5_000, "ephemeral reply");
    expect(ephemeral.body.thread_ts).toBe("1700000000.000001");
    expect(await slack.bot.db.detection.count({ where: { incidentId: incident, org: "isp-b" } })).toBe(1);
  });

  it("takes the incident from a mention's thread", async () => {
    const incident = await openIncident("notice target=mention.example");
    const rootTs = await eventually(() => slack.bot.db.incidentThread.findFirst({ where: { incidentId: incident } }).then((row) => row?.rootRemoteId));
    const mention = {
      type: "app_mention",
      user: OTHER_USER,
      user_team: OTHER_TEAM,
      text: `<@${TEST_WORKSPACE.botUserId}> detect vector=syn bps=2G`,
      ts: "1700000002.000300",
      thread_ts: rootTs,
      channel: TEST_WORKSPACE.channelId,
      event_ts: "1700000002.000300",
    };

    await slack.event(mention, "Ev0MENTION1");
    await slack.event(mention, "Ev0MENTION1");

    const detection = await eventually(() => slack.bot.db.detection.findFirst({ where: { incidentId: incident, org: "isp-b" } }).then((row) => row ?? undefined));
    expect(detection.peakBps).toBe(2e9);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await slack.bot.db.detection.count({ where: { incidentId: incident } })).toBe(1);
  });
});

describe("delivery", () => {
  it("retries a post after 429", async () => {
    slack.api.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();

    const incident = await openIncident("notice target=ratelimit.example");
    const root = await eventually(() => okCalls("chat.postMessage").find((call) => textOf(call).includes(`事案 #${incident}`)), 10_000, "root after 429");

    expect(root.at - started).toBeGreaterThanOrEqual(1_000);
    const attempts = slack.api.callsTo("chat.postMessage").filter((call) => textOf(call).includes(`事案 #${incident} `));
    expect(attempts.filter((call) => call.outcome.kind === "responded" && call.outcome.status === 429)).toHaveLength(1);
    expect(okCalls("chat.postMessage").filter((call) => !call.body.thread_ts && textOf(call).includes(`事案 #${incident} `))).toHaveLength(1);
  });

  it("shows a console record in the thread", async () => {
    const incident = await openIncident("notice target=console.example");
    await eventually(() => slack.bot.db.incidentThread.findFirst({ where: { incidentId: incident } }).then((row) => row ?? undefined));
    const consoleActor = slack.bot.directory.actor("isp-c", "carol", "console");

    await slack.bot.handler.handle(`mitigate #${incident} action=flowspec prefix=198.51.100.0/24`, consoleActor, "ja");
    slack.bot.delivery.wake();

    const reply = await eventually(() => okCalls("chat.postMessage").find((call) => call.body.thread_ts && textOf(call).includes("isp-c の対処")), 5_000, "thread reply");
    const edit = await eventually(() => okCalls("chat.update").find((call) => textOf(call).includes(`事案 #${incident} `) && JSON.stringify(call.body.blocks).includes("対処中")), 5_000, "root edit");
    expect(JSON.stringify(reply.body.blocks)).toContain("FlowSpec");
    expect(JSON.stringify(reply.body.blocks)).toContain("console");
    expect(edit.body.ts).toBe((await slack.bot.db.incidentThread.findFirstOrThrow({ where: { incidentId: incident } })).rootRemoteId);
  });
});

describe("signing helper", () => {
  it("produces Slack's v0 signature format", () => {
    const headers = signSlackRequest(SIGNING_SECRET, "a=b", 1_700_000_000);

    expect(headers["X-Slack-Signature"]).toMatch(/^v0=[0-9a-f]{64}$/);
  });
});

describe("interrupted sends", () => {
  it("does not repeat a post Slack already has", async () => {
    const incident = await openIncident("notice target=interrupted.example");
    const root = await eventually(() => slack.bot.db.outboxPost.findFirst({ where: { kind: "root", incidentId: incident, state: "sent" } }).then((row) => row ?? undefined));
    const postsBefore = okCalls("chat.postMessage").filter((call) => JSON.stringify(call.body.metadata ?? {}).includes(root.key)).length;
    // As if the process had stopped after Slack accepted the post but before the outbox recorded it.
    await slack.bot.db.outboxPost.update({ where: { id: root.id }, data: { state: "pending", sentAt: null, inFlightSince: new Date() } });

    slack.bot.delivery.wake();
    const confirmed = await eventually(() => slack.bot.db.outboxPost.findFirst({ where: { id: root.id, state: "sent" } }).then((row) => row ?? undefined));

    expect(confirmed.remoteId).toBe(root.remoteId);
    expect(confirmed.inFlightSince).toBeNull();
    expect(okCalls("chat.postMessage").filter((call) => JSON.stringify(call.body.metadata ?? {}).includes(root.key)).length).toBe(postsBefore);
    expect(slack.api.callsTo("conversations.history").length).toBeGreaterThan(0);
  });

  it("sends an interrupted post Slack never got", async () => {
    const incident = await openIncident("notice target=lost.example");
    await eventually(() => slack.bot.db.outboxPost.findFirst({ where: { kind: "root", incidentId: incident, state: "sent" } }).then((row) => row ?? undefined));
    const key = `broadcast:test-lost:${incident}`;
    await slack.bot.db.outboxPost.create({
      data: { destination: `slack:${TEST_WORKSPACE.channelId}`, key, kind: "thread_reply", incidentId: incident, entryId: (await slack.bot.db.timelineEntry.findFirstOrThrow({ where: { incidentId: incident, kind: "notice_posted" } })).id, inFlightSince: new Date() },
    });

    slack.bot.delivery.wake();
    const sent = await eventually(() => slack.bot.db.outboxPost.findFirst({ where: { key, state: "sent" } }).then((row) => row ?? undefined));

    expect(sent.remoteId).toBeTruthy();
    expect(okCalls("chat.postMessage").filter((call) => JSON.stringify(call.body.metadata ?? {}).includes(key))).toHaveLength(1);
  });
});
