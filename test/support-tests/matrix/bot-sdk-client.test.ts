// Drives the test homeserver with the real MatrixClient of matrix-bot-sdk 0.7.1.
import { MatrixClient, MatrixError } from "matrix-bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { startHomeserver, type TestHomeserver } from "../../support/matrix/homeserver.ts";
import {
  ALICE,
  BOT_USER,
  createClient,
  nextClientEvent,
  registerTestUsers,
  waitForLongPoll,
} from "./clients.ts";

let server: TestHomeserver;
let client: MatrixClient | undefined;

beforeEach(async () => {
  server = await startHomeserver();
  registerTestUsers(server);
});

afterEach(async () => {
  client?.stop();
  client = undefined;
  await server.close();
});

/** Creates and starts a bot client, and waits until the server has responded to its first sync. */
async function startBot(): Promise<MatrixClient> {
  client = createClient(server);
  await client.start();
  await waitForLongPoll(server);
  return client;
}

describe("MatrixClient against the test homeserver", () => {
  it("start runs the SDK start sequence", async () => {
    await startBot();

    const kinds = server.requests.map((record) => record.kind);
    expect(kinds.slice(0, 4)).toEqual(["whoami", "account_data", "joined_rooms", "sync"]);
    expect(server.requests[1]!.path).toBe("/_matrix/client/v3/user/%40bot%3Alocalhost/account_data/m.direct");
    expect(server.requests[1]!.status).toBe(404);
    expect(server.requests[3]!.query.since).toBeUndefined();
    expect(server.requests[4]!.query.since).toMatch(/^s\d+_\d+$/);
    expect(server.requests[4]!.query.timeout).toBe("30000");
    expect(server.unrecognizedRequests()).toEqual([]);
  });

  it("room.message receives an injected event", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER] });
    const bot = await startBot();

    const received = nextClientEvent(bot, "room.message", (_roomId, event) => event.content?.body === "hello bot");
    const startedAt = Date.now();
    const eventId = server.injectEvent(roomId, ALICE, "m.room.message", { msgtype: "m.text", body: "hello bot" });
    const [receivedRoomId, event] = await received;

    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(receivedRoomId).toBe(roomId);
    expect(event.event_id).toBe(eventId);
    expect(event.sender).toBe(ALICE);
    expect(event.content).toEqual({ msgtype: "m.text", body: "hello bot" });
    expect(typeof event.origin_server_ts).toBe("number");
  });

  it("initial sync delivers earlier messages", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER], name: "Ops" });
    server.injectEvent(roomId, ALICE, "m.room.message", { msgtype: "m.text", body: "before start" });

    client = createClient(server);
    const received = nextClientEvent(client, "room.message");
    await client.start();
    const [, event] = await received;

    expect(event.content.body).toBe("before start");
  });

  it("sendMessage stores the event and syncs it back", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER] });
    const bot = await startBot();

    const echoed = nextClientEvent(bot, "room.message", (_roomId, event) => event.sender === BOT_USER);
    const eventId = await bot.sendMessage(roomId, { msgtype: "m.notice", body: "incident opened" });
    const [, echo] = await echoed;

    const stored = server.sentBy(BOT_USER, "m.room.message");
    expect(stored).toHaveLength(1);
    expect(stored[0]!.event_id).toBe(eventId);
    expect(stored[0]!.content).toEqual({ msgtype: "m.notice", body: "incident opened" });
    expect(echo.event_id).toBe(eventId);
    expect(echo.unsigned.transaction_id).toMatch(/__inc\d+$/);
  });

  it("repeated transaction ID stores one event", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER] });
    const bot = createClient(server);
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/txn-1`;
    const content = { msgtype: "m.text", body: "only once" };

    const first = await bot.doRequest("PUT", path, null, content);
    const second = await bot.doRequest("PUT", path, null, content);

    expect(second.event_id).toBe(first.event_id);
    expect(server.sentBy(BOT_USER, "m.room.message")).toHaveLength(1);
    expect(server.requests.filter((record) => record.kind === "send").map((record) => record.status)).toEqual([200, 200]);
  });

  it("room.invite fires and joinRoom joins", async () => {
    const roomId = server.createRoom({ creator: ALICE, name: "War room" });
    const bot = await startBot();

    const invited = nextClientEvent(bot, "room.invite");
    server.invite(roomId, BOT_USER, ALICE);
    const [invitedRoomId, inviteEvent] = await invited;
    expect(invitedRoomId).toBe(roomId);
    expect(inviteEvent.sender).toBe(ALICE);
    expect(inviteEvent.content.membership).toBe("invite");

    const joined = nextClientEvent(bot, "room.join");
    const joinedRoomId = await bot.joinRoom(roomId);
    const [joinEventRoomId] = await joined;

    expect(joinedRoomId).toBe(roomId);
    expect(joinEventRoomId).toBe(roomId);
    expect(server.membership(roomId, BOT_USER)).toBe("join");
    expect(await bot.getJoinedRooms()).toEqual([roomId]);
  });

  it("joinRoom without invite is forbidden", async () => {
    const roomId = server.createRoom({ creator: ALICE });
    const bot = createClient(server);

    const failure = await bot.joinRoom(roomId).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MatrixError);
    expect((failure as MatrixError).errcode).toBe("M_FORBIDDEN");
    expect((failure as MatrixError).statusCode).toBe(403);
  });

  it("room.leave fires when the bot is kicked", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER] });
    const bot = await startBot();

    const left = nextClientEvent(bot, "room.leave");
    server.kick(roomId, BOT_USER, ALICE, "done");
    const [leftRoomId, leaveEvent] = await left;

    expect(leftRoomId).toBe(roomId);
    expect(leaveEvent.content).toEqual({ membership: "leave", reason: "done" });
  });

  it("relations return a thread child", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER] });
    const rootId = server.injectEvent(roomId, ALICE, "m.room.message", { msgtype: "m.text", body: "root" });
    const childId = server.injectEvent(roomId, ALICE, "m.room.message", {
      msgtype: "m.text",
      body: "in thread",
      "m.relates_to": { rel_type: "m.thread", event_id: rootId, is_falling_back: true, "m.in_reply_to": { event_id: rootId } },
    });
    const editId = server.injectEvent(roomId, ALICE, "m.room.message", {
      msgtype: "m.text",
      body: "* root edited",
      "m.new_content": { msgtype: "m.text", body: "root edited" },
      "m.relates_to": { rel_type: "m.replace", event_id: rootId },
    });
    server.injectEvent(roomId, ALICE, "m.room.message", {
      msgtype: "m.text",
      body: "plain reply",
      "m.relates_to": { "m.in_reply_to": { event_id: rootId } },
    });
    const bot = createClient(server);

    const threads = await bot.getRelationsForEvent(roomId, rootId, "m.thread");
    const all = await bot.getRelationsForEvent(roomId, rootId);
    const typed = await bot.getRelationsForEvent(roomId, rootId, "m.replace", "m.room.message");

    expect(threads.chunk.map((event) => event.event_id)).toEqual([childId]);
    expect(all.chunk.map((event) => event.event_id)).toEqual([editId, childId]);
    expect(typed.chunk.map((event) => event.event_id)).toEqual([editId]);
  });

  it("state events round trip", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER], encrypted: true });
    const bot = createClient(server);

    const eventId = await bot.sendStateEvent(roomId, "m.room.topic", "", { topic: "DDoS on AS64500" });
    const topic = await bot.getRoomStateEvent(roomId, "m.room.topic", "");
    const encryption = await bot.getRoomStateEvent(roomId, "m.room.encryption", "");
    const missing = await bot.getRoomStateEvent(roomId, "m.room.avatar", "").catch((error: unknown) => error);
    const state = await bot.getRoomState(roomId);
    const event = await bot.getEvent(roomId, eventId);

    expect(topic).toEqual({ topic: "DDoS on AS64500" });
    expect(encryption).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect((missing as MatrixError).errcode).toBe("M_NOT_FOUND");
    expect((missing as MatrixError).statusCode).toBe(404);
    expect(state.map((stateEvent) => stateEvent.type)).toContain("m.room.topic");
    expect(event.content).toEqual({ topic: "DDoS on AS64500" });
  });

  it("profile, whoami and versions respond", async () => {
    const bot = createClient(server);

    expect(await bot.getUserId()).toBe(BOT_USER);
    expect(await bot.getUserProfile(BOT_USER)).toEqual({ displayname: "Test Bot" });
    expect((await bot.getServerVersions()).versions).toContain("v1.6");
  });

  it("wrong token makes start fail", async () => {
    client = createClient(server, "wrong-token");

    const failure = await client.start().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MatrixError);
    expect((failure as MatrixError).errcode).toBe("M_UNKNOWN_TOKEN");
    expect((failure as MatrixError).statusCode).toBe(401);
    // DMs.update() in start() swallows the failed whoami, so the error comes from joined_rooms.
    const attempts = server.requests.map((record) => [record.kind, record.status]);
    expect(attempts).toEqual([
      ["whoami", 401],
      ["joined_rooms", 401],
    ]);
  });
});
