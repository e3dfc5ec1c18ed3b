// The sync endpoint over raw HTTP: response shape, long-polling, visibility and membership sections.
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { startHomeserver, type TestHomeserver } from "../../support/matrix/homeserver.ts";
import { ALICE, ALICE_TOKEN, BOT_TOKEN, BOT_USER, registerTestUsers, requestJson, v3 } from "./clients.ts";

let server: TestHomeserver;

beforeEach(async () => {
  server = await startHomeserver();
  registerTestUsers(server);
});

afterEach(async () => {
  await server.close();
});

function sync(accessToken: string, params: Record<string, string> = {}) {
  const query = new URLSearchParams(params).toString();
  return requestJson(server, accessToken, "GET", `${v3`/sync`}${query ? `?${query}` : ""}`);
}

const types = (events: { type: string }[]) => events.map((event) => event.type);

describe("sync", () => {
  it("initial sync has the spec shape", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER], name: "Ops", encrypted: true });
    server.injectEvent(roomId, ALICE, "m.room.message", { msgtype: "m.text", body: "hi" });

    const { status, body } = await sync(BOT_TOKEN, { timeout: "30000" });

    expect(status).toBe(200);
    expect(body.next_batch).toMatch(/^s\d+_\d+$/);
    expect(Object.keys(body.rooms.join)).toEqual([roomId]);
    expect(body.rooms.invite).toEqual({});
    expect(body.rooms.leave).toEqual({});
    expect(body.account_data).toEqual({ events: [] });
    expect(body.presence).toEqual({ events: [] });
    expect(body.to_device).toEqual({ events: [] });
    expect(body.device_one_time_keys_count).toEqual({});
    const room = body.rooms.join[roomId];
    // The bot's timeline starts with its own join; earlier state arrives in the state section.
    expect(types(room.timeline.events)).toEqual(["m.room.member", "m.room.message"]);
    expect(room.timeline.limited).toBe(false);
    expect(types(room.state.events)).toEqual(
      expect.arrayContaining(["m.room.create", "m.room.name", "m.room.encryption", "m.room.power_levels"]),
    );
    expect(room.timeline.events[1].unsigned.age).toBeGreaterThanOrEqual(0);
  });

  it("long-poll returns when an event arrives", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER] });
    const initial = await sync(BOT_TOKEN);

    const startedAt = Date.now();
    const poll = sync(BOT_TOKEN, { since: initial.body.next_batch, timeout: "10000" });
    setTimeout(() => server.injectEvent(roomId, ALICE, "m.room.message", { msgtype: "m.text", body: "late" }), 100);
    const { body } = await poll;

    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(body.rooms.join[roomId].timeline.events.map((event: any) => event.content.body)).toEqual(["late"]);
    expect(body.rooms.join[roomId].state.events).toEqual([]);
  });

  it("long-poll times out with a new token", async () => {
    server.createRoom({ creator: ALICE, members: [BOT_USER] });
    const initial = await sync(BOT_TOKEN);

    const startedAt = Date.now();
    const { status, body } = await sync(BOT_TOKEN, { since: initial.body.next_batch, timeout: "200" });

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(190);
    expect(status).toBe(200);
    expect(body.rooms.join).toEqual({});
    expect(body.next_batch).not.toBe(initial.body.next_batch);
  });

  it("other rooms stay invisible", async () => {
    const otherRoom = server.createRoom({ creator: ALICE });
    const initial = await sync(BOT_TOKEN);
    expect(initial.body.rooms.join).toEqual({});

    server.injectEvent(otherRoom, ALICE, "m.room.message", { msgtype: "m.text", body: "private" });
    const { body } = await sync(BOT_TOKEN, { since: initial.body.next_batch, timeout: "100" });

    expect(body.rooms.join).toEqual({});
    expect(body.rooms.invite).toEqual({});
  });

  it("invite appears with stripped state", async () => {
    const roomId = server.createRoom({ creator: ALICE, name: "Invite me" });
    const initial = await sync(BOT_TOKEN);

    server.invite(roomId, BOT_USER, ALICE, { isDirect: true });
    const { body } = await sync(BOT_TOKEN, { since: initial.body.next_batch, timeout: "1000" });

    const inviteState = body.rooms.invite[roomId].invite_state.events;
    expect(inviteState.at(-1)).toEqual({
      type: "m.room.member",
      state_key: BOT_USER,
      sender: ALICE,
      content: { membership: "invite", is_direct: true },
    });
    expect(types(inviteState)).toContain("m.room.name");
  });

  it("join after invite sends room state", async () => {
    const roomId = server.createRoom({ creator: ALICE, name: "Joined later" });
    server.invite(roomId, BOT_USER, ALICE);
    const initial = await sync(BOT_TOKEN);

    const join = await requestJson(server, BOT_TOKEN, "POST", v3`/join/${roomId}`, {});
    const { body } = await sync(BOT_TOKEN, { since: initial.body.next_batch, timeout: "1000" });

    expect(join.body).toEqual({ room_id: roomId });
    const room = body.rooms.join[roomId];
    expect(room.timeline.events).toEqual([
      expect.objectContaining({ type: "m.room.member", state_key: BOT_USER, content: { membership: "join", displayname: "Test Bot" } }),
    ]);
    expect(types(room.state.events)).toEqual(expect.arrayContaining(["m.room.create", "m.room.name"]));
  });

  it("leave appears in rooms.leave", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER] });
    const initial = await sync(BOT_TOKEN);

    const leave = await requestJson(server, BOT_TOKEN, "POST", v3`/rooms/${roomId}/leave`, { reason: "bye" });
    server.injectEvent(roomId, ALICE, "m.room.message", { msgtype: "m.text", body: "after leave" });
    const { body } = await sync(BOT_TOKEN, { since: initial.body.next_batch });

    expect(leave.status).toBe(200);
    expect(body.rooms.join).toEqual({});
    const timeline = body.rooms.leave[roomId].timeline.events;
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ type: "m.room.member", state_key: BOT_USER, content: { membership: "leave", reason: "bye" } });
  });

  it("account data is synced after a change", async () => {
    const initial = await sync(BOT_TOKEN);
    const path = v3`/user/${BOT_USER}/account_data/m.direct`;

    const missing = await requestJson(server, BOT_TOKEN, "GET", path);
    await requestJson(server, BOT_TOKEN, "PUT", path, { [ALICE]: ["!dm:localhost"] });
    const stored = await requestJson(server, BOT_TOKEN, "GET", path);
    const { body } = await sync(BOT_TOKEN, { since: initial.body.next_batch, timeout: "1000" });

    expect(missing.status).toBe(404);
    expect(missing.body.errcode).toBe("M_NOT_FOUND");
    expect(stored.body).toEqual({ [ALICE]: ["!dm:localhost"] });
    expect(body.account_data.events).toEqual([{ type: "m.direct", content: { [ALICE]: ["!dm:localhost"] } }]);
  });

  it("other user's account data is forbidden", async () => {
    const response = await requestJson(server, BOT_TOKEN, "GET", v3`/user/${ALICE}/account_data/m.direct`);

    expect(response.status).toBe(403);
    expect(response.body.errcode).toBe("M_FORBIDDEN");
  });

  it("filter timeline limit truncates", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER] });
    for (const body of ["one", "two", "three"]) {
      server.injectEvent(roomId, ALICE, "m.room.message", { msgtype: "m.text", body });
    }

    const created = await requestJson(server, BOT_TOKEN, "POST", v3`/user/${BOT_USER}/filter`, { room: { timeline: { limit: 2 } } });
    const fetched = await requestJson(server, BOT_TOKEN, "GET", v3`/user/${BOT_USER}/filter/${created.body.filter_id}`);
    const { body } = await sync(BOT_TOKEN, { filter: created.body.filter_id });

    expect(fetched.body).toEqual({ room: { timeline: { limit: 2 } } });
    const timeline = body.rooms.join[roomId].timeline;
    expect(timeline.limited).toBe(true);
    expect(timeline.events.map((event: any) => event.content.body)).toEqual(["two", "three"]);
  });

  it("unknown since token is rejected", async () => {
    const response = await sync(BOT_TOKEN, { since: "s999_1" });

    expect(response.status).toBe(400);
    expect(response.body.errcode).toBe("M_INVALID_PARAM");
  });

  it("each user sees its own transaction IDs", async () => {
    const roomId = server.createRoom({ creator: ALICE, members: [BOT_USER] });
    await requestJson(server, BOT_TOKEN, "PUT", v3`/rooms/${roomId}/send/m.room.message/t1`, { msgtype: "m.text", body: "x" });

    const bot = await sync(BOT_TOKEN);
    const alice = await sync(ALICE_TOKEN);

    const botEvent = bot.body.rooms.join[roomId].timeline.events.at(-1);
    const aliceEvent = alice.body.rooms.join[roomId].timeline.events.at(-1);
    expect(botEvent.unsigned.transaction_id).toBe("t1");
    expect(aliceEvent.event_id).toBe(botEvent.event_id);
    expect(aliceEvent.unsigned.transaction_id).toBeUndefined();
  });
});

