// Fault injection, unknown endpoints and shutdown, seen through matrix-bot-sdk 0.7.1 and raw HTTP.
import { ConsoleLogger, LogLevel, LogService, MatrixError } from "matrix-bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { startHomeserver, type TestHomeserver } from "../../support/matrix/homeserver.ts";
import { ALICE, BOT_TOKEN, BOT_USER, createClient, registerTestUsers, requestJson, v3 } from "./clients.ts";

let server: TestHomeserver;
let roomId: string;

beforeEach(async () => {
  server = await startHomeserver();
  registerTestUsers(server);
  roomId = server.createRoom({ creator: ALICE, members: [BOT_USER] });
});

afterEach(async () => {
  await server.close();
});

const sendRequests = () => server.requests.filter((record) => record.kind === "send");

describe("fault injection", () => {
  it("429 on send surfaces as MatrixError without retry", async () => {
    server.failNext("send", { errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 1500 });
    const bot = createClient(server);

    const failure = await bot.sendMessage(roomId, { msgtype: "m.text", body: "rate limited" }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MatrixError);
    const matrixError = failure as MatrixError;
    expect(matrixError.statusCode).toBe(429);
    expect(matrixError.errcode).toBe("M_LIMIT_EXCEEDED");
    expect(matrixError.retryAfterMs).toBe(1500);
    expect(matrixError.body).toEqual({ errcode: "M_LIMIT_EXCEEDED", error: "Too many requests", retry_after_ms: 1500 });
    expect(sendRequests().map((record) => record.status)).toEqual([429]);
    expect(server.sentBy(BOT_USER, "m.room.message")).toEqual([]);

    await bot.sendMessage(roomId, { msgtype: "m.text", body: "after the limit" });
    expect(server.sentBy(BOT_USER, "m.room.message")).toHaveLength(1);
  });

  it("429 carries a Retry-After header", async () => {
    server.failNext("whoami", { errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 1500 });

    const response = await requestJson(server, BOT_TOKEN, "GET", v3`/account/whoami`);

    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
  });

  it("500 on send surfaces as MatrixError M_UNKNOWN", async () => {
    server.failNext("send", { status: 500 });
    const bot = createClient(server);

    const failure = await bot.sendMessage(roomId, { msgtype: "m.text", body: "x" }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MatrixError);
    expect((failure as MatrixError).statusCode).toBe(500);
    expect((failure as MatrixError).errcode).toBe("M_UNKNOWN");
    expect(sendRequests()).toHaveLength(1);
  });

  it("non-JSON 502 rejects with the raw response", async () => {
    server.failNext("send", { status: 502, body: "Bad Gateway" });
    const bot = createClient(server);

    const failure: any = await bot.sendMessage(roomId, { msgtype: "m.text", body: "x" }).catch((error: unknown) => error);

    // matrix-bot-sdk 0.7.1 (lib/http.js) throws the response object itself when the body has no errcode.
    expect(failure).not.toBeInstanceOf(Error);
    expect(failure.statusCode).toBe(502);
    expect(failure.body).toBe("Bad Gateway");
    expect(sendRequests()).toHaveLength(1);
  });

  it("failed sync is not retried at once", async () => {
    server.failNext("sync", { errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 100 });
    const bot = createClient(server);
    const messages: string[] = [];
    const record = (...parts: unknown[]) => messages.push(parts.map(String).join(" "));
    LogService.setLogger({ trace: record, debug: record, info: record, warn: record, error: record });
    LogService.setLevel(LogLevel.INFO);

    try {
      await bot.start();
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      bot.stop();
      LogService.setLogger(new ConsoleLogger());
      LogService.setLevel(LogLevel.ERROR);
    }

    // matrix-bot-sdk 0.7.1 ignores retry_after_ms on sync and backs off 5 to 15 s after any sync error.
    expect(server.requests.filter((request) => request.kind === "sync").map((request) => request.status)).toEqual([429]);
    const backoff = messages.map((message) => /Backing off for ([\d.]+)ms/.exec(message)).find(Boolean);
    expect(Number(backoff?.[1])).toBeGreaterThanOrEqual(5000);
    expect(Number(backoff?.[1])).toBeLessThanOrEqual(15000);
  });

  it("faults queue in order per kind", async () => {
    server.failNext("sync", { status: 502 });
    server.failNext("sync", { errcode: "M_LIMIT_EXCEEDED" });
    expect(server.pendingFaults("sync")).toBe(2);

    const whoami = await requestJson(server, BOT_TOKEN, "GET", v3`/account/whoami`);
    const first = await requestJson(server, BOT_TOKEN, "GET", v3`/sync`);
    const second = await requestJson(server, BOT_TOKEN, "GET", v3`/sync`);
    const third = await requestJson(server, BOT_TOKEN, "GET", v3`/sync`);

    expect(whoami.status).toBe(200);
    expect(first.status).toBe(502);
    expect(first.body).toEqual({ errcode: "M_UNKNOWN", error: "Bad Gateway" });
    expect(second.status).toBe(429);
    expect(second.body.errcode).toBe("M_LIMIT_EXCEEDED");
    expect(third.status).toBe(200);
    expect(server.pendingFaults("sync")).toBe(0);
  });

  it("bad token does not consume a fault", async () => {
    server.failNext("whoami", { status: 500 });

    const rejected = await requestJson(server, "wrong-token", "GET", v3`/account/whoami`);
    const missing = await requestJson(server, undefined, "GET", v3`/account/whoami`);

    expect(rejected.status).toBe(401);
    expect(rejected.body.errcode).toBe("M_UNKNOWN_TOKEN");
    expect(missing.status).toBe(401);
    expect(missing.body.errcode).toBe("M_MISSING_TOKEN");
    expect(server.pendingFaults("whoami")).toBe(1);
  });

  it("hangNext delays the response", async () => {
    server.hangNext("whoami", 300);
    const startedAt = Date.now();

    const response = await requestJson(server, BOT_TOKEN, "GET", v3`/account/whoami`);

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    expect(response.body).toEqual({ user_id: BOT_USER, is_guest: false });
  });

  it("hung send is stored after client timeout", async () => {
    server.hangNext("send", 200);
    const bot = createClient(server);
    const path = v3`/rooms/${roomId}/send/m.room.message/retry-1`;
    const content = { msgtype: "m.text", body: "slow" };

    const timedOut = await bot.doRequest("PUT", path, null, content, 50).catch((error: unknown) => error);
    const stored = await server.waitForEvent((event) => event.sender === BOT_USER && event.type === "m.room.message");
    const retried = await bot.doRequest("PUT", path, null, content);

    expect((timedOut as NodeJS.ErrnoException).code).toMatch(/TIMEDOUT/);
    expect(retried.event_id).toBe(stored.event_id);
    expect(server.sentBy(BOT_USER, "m.room.message")).toHaveLength(1);
  });
});

