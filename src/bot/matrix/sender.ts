// Sends outbox posts to Matrix as m.notice events. matrix-bot-sdk 0.7.1
// does not retry ordinary requests, so a rate limit, a homeserver error or
// an outage comes back as a failed SendResult and the outbox retries the
// post in order. Each event's transaction id is derived from the post's
// outbox key, so a retried send that had already reached the homeserver
// does not post a second event.
import { createHash, randomBytes } from "node:crypto";
import type { MatrixClient } from "matrix-bot-sdk";
import type { Logger } from "../../log.ts";
import type { OutgoingPost, Sender, SendResult } from "../delivery/types.ts";
import { catalogFor } from "../messages/catalog/index.ts";
import type { Reply } from "../messages/reply.ts";
import { MAX_TEXT_BYTES, noticeContent, splitReply, withCommandPrefix, type NoticeContent } from "./content.ts";
import { describeMatrixError, failedSend, isPermanentReplyError } from "./errors.ts";
import { TRANSACTION_PREFIX_KEY, type AdapterStateStorage } from "./sync-store.ts";
import { matrixTexts } from "./texts.ts";

/** Target of a command reply: the command's room, and its thread when the command was typed in one. */
export interface MatrixReplyTarget {
  room: string;
  /** Root event of the thread the command was typed in. */
  threadRoot?: string;
  /** The command event that the reply responds to. None for the bot's own notices. */
  inReplyTo?: string;
}

export interface MatrixSenderOptions {
  client: MatrixClient;
  storage: AdapterStateStorage;
  commandPrefix: string;
  logger: Logger;
  /** How long one send request may take before it counts as failed. */
  requestTimeoutMs?: number;
}

type Relation = Record<string, unknown>;

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Bytes kept free in a root edit for the note that the edit was shortened. */
const TRUNCATION_NOTE_BYTES = 2_000;

function threadRelation(root: string, inReplyTo?: string): Relation {
  // is_falling_back marks m.in_reply_to as a fallback for thread-unaware
  // clients, not as a reply to one particular message.
  return { rel_type: "m.thread", event_id: root, is_falling_back: inReplyTo === undefined, "m.in_reply_to": { event_id: inReplyTo ?? root } };
}

export class MatrixSender implements Sender {
  readonly platform = "matrix" as const;
  private transactionPrefix?: Promise<string>;

  constructor(private readonly options: MatrixSenderOptions) {}

  async send(post: OutgoingPost): Promise<SendResult> {
    const content = withCommandPrefix(post.content, this.options.commandPrefix);
    try {
      switch (post.kind) {
        case "root":
        case "broadcast":
        case "alert":
          return await this.sendTopLevel(post, content);
        case "thread_reply":
          if (!post.rootRemoteId) return { ok: false, error: "incident root message not posted yet" };
          return await this.sendParts(post, post.destination.channel, content, () => threadRelation(post.rootRemoteId!));
        case "root_edit":
        case "alert_edit":
          if (!post.rootRemoteId) return { ok: false, error: `${post.kind === "root_edit" ? "incident root" : "alert"} message not posted yet` };
          return await this.sendEdit(post, content, post.rootRemoteId);
        case "reply":
          return await this.sendReply(post, content, post.replyTarget as unknown as MatrixReplyTarget);
        case "thread_note":
        case "alert_note":
          // An incident or alert whose first message never reached this room gets the note at the top level.
          if (!post.rootRemoteId) return await this.sendTopLevel(post, content);
          return await this.sendParts(post, post.destination.channel, content, () => threadRelation(post.rootRemoteId!));
      }
    } catch (error) {
      if (post.kind === "reply" && isPermanentReplyError(error)) {
        // The reply lane is shared by every room, so one room the bot cannot
        // post in must not hold back the replies behind it.
        this.options.logger.warn({ postId: post.postId, key: post.key, error: describeMatrixError(error) }, "Matrix command reply dropped: the homeserver rejected it");
        return { ok: true };
      }
      return failedSend(error);
    }
  }

  private parts(post: OutgoingPost, content: Reply, maxBytes = MAX_TEXT_BYTES): Reply[] {
    return splitReply(content, { nextHeading: catalogFor(post.locale).text.nextHeading, continued: matrixTexts[post.locale].continued, maxBytes });
  }