describe("test controls", () => {
  it("events lists the stored timeline", () => {
    const roomId = server.createRoom({ roomId: "!ops:localhost", creator: ALICE, members: [BOT_USER] });
    const eventId = server.injectEvent(roomId, ALICE, "m.room.message", { msgtype: "m.text", body: "stored" });

    const events = server.events(roomId);

    expect(types(events).slice(0, 2)).toEqual(["m.room.create", "m.room.member"]);
    expect(events.at(-1)).toEqual({
      event_id: eventId,
      room_id: "!ops:localhost",
      sender: ALICE,
      type: "m.room.message",
      content: { msgtype: "m.text", body: "stored" },
      origin_server_ts: expect.any(Number),
    });
  });

  it("injectEvent rejects a sender outside the room", () => {
    const roomId = server.createRoom({ creator: ALICE });

    expect(() => server.injectEvent(roomId, BOT_USER, "m.room.message", { body: "x" })).toThrow(/not joined/);
    expect(() => server.injectEvent("!missing:localhost", ALICE, "m.room.message", { body: "x" })).toThrow(/not found/);
  });

  it("remote user joins through a member event", () => {
    const roomId = server.createRoom({ creator: ALICE });
    const carol = "@carol:example.net";

    server.injectEvent(roomId, carol, "m.room.member", { membership: "join" }, { stateKey: carol });

    expect(server.membership(roomId, carol)).toBe("join");
  });

  it("waitForEvent times out", async () => {
    await expect(server.waitForEvent(() => false, 50)).rejects.toThrow(/within 50 ms/);
  });
});
