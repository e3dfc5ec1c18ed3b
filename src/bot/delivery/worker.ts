// The outbox worker: fans new timeline entries out into posts, then sends
// each destination's pending posts strictly in order. A failed send keeps the
// post and everything behind it in that destination waiting until its retry
// time, so a thread never shows replies out of order and nothing is dropped.
// Delivery never blocks a record, because commands only write the timeline
// and this worker reads it afterwards.
import type { Database } from "../../db/client.ts";
import type { OutboxPost } from "../../generated/prisma/client.ts";
import type { Logger } from "../../log.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import { retryWhileBusy } from "../../db/busy-retry.ts";
import { runInTransaction } from "../../db/transaction.ts";
import { recordDeliveryFailure } from "../../ops/metrics.ts";
import { yieldToEventLoop } from "../work-queue.ts";
import { retryDelayMs } from "./backoff.ts";
import { BroadcastRenderers } from "./broadcast.ts";
import { UNDELIVERED_AFTER_MS } from "./undelivered.ts";
import { fanOut } from "./fanout.ts";
import { renderStoredPost } from "./render-post.ts";
import { replyLane } from "./replies.ts";
import type { Destination, OutgoingPost, Sender, SendResult } from "./types.ts";

export interface WorkerOptions {
  db: Database;
  directory: MemberDirectory;
  timeZone: string;
  destinations: Destination[];
  senders: Sender[];
  /** Renderers of summaries, alerts and reminders; empty when none are registered. */
  broadcasts?: BroadcastRenderers;
  logger: Logger;
  now?: () => Date;
  /** How often to look for due retries when nothing wakes the worker. */
  pollMs?: number;
}

export class DeliveryWorker {
  private readonly senders = new Map<string, Sender>();
  private readonly running = new Set<string>();
  private readonly rerun = new Set<string>();
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private idle = new Set<Promise<void>>();

  private readonly lanes: Destination[];

  constructor(private readonly options: WorkerOptions) {
    for (const sender of options.senders) this.senders.set(sender.platform, sender);
    this.lanes = [...options.destinations, ...options.senders.map((sender) => replyLane(sender.platform))];
    this.now = options.now ?? (() => new Date());
  }