  private notice(post: OutgoingPost, part: Reply): NoticeContent {
    return noticeContent(part, catalogFor(post.locale).text.nextHeading);
  }

  /** Posts a message at the top level of the room, such as an incident's root message. Parts that do not fit in it continue in its thread. */
  private async sendTopLevel(post: OutgoingPost, content: Reply): Promise<SendResult> {
    const [first, ...rest] = this.parts(post, content);
    const room = post.destination.channel;
    const rootId = await this.sendEvent(room, post.key, 0, this.notice(post, first!));
    for (const [index, part] of rest.entries()) {
      await this.sendEvent(room, post.key, index + 1, { ...this.notice(post, part), "m.relates_to": threadRelation(rootId) });
    }
    return { ok: true, remoteId: rootId };
  }

  private async sendParts(post: OutgoingPost, room: string, content: Reply, relation: () => Relation | undefined): Promise<SendResult> {
    let firstId: string | undefined;
    for (const [index, part] of this.parts(post, content).entries()) {
      const related = relation();
      const eventId = await this.sendEvent(room, post.key, index, { ...this.notice(post, part), ...(related ? { "m.relates_to": related } : {}) });
      firstId ??= eventId;
    }
    return { ok: true, remoteId: firstId };
  }

  /**
   * Replaces the root message's content. An edit contains the content twice
   * (fallback and m.new_content) and cannot continue in a second event.
   * Content too long for half an event is therefore cut, and a note names
   * the command that shows all of it.
   */
  private async sendEdit(post: OutgoingPost, content: Reply, rootId: string): Promise<SendResult> {
    const parts = this.parts(post, content, MAX_TEXT_BYTES / 2 - TRUNCATION_NOTE_BYTES);
    let shown = parts[0]!;
    if (parts.length > 1) {
      const command = `${this.options.commandPrefix} status #${post.incidentId ?? ""}`;
      shown = { ...shown, lines: [...shown.lines, matrixTexts[post.locale].truncated(command)] };
    }
    const replacement = this.notice(post, shown);
    const edit = {
      ...replacement,
      body: `* ${replacement.body}`,
      formatted_body: `* ${replacement.formatted_body}`,
      "m.new_content": replacement,
      "m.relates_to": { rel_type: "m.replace", event_id: rootId },
    };
    await this.sendEvent(post.destination.channel, post.key, 0, edit);
    return { ok: true, remoteId: rootId };
  }

  private async sendReply(post: OutgoingPost, content: Reply, target: MatrixReplyTarget): Promise<SendResult> {
    const relation = (): Relation | undefined => {
      if (target.threadRoot) return threadRelation(target.threadRoot, target.inReplyTo);
      if (target.inReplyTo) return { "m.in_reply_to": { event_id: target.inReplyTo } };
      return undefined;
    };
    return this.sendParts(post, target.room, content, relation);
  }

  /** PUT /rooms/{room}/send/m.room.message/{txnId}; sendEvent() in 0.7.1 always makes up its own transaction id. */
  private async sendEvent(room: string, key: string, part: number, content: Record<string, unknown>): Promise<string> {
    const txnId = await this.transactionId(key, part);
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/${encodeURIComponent(txnId)}`;
    const response = (await this.options.client.doRequest("PUT", path, null, content, this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)) as { event_id: string };
    return response.event_id;
  }

  /**
   * Derives the transaction id of one event of a post. The Matrix spec
   * scopes transaction ids to the client's device (here, the access token),
   * so the random per-database prefix keeps a fresh database from reusing
   * the ids of an earlier one.
   */
  private async transactionId(key: string, part: number): Promise<string> {
    this.transactionPrefix ??= this.options.storage.readOrCreate(TRANSACTION_PREFIX_KEY, randomBytes(9).toString("base64url"));
    let prefix: string;
    try {
      prefix = await this.transactionPrefix;
    } catch (error) {
      // Read the prefix again on the next send instead of keeping the failure.
      this.transactionPrefix = undefined;
      throw error;
    }
    const digest = createHash("sha256").update(key).digest("base64url").slice(0, 32);
    return `dosbot.${prefix}.${digest}.${part}`;
  }
}
