import {
  ErrorCode,
  LogLevel,
  WebClient,
  type WebAPICallError,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
} from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startSlackApiServer, type SlackApiServer } from "../../support/slack/web-api-server.ts";
import { TEST_WORKSPACE } from "../../support/slack/workspace.ts";

let server: SlackApiServer;

beforeAll(async () => {
  server = await startSlackApiServer({
    users: { U0ALICE001: { name: "alice", team_id: "T0PARTNER1" } },
    channels: { C0SHARED01: { name: "isac-shared", is_ext_shared: true } },
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
});

function clientOptions() {
  return {
    slackApiUrl: server.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  };
}

function client(token: string = TEST_WORKSPACE.botToken): WebClient {
  return new WebClient(token, clientOptions());
}

/** Returns the error a promise rejects with, failing the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<WebAPICallError> {
  try {
    await promise;
  } catch (error) {
    return error as WebAPICallError;
  }
  throw new Error("expected the call to reject, but it resolved");
}

/** Asserts that a WebClient call failed with a Slack platform error, and returns Slack's error code. */
function platformErrorCode(error: WebAPICallError): string {
  expect(error.code).toBe(ErrorCode.PlatformError);
  return (error as WebAPIPlatformError).data.error;
}

const BLOCKS = [{ type: "section", text: { type: "mrkdwn", text: "*Attack* on 192.0.2.10" } }];

describe("Slack API server URL", () => {
  it("ends with /api/", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });
});

describe("chat.postMessage", () => {
  it("returns increasing ts values", async () => {
    const first = await client().chat.postMessage({ channel: "C0TEST0001", text: "first" });
    const second = await client().chat.postMessage({ channel: "C0TEST0001", text: "second" });

    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(second.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.channel).toBe("C0TEST0001");
  });

  it("records the call with parsed blocks", async () => {
    const result = await client().chat.postMessage({
      channel: "C0TEST0001",
      text: "attack report",
      blocks: BLOCKS,
      thread_ts: "1733300000.000100",
    });

    const [call] = server.callsTo("chat.postMessage");
    expect(call?.body.blocks).toEqual(BLOCKS);
    expect(call?.body.text).toBe("attack report");
    expect(call?.token).toBe(TEST_WORKSPACE.botToken);
    expect(call?.contentType).toBe("application/x-www-form-urlencoded");
    expect(call?.outcome).toMatchObject({ kind: "responded", status: 200, ok: true, injected: false });
    expect(result.message?.blocks).toEqual(BLOCKS);
    expect(result.message?.thread_ts).toBe("1733300000.000100");
    expect(result.message?.ts).toBe(result.ts);
  });

  it("rejects a message without text or blocks", async () => {
    const error = await rejectionOf(client().chat.postMessage({ channel: "C0TEST0001", text: "" }));

    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(platformErrorCode(error)).toBe("no_text");
  });
});

describe("other Web API methods", () => {
  it("auth.test returns the bot identity", async () => {
    const result = await client().auth.test();

    expect(result).toMatchObject({
      ok: true,
      team_id: TEST_WORKSPACE.teamId,
      user_id: TEST_WORKSPACE.botUserId,
      bot_id: TEST_WORKSPACE.botId,
      is_enterprise_install: false,
    });
    expect(result.url).toBe(`https://${TEST_WORKSPACE.teamDomain}.slack.com/`);
  });

  it("chat.update echoes channel, ts and text", async () => {
    const result = await client().chat.update({ channel: "C0TEST0001", ts: "1733300000.000100", text: "resolved" });

    expect(result).toMatchObject({ ok: true, channel: "C0TEST0001", ts: "1733300000.000100", text: "resolved" });
  });

  it("chat.postEphemeral returns a message_ts", async () => {
    const result = await client().chat.postEphemeral({ channel: "C0TEST0001", user: "U0ALICE001", text: "only you" });

    expect(result.message_ts).toMatch(/^\d{10}\.\d{6}$/);
  });

  it("views.open, push and update return views", async () => {
    const view = { type: "modal" as const, title: { type: "plain_text" as const, text: "Report" }, blocks: [] };

    const opened = await client().views.open({ trigger_id: "1.2.abc", view });
    const pushed = await client().views.push({ trigger_id: "1.2.def", view });
    const updated = await client().views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view });

    expect(opened.view?.id).toMatch(/^V\w+$/);
    expect(opened.view?.hash).toEqual(expect.any(String));
    expect(pushed.view?.id).not.toBe(opened.view?.id);
    expect(updated.view?.id).toBe(opened.view?.id);
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(server.callsTo("views.open")[0]?.body.view).toEqual(view);
  });

  it("views.update rejects a stale hash", async () => {
    const view = { type: "modal" as const, title: { type: "plain_text" as const, text: "Report" }, blocks: [] };
    const opened = await client().views.open({ trigger_id: "1.2.abc", view });
    await client().views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view });

    const error = await rejectionOf(client().views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view }));

    expect(platformErrorCode(error)).toBe("hash_conflict");
  });

  it("conversations.info reports shared channels", async () => {
    const shared = await client().conversations.info({ channel: "C0SHARED01" });
    const missing = await rejectionOf(client().conversations.info({ channel: "C0UNKNOWN1" }));

    expect(shared.channel).toMatchObject({ id: "C0SHARED01", is_ext_shared: true });
    expect(platformErrorCode(missing)).toBe("channel_not_found");
  });

  it("users.info returns configured users", async () => {
    const alice = await client().users.info({ user: "U0ALICE001" });
    const missing = await rejectionOf(client().users.info({ user: "U0UNKNOWN1" }));

    expect(alice.user).toMatchObject({ id: "U0ALICE001", team_id: "T0PARTNER1", name: "alice" });
    expect(platformErrorCode(missing)).toBe("user_not_found");
  });

  it("unknown method returns unknown_method", async () => {
    const error = await rejectionOf(client().apiCall("incidents.create", { name: "x" }));

    expect(platformErrorCode(error)).toBe("unknown_method");
  });
});

