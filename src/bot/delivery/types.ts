// Platform-neutral delivery types. A platform adapter implements Sender; the
// outbox worker decides what to send, when, and in which order.
import type { Locale } from "../../config.ts";
import type { Tlp } from "../commands/types.ts";
import type { Reply } from "../messages/reply.ts";

export type DeliveryPlatform = "slack" | "matrix";

/** A shared channel or room that receives every incident's story. */
export interface Destination {
  /** "<platform>:<channel or room id>" */
  id: string;
  platform: DeliveryPlatform;
  channel: string;
  locale: Locale;
  /** The most restrictive TLP label this audience may receive. */
  maxTlp: Tlp;
}

/**
 * root, root_edit and thread_reply belong to an incident's thread; alert,
 * alert_edit and alert_note to a probe alert's message and its thread.
 */
export type PostKind = "root" | "root_edit" | "thread_reply" | "reply" | "broadcast" | "thread_note" | "alert" | "alert_edit" | "alert_note";

export interface OutgoingPost {
  postId: number;
  key: string;
  kind: PostKind;
  destination: Destination;
  incidentId?: number;
  content: Reply;
  /** Language the content is in. */
  locale: Locale;
  /** Platform id of the incident's (or alert's) first message, for edits and thread replies. */
  rootRemoteId?: string;
  /** Platform-specific routing of a direct reply (response URL, thread id...). */
  replyTarget?: Record<string, unknown>;
}

export type SendResult =
  | { ok: true; remoteId?: string }
  | {
      ok: false;
      error: string;
      /** The platform asked to wait this long (Slack Retry-After, Matrix retry_after_ms). */
      retryAfterMs?: number;
    };

/** Whether a post whose send was interrupted reached the platform after all. */
export type ConfirmResult = { found: true; remoteId?: string } | { found: false } | { unknown: string };

export interface Sender {
  readonly platform: DeliveryPlatform;
  send(post: OutgoingPost): Promise<SendResult>;
  /**
   * Looks for a post on the platform after the process stopped in the middle
   * of sending it. Platforms whose sends are idempotent leave it out and the
   * post is simply sent again.
   */
  confirm?(post: OutgoingPost): Promise<ConfirmResult>;
}
