// MatrixSender against the test homeserver: transaction ids that make a
// retried send safe, and long content split across events.
import { MatrixClient } from "matrix-bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Destination, OutgoingPost } from "../../../src/bot/delivery/types.ts";
import { routeSdkLogs } from "../../../src/bot/matrix/client.ts";
import { MatrixSender } from "../../../src/bot/matrix/sender.ts";
import { AdapterStateStorage } from "../../../src/bot/matrix/sync-store.ts";
import { reply } from "../../../src/bot/messages/reply.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { silentLogger } from "../../support/handler.ts";
import { startHomeserver, type TestHomeserver } from "../../support/matrix/homeserver.ts";
import { ALICE, BOT, BOT_TOKEN } from "./harness.ts";

/** Matrix limits a whole event to 65,536 bytes; the bot keeps each event's content under 60 KB. */
const MAX_CONTENT_BYTES = 60_000;

let server: TestHomeserver;
let database: TestDatabase;
let room: string;
let destination: Destination;

beforeEach(async () => {
  routeSdkLogs(silentLogger);
  server = await startHomeserver();
  server.registerUser(BOT, BOT_TOKEN);
  server.registerUser(ALICE, "alice-token");
  room = server.createRoom({ creator: ALICE, members: [BOT] });
  database = await createTestDatabase();
  destination = { id: `matrix:${room}`, platform: "matrix", channel: room, locale: "en", maxTlp: "AMBER" };
});

afterEach(async () => {
  await server.close();
  await database.close();
});

function createSender(requestTimeoutMs?: number): MatrixSender {
  const client = new MatrixClient(server.url, BOT_TOKEN);
  return new MatrixSender({ client, storage: new AdapterStateStorage(database.db), commandPrefix: "!dos", logger: silentLogger, requestTimeoutMs });
}

function post(fields: Partial<OutgoingPost>): OutgoingPost {
  return { postId: 1, key: "root:matrix:test:1", kind: "root", destination, incidentId: 1, content: reply("Incident #1"), locale: "en", ...fields };
}

const contentBytes = (content: unknown) => Buffer.byteLength(JSON.stringify(content), "utf8");

describe("MatrixSender", () => {
  it("retry after a timeout posts one event", async () => {
    server.hangNext("send", 300);
    const sender = createSender(100);

    const first = await sender.send(post({}));
    const stored = await server.waitForEvent((event) => event.sender === BOT && event.type === "m.room.message");
    const second = await sender.send(post({}));

    expect(first.ok).toBe(false);
    expect(second).toEqual({ ok: true, remoteId: stored.event_id });
    expect(server.sentBy(BOT, "m.room.message")).toHaveLength(1);
  });

  it("different posts get different transactions", async () => {
    const sender = createSender();

    const first = await sender.send(post({ key: "root:matrix:test:1" }));
    const second = await sender.send(post({ key: "root:matrix:test:2" }));

    expect(first.ok).toBe(true);
    expect(second.ok).toBe(true);
    expect(server.sentBy(BOT, "m.room.message")).toHaveLength(2);
  });

  it("long root continues in its thread", async () => {
    const lines = Array.from({ length: 60 }, (_, index) => `Line ${index}: ${'"<&>'.repeat(400)} 日本語の説明`);
    const sender = createSender();

    const result = await sender.send(post({ content: reply("Incident #1 example.co.jp", lines, ["Whole incident: /dos status #1"], "AMBER") }));

    const events = server.sentBy(BOT, "m.room.message");
    expect(result).toEqual({ ok: true, remoteId: events[0]!.event_id });
    expect(events.length).toBeGreaterThan(1);
    for (const event of events) {
      expect(contentBytes(event.content)).toBeLessThan(MAX_CONTENT_BYTES);
      expect(event.content.body).toMatch(/^\[TLP:AMBER\] Incident #1/);
    }
    for (const event of events.slice(1)) {
      expect(event.content.body).toContain("(continued)");
      expect((event.content["m.relates_to"] as { event_id: string }).event_id).toBe(events[0]!.event_id);
    }
    const allBodies = events.map((event) => event.content.body as string).join("\n");
    for (let index = 0; index < lines.length; index++) expect(allBodies).toContain(`Line ${index}: `);
    expect(allBodies).toContain("Whole incident: !dos status #1");
  });

  it("one huge line is cut to fit", async () => {
    const sender = createSender();

    await sender.send(post({ kind: "reply", key: "reply:matrix:$x", content: reply("List", ["'".repeat(40_000)]), replyTarget: { room } }));

    const events = server.sentBy(BOT, "m.room.message");
    expect(events.length).toBeGreaterThan(1);
    for (const event of events) expect(contentBytes(event.content)).toBeLessThan(MAX_CONTENT_BYTES);
    const quotes = events.map((event) => (event.content.body as string).split("\n").slice(1).join("").trim()).join("");
    expect(quotes).toBe("'".repeat(40_000));
  });

  it("long root edit is shortened", async () => {
    const sender = createSender();
    const root = await sender.send(post({}));
    const lines = Array.from({ length: 40 }, (_, index) => `Line ${index}: ${"x".repeat(1_000)}`);

    const result = await sender.send(post({ kind: "root_edit", key: "edit:matrix:test:2", rootRemoteId: root.ok ? root.remoteId : "", content: reply("Incident #1", lines) }));

    const edit = server.sentBy(BOT, "m.room.message").at(-1)!;
    expect(result.ok).toBe(true);
    expect(contentBytes(edit.content)).toBeLessThan(MAX_CONTENT_BYTES);
    expect((edit.content["m.new_content"] as { body: string }).body).toContain("See the whole incident with !dos status #1");
  });

  it("broadcast and thread note placement", async () => {
    const sender = createSender();
    const root = await sender.send(post({}));
    const rootId = root.ok ? root.remoteId! : "";

    await sender.send(post({ kind: "broadcast", key: "weekly:1:matrix:test", incidentId: undefined, content: reply("Weekly summary") }));
    await sender.send(post({ kind: "thread_note", key: "reminder:1:matrix:test", rootRemoteId: rootId, content: reply("Reminder") }));
    await sender.send(post({ kind: "thread_note", key: "reminder:2:matrix:test", content: reply("Reminder without root") }));

    const [, broadcast, note, orphanNote] = server.sentBy(BOT, "m.room.message");
    expect(broadcast!.content["m.relates_to"]).toBeUndefined();
    expect(note!.content["m.relates_to"]).toEqual({ rel_type: "m.thread", event_id: rootId, is_falling_back: true, "m.in_reply_to": { event_id: rootId } });
    expect(orphanNote!.content["m.relates_to"]).toBeUndefined();
    expect(orphanNote!.content.body).toBe("Reminder without root");
  });

  it("reply to left room dropped", async () => {
    const otherRoom = server.createRoom({ creator: ALICE });
    const sender = createSender();

    const result = await sender.send(post({ kind: "reply", key: "reply:matrix:$gone", content: reply("Done"), replyTarget: { room: otherRoom, inReplyTo: "$gone" } }));

    expect(result).toEqual({ ok: true });
    expect(server.sentBy(BOT, "m.room.message")).toEqual([]);
  });

  it("rate limit reports its wait", async () => {
    server.failNext("send", { errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 2500 });
    const sender = createSender();

    const result = await sender.send(post({}));

    expect(result).toEqual({ ok: false, error: "matrix M_LIMIT_EXCEEDED (HTTP 429): Too many requests", retryAfterMs: 2500 });
  });
});