describe("token checks", () => {
  it("wrong token returns invalid_auth", async () => {
    const error = await rejectionOf(client("xoxb-wrong").auth.test());

    expect(platformErrorCode(error)).toBe("invalid_auth");
    expect(server.callsTo("auth.test")[0]?.token).toBe("xoxb-wrong");
  });

  it("missing token returns not_authed", async () => {
    const error = await rejectionOf(new WebClient(undefined, clientOptions()).auth.test());

    expect(platformErrorCode(error)).toBe("not_authed");
  });

  it("JSON body needs the Authorization header", async () => {
    const body = JSON.stringify({ channel: "C0TEST0001", text: "json", blocks: BLOCKS });
    const withHeader = await fetch(`${server.url}chat.postMessage`, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", Authorization: `Bearer ${TEST_WORKSPACE.botToken}` },
      body,
    });
    const tokenInBody = await fetch(`${server.url}chat.postMessage`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: TEST_WORKSPACE.botToken, channel: "C0TEST0001", text: "json" }),
    });

    expect(withHeader.status).toBe(200);
    expect(await withHeader.json()).toMatchObject({ ok: true, channel: "C0TEST0001" });
    expect(await tokenInBody.json()).toEqual({ ok: false, error: "not_authed" });
    expect(server.callsTo("chat.postMessage")[0]?.body.blocks).toEqual(BLOCKS);
  });

  it("form body may carry the token", async () => {
    const response = await fetch(`${server.url}auth.test`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: TEST_WORKSPACE.botToken }).toString(),
    });

    expect(await response.json()).toMatchObject({ ok: true });
  });
});