describe("unrecognized requests", () => {
  it("unknown endpoint returns M_UNRECOGNIZED", async () => {
    const response = await requestJson(server, BOT_TOKEN, "GET", v3`/rooms/${roomId}/messages`);

    expect(response.status).toBe(404);
    expect(response.body.errcode).toBe("M_UNRECOGNIZED");
    expect(server.unrecognizedRequests()).toEqual([
      expect.objectContaining({ method: "GET", path: v3`/rooms/${roomId}/messages`, status: 404 }),
    ]);
  });

  it("wrong method returns 405", async () => {
    const response = await requestJson(server, BOT_TOKEN, "POST", v3`/joined_rooms`, {});

    expect(response.status).toBe(405);
    expect(response.body.errcode).toBe("M_UNRECOGNIZED");
    expect(server.unrecognizedRequests()).toHaveLength(1);
  });

  it("access_token query value is not recorded", async () => {
    const response = await requestJson(server, undefined, "GET", `${v3`/account/whoami`}?access_token=${BOT_TOKEN}`);

    expect(response.body.user_id).toBe(BOT_USER);
    expect(server.requests[0]!.query).toEqual({ access_token: "<redacted>" });
  });
});

describe("close", () => {
  it("ends a pending long-poll", async () => {
    const initial = await requestJson(server, BOT_TOKEN, "GET", v3`/sync`);
    const startedAt = Date.now();

    const poll = requestJson(server, BOT_TOKEN, "GET", `${v3`/sync`}?timeout=30000&since=${initial.body.next_batch}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    const response = await poll;

    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(response.status).toBe(200);
    expect(response.body.rooms.join).toEqual({});
  });

  it("drops a hung request", async () => {
    server.hangNext("whoami", 10_000);
    const startedAt = Date.now();

    const pending = requestJson(server, BOT_TOKEN, "GET", v3`/account/whoami`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    const failure = await pending;

    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(failure).toBeInstanceOf(TypeError);
    expect(server.requests[0]!.status).toBeUndefined();
  });
});
