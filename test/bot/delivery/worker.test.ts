// The outbox worker with a recording Sender of the project's own interface
// (the platform senders are tested against their wire-level servers).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingPost, Sender, SendResult } from "../../../src/bot/delivery/types.ts";
import { DeliveryWorker } from "../../../src/bot/delivery/worker.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { createTestHandler, silentLogger } from "../../support/handler.ts";

class RecordingSender implements Sender {
  readonly platform = "slack" as const;
  readonly sent: OutgoingPost[] = [];
  failures: SendResult[] = [];
  private nextTs = 1;

  async send(post: OutgoingPost): Promise<SendResult> {
    const failure = this.failures.shift();
    if (failure) return failure;
    this.sent.push(post);
    return { ok: true, remoteId: post.kind === "root_edit" ? post.rootRemoteId : `ts-${this.nextTs++}` };
  }
}

const destination = { id: "slack:C1", platform: "slack" as const, channel: "C1", locale: "ja" as const, maxTlp: "AMBER" as const };
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
});

describe("DeliveryWorker", () => {
  it("stops promptly after repeated wakes", async () => {
    const sender = new RecordingSender();
    const { directory } = createTestHandler(database);
    const worker = new DeliveryWorker({ db: database.db, directory, timeZone: "Asia/Tokyo", destinations: [destination], senders: [sender], logger: silentLogger, pollMs: 50 });
    await worker.start();

    worker.wake();
    worker.wake();
    worker.wake();
    const started = Date.now();
    await worker.stop();

    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("delivers root, reply and edit in order after a failure", async () => {
    const sender = new RecordingSender();
    const { handler, directory } = createTestHandler(database);
    const worker = new DeliveryWorker({ db: database.db, directory, timeZone: "Asia/Tokyo", destinations: [destination], senders: [sender], logger: silentLogger, pollMs: 50 });
    await worker.start();
    sender.failures.push({ ok: false, error: "slack HTTP 500" });

    const result = await handler.handle("notice target=order.example", directory.actor("isp-a", "alice", "console"), "ja");
    expect(result.duplicate).toBe(false);
    worker.wake();
    const deadline = Date.now() + 10_000;
    while (sender.sent.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await worker.stop();

    expect(sender.sent.map((post) => post.kind)).toEqual(["root", "thread_reply", "root_edit"]);
    expect(sender.sent[1]?.rootRemoteId).toBe("ts-1");
    expect(sender.sent[2]?.rootRemoteId).toBe("ts-1");
    const failed = await database.db.outboxPost.findFirstOrThrow({ where: { kind: "root", destination: destination.id } });
    expect(failed.attempts).toBe(2);
    expect(failed.state).toBe("sent");
  });

  it("skips an alert update without its message", async () => {
    const sender = new RecordingSender();
    const { handler, directory } = createTestHandler(database);
    const other = { ...destination, id: "slack:C2", channel: "C2" };
    // An alert edit and note stored for a channel that never got the alert's message.
    for (const kind of ["alert_edit", "alert_note"]) {
      await database.db.outboxPost.create({
        data: { destination: other.id, key: `${kind}:orphan:${other.id}`, kind, alertId: 999, payload: JSON.stringify({ type: "probe_alert", payload: { alertId: 999 } }) },
      });
    }
    const worker = new DeliveryWorker({ db: database.db, directory, timeZone: "Asia/Tokyo", destinations: [other], senders: [sender], logger: silentLogger, pollMs: 50 });
    await worker.start();

    await handler.handle("notice target=after-orphan.example", directory.actor("isp-a", "alice", "console"), "ja");
    worker.wake();
    const deadline = Date.now() + 10_000;
    while (!sender.sent.some((post) => post.destination.id === other.id && post.kind === "root") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await worker.stop();

    expect(sender.sent.some((post) => post.destination.id === other.id && post.kind === "root")).toBe(true);
    const skipped = await database.db.outboxPost.findMany({ where: { destination: other.id, alertId: 999 } });
    expect(skipped.map((post) => post.state)).toEqual(["superseded", "superseded"]);
  });
});
