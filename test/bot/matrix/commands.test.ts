// Commands typed in Matrix rooms, run by the adapter with the real
// matrix-bot-sdk client against the test homeserver.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  BOT,
  botMessages,
  eventually,
  inThread,
  relationOf,
  repliesTo,
  say,
  startMatrixHarness,
  waitForReplyTo,
  waitForRoot,
  type MatrixHarness,
} from "./harness.ts";

let harness: MatrixHarness;

beforeEach(async () => {
  harness = await startMatrixHarness();
  await harness.startBot();
});

afterEach(async () => {
  await harness.close();
});

describe("Matrix commands", () => {
  it("room command stores and replies", async () => {
    const commandId = say(harness, ALICE, '!dos notice target=example.co.jp attacker="Anon JP" 年末に攻撃予告');

    const reply = await waitForReplyTo(harness, commandId);

    const notice = await harness.database.db.notice.findFirstOrThrow();
    expect(notice.org).toBe("isp-a");
    expect(reply.content.msgtype).toBe("m.notice");
    expect(reply.content.format).toBe("org.matrix.custom.html");
    expect(reply.content.body).toContain("[TLP:AMBER] 事案 #1 を作成しました。");
    expect(reply.content.formatted_body).toMatch(/^<p><b>\[TLP:AMBER\]<\/b> 事案 #1 を作成しました。/);
    expect(reply.content["m.mentions"]).toEqual({});
    expect(relationOf(reply)).toEqual({ "m.in_reply_to": { event_id: commandId } });
    const stored = await eventually(async () => {
      const post = await harness.database.db.outboxPost.findUniqueOrThrow({ where: { key: `reply:matrix:${commandId}` } });
      return post.state === "sent" ? post : undefined;
    });
    expect(stored.remoteId).toBe(reply.event_id);
    expect(stored.destination).toBe("matrix:replies");
  });

  it("next steps use Matrix prefix", async () => {
    const commandId = say(harness, ALICE, "!dos notice target=example.co.jp");

    const reply = await waitForReplyTo(harness, commandId);

    expect(reply.content.body).toContain("!dos detect #1 observed=no");
    expect(reply.content.body).not.toContain("/dos detect");
  });

  it("full-width IME prefix accepted", async () => {
    const commandId = say(harness, ALICE, "！ｄｏｓ　ｎｏｔｉｃｅ　ｔａｒｇｅｔ＝ｅｘａｍｐｌｅ．ｃｏ．ｊｐ");

    const reply = await waitForReplyTo(harness, commandId);

    expect(reply.content.body).toContain("事案 #1 を作成しました。");
    expect(await harness.database.db.notice.count()).toBe(1);
  });

  it("unregistered user gets hint", async () => {
    const stranger = "@visitor:elsewhere.example";
    harness.server.registerUser(stranger, "visitor-token");
    harness.server.injectEvent(harness.room, stranger, "m.room.member", { membership: "join" }, { stateKey: stranger });
    const commandId = say(harness, stranger, "!dos notice target=example.co.jp");

    const reply = await waitForReplyTo(harness, commandId);

    expect(reply.content.body).toContain("登録されていません");
    expect(await harness.database.db.notice.count()).toBe(0);
  });

  it("other messages, notices, edits ignored", async () => {
    say(harness, ALICE, "!dosnotice target=example.co.jp");
    say(harness, ALICE, "hello !dos notice target=example.co.jp");
    harness.server.injectEvent(harness.room, BOB, "m.room.message", { msgtype: "m.notice", body: "!dos notice target=example.co.jp" });
    const original = say(harness, ALICE, "nothing yet");
    harness.server.injectEvent(harness.room, ALICE, "m.room.message", {
      msgtype: "m.text",
      body: "* !dos notice target=example.co.jp",
      "m.new_content": { msgtype: "m.text", body: "!dos notice target=example.co.jp" },
      "m.relates_to": { rel_type: "m.replace", event_id: original },
    });
    const probe = say(harness, ALICE, "!dos list");

    await waitForReplyTo(harness, probe);

    expect(await harness.database.db.notice.count()).toBe(0);
    expect(await harness.database.db.inboundReceipt.count()).toBe(1);
  });

  it("thread command uses thread incident", async () => {
    const opening = say(harness, ALICE, "!dos notice target=example.co.jp");
    await waitForReplyTo(harness, opening);
    const root = await waitForRoot(harness, 1);

    const commandId = say(harness, BOB, "!dos detect vector=udp-flood bps=12G", inThread(root));
    const reply = await waitForReplyTo(harness, commandId);

    expect(relationOf(reply)).toEqual({ rel_type: "m.thread", event_id: root, is_falling_back: false, "m.in_reply_to": { event_id: commandId } });
    const detection = await harness.database.db.detection.findFirstOrThrow();
    expect(detection.incidentId).toBe(1);
    expect(detection.org).toBe("isp-b");
    expect(await harness.database.db.incident.count()).toBe(1);
    expect(reply.content.body).toContain("事案 #1");
  });

  it("thread command naming an incident keeps it", async () => {
    const first = say(harness, ALICE, "!dos notice target=first.example");
    await waitForReplyTo(harness, first);
    const second = say(harness, ALICE, "!dos notice target=second.example");
    await waitForReplyTo(harness, second);
    const rootOfFirst = await waitForRoot(harness, 1);

    const commandId = say(harness, BOB, "!dos detect #2 observed=no", inThread(rootOfFirst));
    await waitForReplyTo(harness, commandId);

    const detection = await harness.database.db.detection.findFirstOrThrow();
    expect(detection.incidentId).toBe(2);
  });

  it("quoted reply fallback not run", async () => {
    const original = say(harness, BOB, "!dos notice target=quoted.example");
    await waitForReplyTo(harness, original);
    const quote = `> <${BOB}> !dos notice target=quoted.example`;
    const formattedQuote = `<mx-reply><blockquote><a href="https://matrix.to/#/${BOB}">${BOB}</a><br>!dos notice target=quoted.example</blockquote></mx-reply>`;

    const chatter = harness.server.injectEvent(harness.room, ALICE, "m.room.message", {
      msgtype: "m.text",
      body: `${quote}\n\nthanks`,
      format: "org.matrix.custom.html",
      formatted_body: `${formattedQuote}thanks`,
      "m.relates_to": { "m.in_reply_to": { event_id: original } },
    });
    const commandId = harness.server.injectEvent(harness.room, ALICE, "m.room.message", {
      msgtype: "m.text",
      body: `${quote}\n\n!dos status #1`,
      format: "org.matrix.custom.html",
      formatted_body: `${formattedQuote}!dos status #1`,
      "m.relates_to": { "m.in_reply_to": { event_id: original } },
    });
    const reply = await waitForReplyTo(harness, commandId);

    expect(reply.content.body).toContain("事案 #1");
    expect(await harness.database.db.notice.count()).toBe(1);
    expect(repliesTo(harness, chatter)).toEqual([]);
  });

  it("hostile HTML in values is escaped", async () => {
    const commandId = say(
      harness,
      ALICE,
      `!dos notice target=example.co.jp attacker="<script>alert(1)</script>" profile='"><img src=x onerror=alert(1)>' 本文 <b>x</b> & 'q'`,
    );

    const reply = await waitForReplyTo(harness, commandId);
    const root = await harness.server.waitForEvent((event) => event.sender === BOT && relationOf(event) === undefined && event.content.body !== undefined);

    for (const html of [reply.content.formatted_body as string, root.content.formatted_body as string]) {
      expect(html).not.toMatch(/<script|<img|<b>x<\/b>/);
    }
    const html = reply.content.formatted_body as string;
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(reply.content.body).toContain("<script>alert(1)</script>");
  });
});