  /** Starts fan-out from the current end of the timeline for destinations seen for the first time. */
  async start(): Promise<void> {
    const { db, destinations, logger } = this.options;
    const last = await db.timelineEntry.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    for (const destination of destinations) {
      const existing = await db.deliveryCursor.findUnique({ where: { destination: destination.id } });
      if (!existing) {
        await db.deliveryCursor.create({ data: { destination: destination.id, lastEntryId: last?.id ?? 0 } });
        logger.info({ destination: destination.id, fromEntry: last?.id ?? 0 }, "new delivery destination starts at the current timeline end");
      }
    }
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 1_000);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.settled();
  }

  /** Runs a delivery pass for every destination; cheap to call after each command. */
  wake(): void {
    for (const destination of this.lanes) this.wakeLane(destination);
  }

  /** Runs one lane's pass, or marks it to run again when a pass is under way. */
  private wakeLane(destination: Destination): void {
    if (this.running.has(destination.id)) {
      this.rerun.add(destination.id);
      return;
    }
    this.running.add(destination.id);
    const pass = this.runDestination(destination).finally(() => {
      this.running.delete(destination.id);
      this.idle.delete(pass);
      // Only this lane runs again: waking every lane here would let two lanes
      // keep re-flagging each other forever.
      if (this.rerun.delete(destination.id)) this.wakeLane(destination);
    });
    this.idle.add(pass);
  }

  /** Resolves when no delivery pass is running. */
  async settled(): Promise<void> {
    while (this.idle.size > 0) await Promise.all([...this.idle]);
  }

  private async runDestination(destination: Destination): Promise<void> {
    const isReplyLane = !this.options.destinations.includes(destination);
    try {
      // Fan out in small batches until the cursor reaches the end of the
      // timeline, letting incoming requests through between batches.
      while (!isReplyLane && (await fanOut(this.options.db, destination)) > 0) {
        await yieldToEventLoop();
      }
      await this.sendPending(destination);
    } catch (error) {
      this.options.logger.error({ err: error, destination: destination.id }, "delivery pass failed");
    }
  }

  private async sendPending(destination: Destination): Promise<void> {
    const { db, logger } = this.options;
    const sender = this.senders.get(destination.platform);
    if (!sender) return;

    for (;;) {
      await yieldToEventLoop();
      const post = await db.outboxPost.findFirst({ where: { destination: destination.id, state: "pending" }, orderBy: { id: "asc" } });
      if (!post || post.nextAttemptAt > this.now()) return;
      if (await this.supersede(post)) continue;

      const outgoing = await this.prepare(destination, post);
      if (post.inFlightSince && (await this.confirmedEarlier(sender, outgoing, post))) continue;

      await retryWhileBusy(() => db.outboxPost.update({ where: { id: post.id }, data: { inFlightSince: this.now() } }));
      const result: SendResult = await sender.send(outgoing).catch((error: unknown) => ({ ok: false as const, error: String(error) }));
      if (result.ok) {
        await this.markSent(post, result.remoteId);
        continue;
      }

      const attempts = post.attempts + 1;
      const delay = retryDelayMs(attempts, result.retryAfterMs);
      await retryWhileBusy(() =>
        db.outboxPost.update({
          where: { id: post.id },
          // NOTE: a send that timed out may still have reached the platform;
          // only a process that stopped mid-send leaves the post marked in flight.
          data: { attempts, lastError: result.error.slice(0, 500), nextAttemptAt: new Date(this.now().getTime() + delay), inFlightSince: null },
        }),
      );
      recordDeliveryFailure(destination.platform);
      logger.warn({ destination: destination.id, postId: post.id, kind: post.kind, attempts, retryInMs: delay, error: result.error }, "post not delivered; will retry");
      const waitingMs = this.now().getTime() - post.createdAt.getTime();
      if (waitingMs > UNDELIVERED_AFTER_MS) {
        logger.error({ destination: destination.id, postId: post.id, kind: post.kind, attempts, waitingSeconds: Math.round(waitingMs / 1000), error: result.error }, "post undelivered past the limit");
      }
      return;
    }
  }

  /**
   * Handles a post whose previous send was interrupted (the process stopped
   * after sending, before recording). Returns true when the platform shows
   * the post arrived, which then counts as sent; false means send it now.
   */
  private async confirmedEarlier(sender: Sender, outgoing: OutgoingPost, post: OutboxPost): Promise<boolean> {
    if (!sender.confirm) return false;
    const confirmation = await sender.confirm(outgoing);
    if ("found" in confirmation && confirmation.found) {
      this.options.logger.info({ destination: post.destination, postId: post.id, kind: post.kind }, "interrupted post had been delivered; not sending it again");
      await this.markSent(post, confirmation.remoteId);
      return true;
    }
    if ("unknown" in confirmation) {
      this.options.logger.warn({ destination: post.destination, postId: post.id, error: confirmation.unknown }, "cannot check whether an interrupted post was delivered; sending it again");
    }
    return false;
  }

  /** Marks an older pending edit superseded when a newer one exists: each edit renders the incident or alert as it is at send time. */
  private async supersede(post: OutboxPost): Promise<boolean> {
    if (await this.orphanedAlertPost(post)) return true;
    if (post.kind !== "root_edit" && post.kind !== "alert_edit") return false;
    const subject = post.kind === "root_edit" ? { incidentId: post.incidentId } : { alertId: post.alertId };
    const newer = await this.options.db.outboxPost.findFirst({
      where: { destination: post.destination, ...subject, kind: post.kind, state: "pending", id: { gt: post.id } },
      select: { id: true },
    });
    if (!newer) return false;
    await this.options.db.outboxPost.update({ where: { id: post.id }, data: { state: "superseded", sentAt: this.now() } });
    return true;
  }

  /**
   * Marks an alert edit or note superseded when the alert's message never
   * reached this destination and is not waiting to be sent. Such a post could
   * never be delivered, and it would hold back every post behind it.
   */
  private async orphanedAlertPost(post: OutboxPost): Promise<boolean> {
    if ((post.kind !== "alert_edit" && post.kind !== "alert_note") || post.alertId === null) return false;
    const { db, logger } = this.options;
    const where = { destination: post.destination, alertId: post.alertId };
    if (await db.alertThread.findUnique({ where: { destination_alertId: where }, select: { alertId: true } })) return false;
    if (await db.outboxPost.findFirst({ where: { ...where, kind: "alert", state: "pending" }, select: { id: true } })) return false;
    await db.outboxPost.update({ where: { id: post.id }, data: { state: "superseded", sentAt: this.now() } });
    logger.warn({ destination: post.destination, postId: post.id, alertId: post.alertId, kind: post.kind }, "alert message never posted in this destination; skipping its update");
    return true;
  }

  private async prepare(destination: Destination, post: OutboxPost): Promise<OutgoingPost> {
    const { db, directory, timeZone } = this.options;
    const broadcasts = this.options.broadcasts ?? new BroadcastRenderers();
    const { content, locale, replyTarget } = await renderStoredPost({ db, directory, timeZone, broadcasts }, destination, post);
    const thread = post.incidentId
      ? await db.incidentThread.findUnique({ where: { destination_incidentId: { destination: destination.id, incidentId: post.incidentId } } })
      : post.alertId
        ? await db.alertThread.findUnique({ where: { destination_alertId: { destination: destination.id, alertId: post.alertId } } })
        : null;
    return {
      postId: post.id,
      key: post.key,
      kind: post.kind as OutgoingPost["kind"],
      destination,
      incidentId: post.incidentId ?? undefined,
      content,
      locale,
      rootRemoteId: thread?.rootRemoteId,
      replyTarget,
    };
  }

  private async markSent(post: OutboxPost, remoteId: string | undefined): Promise<void> {
    const { db } = this.options;
    await runInTransaction(db, async (tx) => {
      await tx.outboxPost.update({ where: { id: post.id }, data: { state: "sent", sentAt: this.now(), remoteId, attempts: post.attempts + 1, inFlightSince: null } });
      if (post.kind === "root" && post.incidentId && remoteId) {
        await tx.incidentThread.upsert({
          where: { destination_incidentId: { destination: post.destination, incidentId: post.incidentId } },
          create: { destination: post.destination, incidentId: post.incidentId, rootRemoteId: remoteId },
          update: { rootRemoteId: remoteId },
        });
      }
      if (post.kind === "alert" && post.alertId && remoteId) {
        await tx.alertThread.upsert({
          where: { destination_alertId: { destination: post.destination, alertId: post.alertId } },
          create: { destination: post.destination, alertId: post.alertId, rootRemoteId: remoteId },
          update: { rootRemoteId: remoteId },
        });
      }
    });
  }
}
