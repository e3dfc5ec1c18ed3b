// Direct replies to a member's command go through the outbox too, in a
// reply lane per platform, so a platform outage delays them instead of
// losing them.
import type { Locale } from "../../config.ts";
import { retryWhileBusy } from "../../db/busy-retry.ts";
import type { Database } from "../../db/client.ts";
import type { Reply } from "../messages/reply.ts";
import type { StoredReply } from "./render-post.ts";
import type { DeliveryPlatform, Destination } from "./types.ts";

export function replyLane(platform: DeliveryPlatform): Destination {
  // Replies are rendered for the member when the command runs, so the lane's
  // own locale and TLP clearance are never used.
  return { id: `${platform}:replies`, platform, channel: "", locale: "ja", maxTlp: "RED" };
}

/** Stores a reply for sending; `key` makes a second enqueue of the same reply a no-op. */
export async function enqueueReply(
  db: Database,
  platform: DeliveryPlatform,
  key: string,
  reply: Reply,
  locale: Locale,
  target: Record<string, unknown>,
): Promise<void> {
  const payload: StoredReply = { reply, locale, target };
  await retryWhileBusy(() =>
    db.outboxPost.upsert({
      where: { key },
      create: { destination: replyLane(platform).id, key, kind: "reply", payload: JSON.stringify(payload) },
      update: {},
    }),
  );
}
