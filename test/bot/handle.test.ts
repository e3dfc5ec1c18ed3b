import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandHandler, HandleResult } from "../../src/bot/handle.ts";
import type { MemberDirectory } from "../../src/phases/actor.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { createTestHandler } from "../support/handler.ts";

let database: TestDatabase;
let handler: CommandHandler;
let directory: MemberDirectory;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ handler, directory } = createTestHandler(database));
});

afterAll(async () => {
  await database.close();
});

function replyOf(result: HandleResult) {
  if (result.duplicate) throw new Error("expected a reply, got a duplicate");
  return result.reply;
}

describe("CommandHandler", () => {
  it("stores nothing from a rejected command", async () => {
    const alice = directory.actor("isp-a", "alice", "console");

    const reply = replyOf(await handler.handle("notice attacker=x", alice, "ja"));

    expect(reply.isError).toBe(true);
    expect(reply.title).toContain("target");
    expect(await database.db.incident.count()).toBe(0);
    expect(await database.db.notice.count()).toBe(0);
  });

  it("lets unknown users read help only", async () => {
    const stranger = directory.actor("isp-x", "mallory", "console");

    const help = replyOf(await handler.handle("help", stranger, "en"));
    const notice = replyOf(await handler.handle("notice target=example.co.jp", stranger, "en"));

    expect(help.isError).toBe(false);
    expect(help.lines.join("\n")).toContain("notice");
    expect(notice.isError).toBe(true);
    expect(notice.title).toContain("administrator");
    expect(await database.db.notice.count()).toBe(0);
  });

  it("replies in English when asked", async () => {
    const alice = directory.actor("isp-a", "alice", "console");

    const reply = replyOf(await handler.handle("notice target=example.co.jp", alice, "en"));

    expect(reply.tlp).toBe("AMBER");
    expect(reply.title).toMatch(/^Opened incident #\d+\. Recorded attack notice N\d+/);
    expect(reply.next[0]).toContain("/dos detect #");
  });

  it("ignores a redelivered change", async () => {
    const bob = directory.actor("isp-b", "bob", "slack");
    const intake = { key: "slack:trigger:1234", platform: "slack" as const };
    const before = await database.db.detection.count();

    const first = await handler.handle("detect target=192.0.2.1 vector=syn", bob, "ja", intake);
    const second = await handler.handle("detect target=192.0.2.1 vector=syn", bob, "ja", intake);

    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(await database.db.detection.count()).toBe(before + 1);
  });

  it("ignores a redelivered rejected command", async () => {
    const bob = directory.actor("isp-b", "bob", "slack");
    const intake = { key: "slack:trigger:error-1", platform: "slack" as const };

    const first = await handler.handle("mitigate #999 action=acl", bob, "ja", intake);
    const second = await handler.handle("mitigate #999 action=acl", bob, "ja", intake);

    expect(replyOf(first).title).toContain("#999");
    expect(second.duplicate).toBe(true);
  });

  it("renders domain errors in the member's language", async () => {
    const bob = directory.actor("isp-b", "bob", "console");

    const ja = replyOf(await handler.handle("ack R404", bob, "ja"));
    const en = replyOf(await handler.handle("ack R404", bob, "en"));

    expect(ja.title).toBe("依頼 R404 は見つかりません。/dos status #事案番号 で依頼の番号を確認してください。");
    expect(en.title).toBe("Request R404 not found. Run /dos status #<incident> to see request numbers.");
  });

  it("words an attack seen before its notice", async () => {
    const alice = directory.actor("isp-a", "alice", "console");
    const opened = replyOf(await handler.handle("notice target=early.example", alice, "ja"));
    const id = Number(/#(\d+)/.exec(opened.title)?.[1]);
    const noticeAt = (await database.db.notice.findFirstOrThrow({ where: { incidentId: id } })).createdAt;
    const start = new Date(noticeAt.getTime() - 3 * 3_600_000).toISOString();
    replyOf(await handler.handle(`detect #${id} start=${start}`, alice, "ja"));

    const ja = replyOf(await handler.handle(`status #${id}`, alice, "ja"));
    const en = replyOf(await handler.handle(`status #${id}`, alice, "en"));

    expect(ja.lines).toContain("  検知が予知より 3時間 前");
    expect(en.lines).toContain("  Detection 3h before the notice");
  });
});

describe("TLP in status replies", () => {
  it("shows RED records only to their org", async () => {
    const alice = directory.actor("isp-a", "alice", "console");
    const bob = directory.actor("isp-b", "bob", "console");
    const root = directory.actor("isp-c", "root", "console");
    const opened = replyOf(await handler.handle("notice target=tlp.example", alice, "en"));
    const incident = opened.subject!.incident;
    await handler.handle(`detect #${incident} vector=udp bps=5G tlp=RED customer ACME bank hit`, bob, "en");

    const forAlice = replyOf(await handler.handle(`status #${incident}`, alice, "en"));
    const forBob = replyOf(await handler.handle(`status #${incident}`, bob, "en"));
    const forAdmin = replyOf(await handler.handle(`status #${incident}`, root, "en"));

    expect(forAlice.lines.join("\n")).not.toContain("ACME");
    expect(forAlice.lines.join("\n")).toContain("[TLP:RED] record by isp-b (content withheld by TLP)");
    expect(forAlice.lines.join("\n")).toContain("Affected: none");
    expect(forBob.lines.join("\n")).toContain("ACME");
    expect(forAdmin.lines.join("\n")).toContain("ACME");
  });

  it("keeps the title for the opening label", async () => {
    const alice = directory.actor("isp-a", "alice", "console");
    const bob = directory.actor("isp-b", "bob", "console");
    const opened = replyOf(await handler.handle("notice target=secret-target.example tlp=AMBER+STRICT", alice, "en"));
    const incident = opened.subject!.incident;

    const forBob = replyOf(await handler.handle(`status #${incident}`, bob, "en"));

    expect(forBob.title).toBe(`Incident #${incident} (title withheld: TLP:AMBER+STRICT)`);
    expect(forBob.lines.join("\n")).not.toContain("secret-target");
  });
});

describe("status overview", () => {
  it("reports posts undelivered past the limit", async () => {
    const alice = directory.actor("isp-a", "alice", "console");
    await database.db.outboxPost.create({ data: { destination: "slack:C0STUCK", key: "stuck-1", kind: "reply", payload: "{}", createdAt: new Date(Date.now() - 30 * 60_000) } });

    const reply = replyOf(await handler.handle("status", alice, "en"));

    expect(reply.lines[0]).toBe("⚠ 1 posts to slack:C0STUCK are undelivered (oldest 30m ago). The records are stored and sending is retried automatically; check the connection and the log.");
  });
});

describe("summary command", () => {
  it("renders last week's summary", async () => {
    const alice = directory.actor("isp-a", "alice", "console");

    const reply = replyOf(await handler.handle("summary 2026-W49", alice, "ja"));
    const invalid = replyOf(await handler.handle("サマリー 来年", alice, "en"));

    expect(reply.isError).toBe(false);
    expect(reply.title).toContain("2026-W49");
    expect(invalid.isError).toBe(true);
  });
});
