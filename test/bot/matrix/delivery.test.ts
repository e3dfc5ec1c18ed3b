// Outbox posts delivered to the Matrix room: incident threads, edits of the
// root message, retries after rate limits and homeserver errors.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BOT,
  botMessages,
  eventually,
  relationOf,
  startMatrixHarness,
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

/** Runs a command as isp-c/carol from the console, the way the console chat does. */
async function consoleCommand(text: string): Promise<void> {
  const result = await harness.handler.handle(text, harness.directory.actor("isp-c", "carol", "console"), "ja");
  expect(result.duplicate).toBe(false);
  harness.worker!.wake();
}

const sendStatuses = () => harness.server.requests.filter((record) => record.kind === "send" && record.userId === BOT).map((record) => record.status);

describe("Matrix delivery", () => {
  it("console record posts root, thread reply", async () => {
    await consoleCommand("notice target=example.co.jp 年末に攻撃予告");
    const root = await waitForRoot(harness, 1);
    // Waiting keeps the notice's root edit from being superseded by the detection's.
    await eventually(() => (botMessages(harness).length >= 3 ? true : undefined), 5_000, "three bot posts");
    await consoleCommand("detect #1 vector=udp-flood bps=12G");

    // The detection adds two timeline entries: the detection and the state change. Their two
    // root edits collapse into one, because the older one is superseded while pending.
    await eventually(() => (botMessages(harness).length >= 6 ? true : undefined), 5_000, "six bot posts");
    const [rootPost, noticeReply, noticeEdit, detectionReply, stateReply, detectionEdit] = botMessages(harness);

    expect(rootPost!.event_id).toBe(root);
    expect(relationOf(rootPost!)).toBeUndefined();
    expect(rootPost!.content.body).toMatch(/^\[TLP:AMBER\] 事案 #1/);
    for (const reply of [noticeReply!, detectionReply!, stateReply!]) {
      expect(relationOf(reply)).toEqual({ rel_type: "m.thread", event_id: root, is_falling_back: true, "m.in_reply_to": { event_id: root } });
      expect(reply.content.body).toContain("isp-c/carol（console）");
    }
    expect(detectionReply!.content.body).toContain("isp-c の検知を登録しました");
    expect(stateReply!.content.body).toContain("「予知」から「攻撃中」に変わりました");
    expect((detectionEdit!.content["m.new_content"] as { body: string }).body).toContain("攻撃中");
    for (const edit of [noticeEdit!, detectionEdit!]) {
      expect(relationOf(edit)).toEqual({ rel_type: "m.replace", event_id: root });
      expect((edit.content["m.new_content"] as { msgtype: string }).msgtype).toBe("m.notice");
      expect(edit.content.body).toMatch(/^\* \[TLP:AMBER\] 事案 #1/);
    }
  });

  it("rate limit retried once in order", async () => {
    harness.server.failNext("send", { errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 1500 });
    const startedAt = Date.now();

    await consoleCommand("notice target=example.co.jp");
    const root = await waitForRoot(harness, 1);
    await eventually(() => (botMessages(harness).length >= 3 ? true : undefined), 5_000, "three bot posts");

    const rootPost = harness.server.events(harness.room).find((event) => event.event_id === root)!;
    expect(rootPost.origin_server_ts - startedAt).toBeGreaterThanOrEqual(1500);
    expect(sendStatuses()).toEqual([429, 200, 200, 200]);
    const [first, second, third] = botMessages(harness);
    expect(first!.event_id).toBe(root);
    expect(relationOf(second!)?.rel_type).toBe("m.thread");
    expect(relationOf(third!)?.rel_type).toBe("m.replace");
    const post = await harness.database.db.outboxPost.findFirstOrThrow({ where: { kind: "root" } });
    expect(post.attempts).toBe(2);
    expect(post.lastError).toContain("M_LIMIT_EXCEEDED");
  });

  it("proxy 502 without JSON retried", async () => {
    harness.server.failNext("send", { status: 502, body: "<html>Bad Gateway</html>" });

    await consoleCommand("notice target=example.co.jp");
    await waitForRoot(harness, 1);

    expect(sendStatuses().slice(0, 2)).toEqual([502, 200]);
    const post = await harness.database.db.outboxPost.findFirstOrThrow({ where: { kind: "root" } });
    expect(post.lastError).toBe("matrix HTTP 502 without a Matrix error body");
  });

  it("failed thread reply holds edit back", async () => {
    // The first send (the root) passes unchanged, the second (the thread reply) fails.
    harness.server.hangNext("send", 0);
    harness.server.failNext("send", { errcode: "M_UNKNOWN", status: 500 });

    await consoleCommand("notice target=example.co.jp");
    const root = await waitForRoot(harness, 1);
    await eventually(() => (botMessages(harness).length >= 3 ? true : undefined), 5_000, "three bot posts");

    expect(sendStatuses()).toEqual([200, 500, 200, 200]);
    const [first, second, third] = botMessages(harness);
    expect(first!.event_id).toBe(root);
    expect(relationOf(second!)?.rel_type).toBe("m.thread");
    expect(relationOf(third!)?.rel_type).toBe("m.replace");
  });
});