describe("fault injection", () => {
  it("429 surfaces as a rate-limited error", async () => {
    server.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 7 });

    const error = await rejectionOf(client().chat.postMessage({ channel: "C0TEST0001", text: "x" }));
    const retried = await client().chat.postMessage({ channel: "C0TEST0001", text: "x" });

    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(retried.ok).toBe(true);
    const [failed, succeeded] = server.callsTo("chat.postMessage");
    expect(failed?.outcome).toMatchObject({ kind: "responded", status: 429, ok: false, error: "ratelimited", injected: true });
    expect(succeeded?.outcome).toMatchObject({ kind: "responded", status: 200, ok: true });
  });

  it("429 sends Retry-After and the ratelimited body", async () => {
    server.failNext("auth.test", { status: 429, retryAfterSeconds: 3 });

    const response = await fetch(`${server.url}auth.test`, { method: "POST" });

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.json()).toEqual({ ok: false, error: "ratelimited" });
  });

  it("500 surfaces as an HTTP error", async () => {
    server.failNext("chat.update", { status: 500 });

    const error = await rejectionOf(client().chat.update({ channel: "C0TEST0001", ts: "1733300000.000100", text: "x" }));

    expect(error.code).toBe(ErrorCode.HTTPError);
    expect((error as WebAPIHTTPError).statusCode).toBe(500);
    expect(server.callsTo("chat.update")[0]?.outcome).toMatchObject({ kind: "responded", status: 500, injected: true });
  });

  it("error fault returns ok false with HTTP 200", async () => {
    server.failNext("chat.postMessage", { error: "channel_not_found" });

    const error = await rejectionOf(client().chat.postMessage({ channel: "C0TEST0001", text: "x" }));

    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(platformErrorCode(error)).toBe("channel_not_found");
    expect(server.callsTo("chat.postMessage")[0]?.outcome).toMatchObject({ status: 200, error: "channel_not_found" });
  });

  it("faults apply in the order queued", async () => {
    server.failNext("auth.test", { error: "first_fault" });
    server.failNext("auth.test", { error: "second_fault" });

    const first = await rejectionOf(client().auth.test());
    const second = await rejectionOf(client().auth.test());
    const third = await client().auth.test();

    expect(platformErrorCode(first)).toBe("first_fault");
    expect(platformErrorCode(second)).toBe("second_fault");
    expect(third.ok).toBe(true);
  });

  it("faults apply only to their method", async () => {
    server.failNext("chat.update", { status: 500 });

    const result = await client().chat.postMessage({ channel: "C0TEST0001", text: "x" });

    expect(result.ok).toBe(true);
  });

  it("hangNext delays the response", async () => {
    server.hangNext("chat.postMessage", 300);

    const started = performance.now();
    const result = await client().chat.postMessage({ channel: "C0TEST0001", text: "slow" });
    const elapsedMs = performance.now() - started;

    expect(result.ok).toBe(true);
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(server.callsTo("chat.postMessage")[0]?.delayMs).toBe(300);
  });

  it("hung call is visible while pending", async () => {
    server.hangNext("auth.test", 300);

    const pending = client().auth.test();
    const [call] = await server.waitForCalls("auth.test", 1, 1_000);

    expect(call?.outcome.kind).toBe("pending");
    await pending;
    expect(call?.outcome.kind).toBe("responded");
  });

  it("WebClient timeout aborts a hung call", async () => {
    server.hangNext("auth.test", 5_000);
    const impatient = new WebClient(TEST_WORKSPACE.botToken, {
      slackApiUrl: server.url,
      retryConfig: { retries: 0 },
      timeout: 200,
      logLevel: LogLevel.ERROR,
    });

    const error = await rejectionOf(impatient.auth.test());

    expect(error.code).toBe(ErrorCode.RequestError);
    await expect.poll(() => server.callsTo("auth.test")[0]?.outcome.kind).toBe("aborted");
  });

  it("failNext rejects status 200", () => {
    expect(() => server.failNext("auth.test", { status: 200 })).toThrow(/invalid fault status 200/);
  });
});

describe("waitForCalls", () => {
  it("resolves when enough calls arrived", async () => {
    const posting = Promise.all([
      client().chat.postMessage({ channel: "C0TEST0001", text: "a" }),
      client().chat.postMessage({ channel: "C0TEST0001", text: "b" }),
    ]);

    const calls = await server.waitForCalls("chat.postMessage", 2, 2_000);
    await posting;

    expect(calls).toHaveLength(2);
  });

  it("timeout lists the calls received", async () => {
    await client().auth.test();

    const waiting = server.waitForCalls("chat.postMessage", 1, 50);

    await expect(waiting).rejects.toThrow(/timed out after 50 ms waiting for 1 call\(s\) to chat\.postMessage, received 0/);
    await expect(waiting).rejects.toThrow(/auth\.test \(HTTP 200 ok\)/);
  });
});

describe("response URLs", () => {
  it("records JSON posts", async () => {
    const url = server.responseUrl("cmd-1");

    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: "ack", response_type: "ephemeral" }),
    });
    const [call] = await server.waitForCalls("response_url", 1, 1_000);

    expect(url).toBe(`${server.origin}/response/cmd-1`);
    expect(response.status).toBe(200);
    expect(call?.responseId).toBe("cmd-1");
    expect(call?.body).toEqual({ text: "ack", response_type: "ephemeral" });
  });

  it("returns a new URL for each call without an id", () => {
    expect(server.responseUrl()).not.toBe(server.responseUrl());
  });

  it("rejects a form-encoded post", async () => {
    const response = await fetch(server.responseUrl(), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "text=hello",
    });

    expect(response.status).toBe(400);
  });

  it("failNext applies to response URLs", async () => {
    server.failNext("response_url", { status: 404 });

    const response = await fetch(server.responseUrl(), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: "late" }),
    });

    expect(response.status).toBe(404);
  });
});

describe("close", () => {
  it("destroys hung sockets", async () => {
    const own = await startSlackApiServer();
    own.hangNext("auth.test", 60_000);
    const hung = new WebClient(TEST_WORKSPACE.botToken, {
      slackApiUrl: own.url,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    }).auth.test();
    const hungError = rejectionOf(hung);
    await own.waitForCalls("auth.test", 1, 1_000);

    const started = performance.now();
    await own.close();
    const error = await hungError;

    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe(ErrorCode.RequestError);
    expect(own.callsTo("auth.test")[0]?.outcome.kind).toBe("aborted");
  });

  it("second close resolves", async () => {
    const own = await startSlackApiServer();
    await own.close();

    await expect(own.close()).resolves.toBeUndefined();
  });
});
