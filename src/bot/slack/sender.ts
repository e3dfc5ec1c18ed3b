// Sends outbox posts to Slack through the Web API. The WebClient is set to
// neither retry nor wait on rate limits by itself: the outbox owns retries,
// so a 429's Retry-After, a 5xx or an outage keeps the post stored and the
// destination's later posts behind it.
import type { WebClient } from "@slack/web-api";
import { ErrorCode } from "@slack/web-api";
import { request } from "undici";
import type { ConfirmResult, OutgoingPost, Sender, SendResult } from "../delivery/types.ts";
import { catalogFor } from "../messages/catalog/index.ts";
import { renderSlackMessages, type SlackMessage } from "./blocks.ts";

/** Destination of a command reply: the slash command's response URL, or an ephemeral message in a channel or thread. */
export type SlackReplyTarget =
  | { via: "response_url"; url: string; channel: string; user: string }
  | { via: "ephemeral"; channel: string; user: string; threadTs?: string };

const RESPONSE_URL_TIMEOUT_MS = 10_000;

/**
 * Message metadata that tags each channel post with its outbox key. Slack's
 * chat.postMessage has no idempotency key, so after a crash in the middle of
 * a send the bot finds out from the channel whether the post went out.
 */
export const POST_METADATA_TYPE = "dos_bot_post";
// An interrupted post is among the channel's newest messages when the bot
// restarts; this many newest messages (or thread replies) are searched.
const CONFIRM_LOOKBACK_MESSAGES = 200;

function classify(error: unknown): SendResult {
  const coded = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (coded.code) {
    case ErrorCode.RateLimitedError:
      return { ok: false, error: "slack rate limited", retryAfterMs: (coded.retryAfter ?? 1) * 1000 };
    case ErrorCode.HTTPError:
      return { ok: false, error: `slack HTTP ${coded.statusCode}` };
    case ErrorCode.PlatformError:
      return { ok: false, error: `slack error ${coded.data?.error}` };
    case ErrorCode.RequestError:
      return { ok: false, error: `slack unreachable: ${coded.message}` };
    default:
      return { ok: false, error: String(error) };
  }
}

export class SlackSender implements Sender {
  readonly platform = "slack" as const;

  constructor(private readonly client: WebClient) {}

  async send(post: OutgoingPost): Promise<SendResult> {
    const { destination } = post;
    const messages = renderSlackMessages(post.content, {
      locale: post.locale,
      nextHeading: catalogFor(post.locale).text.nextHeading,
      buttons: post.kind !== "reply",
    });
    try {
      switch (post.kind) {
        case "root":
          return await this.postMessages(destination.channel, messages, post.key);
        case "thread_reply":
          if (!post.rootRemoteId) return { ok: false, error: "incident root message not posted yet" };
          return await this.postMessages(destination.channel, messages, post.key, post.rootRemoteId);
        case "root_edit":
        case "alert_edit": {
          if (!post.rootRemoteId) return { ok: false, error: `${post.kind === "root_edit" ? "incident root" : "alert"} message not posted yet` };
          const first = messages[0]!;
          await this.client.chat.update({ channel: destination.channel, ts: post.rootRemoteId, text: first.text, blocks: first.blocks });
          return { ok: true, remoteId: post.rootRemoteId };
        }
        case "reply":
          return await this.sendReply(post.replyTarget as SlackReplyTarget, messages);
        case "broadcast":
        case "alert":
          return await this.postMessages(destination.channel, messages, post.key);
        case "thread_note":
        case "alert_note":
          // An incident or alert whose first message never reached this channel gets the note at the top level.
          return await this.postMessages(destination.channel, messages, post.key, post.rootRemoteId);
      }
    } catch (error) {
      return classify(error);
    }
  }

  // NOTE: a reply longer than one message is sent as several; if a later part
  // fails, the retry sends the earlier parts again.
  private async postMessages(channel: string, messages: SlackMessage[], key: string, threadTs?: string): Promise<SendResult> {
    let firstTs: string | undefined;
    for (const message of messages) {
      const result = await this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        ...(threadTs || firstTs ? { thread_ts: threadTs ?? firstTs } : {}),
        metadata: { event_type: POST_METADATA_TYPE, event_payload: { key } },
        unfurl_links: false,
        unfurl_media: false,
      });
      firstTs ??= result.ts;
    }
    return { ok: true, remoteId: firstTs };
  }

  async confirm(post: OutgoingPost): Promise<ConfirmResult> {
    // Edits are idempotent and command replies are only seen by their member,
    // so those are sent again; channel posts are looked up by their key.
    if (post.kind === "reply" || post.kind === "root_edit" || post.kind === "alert_edit") return { found: false };
    const channel = post.destination.channel;
    try {
      const result =
        post.kind === "root" || post.kind === "broadcast" || post.kind === "alert" || !post.rootRemoteId
          ? await this.client.conversations.history({ channel, include_all_metadata: true, limit: CONFIRM_LOOKBACK_MESSAGES })
          : post.rootRemoteId
            ? await this.client.conversations.replies({ channel, ts: post.rootRemoteId, include_all_metadata: true, limit: CONFIRM_LOOKBACK_MESSAGES })
            : undefined;
      const match = result?.messages?.find((message) => {
        const metadata = (message as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
        return metadata?.event_type === POST_METADATA_TYPE && metadata.event_payload?.key === post.key;
      });
      return match ? { found: true, remoteId: match.ts } : { found: false };
    } catch (error) {
      const classified = classify(error);
      return { unknown: classified.ok ? "unknown" : classified.error };
    }
  }

  private async sendReply(target: SlackReplyTarget, messages: SlackMessage[]): Promise<SendResult> {
    for (const message of messages) {
      if (target.via === "ephemeral") {
        await this.client.chat.postEphemeral({ channel: target.channel, user: target.user, text: message.text, blocks: message.blocks, thread_ts: target.threadTs });
        continue;
      }
      const result = await this.postToResponseUrl(target, message);
      if (!result.ok) return result;
    }
    return { ok: true };
  }

  private async postToResponseUrl(target: SlackReplyTarget & { via: "response_url" }, message: SlackMessage): Promise<SendResult> {
    const response = await request(target.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text: message.text, blocks: message.blocks }),
      headersTimeout: RESPONSE_URL_TIMEOUT_MS,
      bodyTimeout: RESPONSE_URL_TIMEOUT_MS,
    });
    await response.body.dump();
    if (response.statusCode === 429) {
      const seconds = Number(response.headers["retry-after"] ?? "1");
      return { ok: false, error: "slack response_url rate limited", retryAfterMs: seconds * 1000 };
    }
    // A response URL expires after 30 minutes or 5 uses. Past that, the reply
    // goes to the member as an ephemeral message in the same channel instead.
    if (response.statusCode === 404 || response.statusCode === 410) {
      await this.client.chat.postEphemeral({ channel: target.channel, user: target.user, text: message.text, blocks: message.blocks });
      return { ok: true };
    }
    if (response.statusCode >= 300) return { ok: false, error: `slack response_url HTTP ${response.statusCode}` };
    return { ok: true };
  }
}
