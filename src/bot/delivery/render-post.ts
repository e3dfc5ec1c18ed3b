// Builds the content of a stored outbox post at send time, from the record
// as it is then, in the destination's language.
import type { Locale } from "../../config.ts";
import type { OutboxPost } from "../../generated/prisma/client.ts";
import type { Database } from "../../db/client.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import { loadIncidentView } from "../../phases/incident-view.ts";
import type { IncidentState } from "../../phases/states.ts";
import { loadEntryView } from "../../phases/timeline-view.ts";
import { catalogFor } from "../messages/catalog/index.ts";
import { renderEntryPost, renderRootPost } from "../messages/posts.ts";
import type { LineContext } from "../messages/record-lines.ts";
import type { Reply } from "../messages/reply.ts";
import type { BroadcastRenderers, StoredBroadcast } from "./broadcast.ts";
import type { Destination } from "./types.ts";

/** Payload of a direct reply to a command, rendered when the command ran. */
export interface StoredReply {
  reply: Reply;
  locale: Locale;
  target: Record<string, unknown>;
}

export interface RenderDependencies {
  db: Database;
  directory: MemberDirectory;
  timeZone: string;
  broadcasts: BroadcastRenderers;
}

export async function renderStoredPost(
  dependencies: RenderDependencies,
  destination: Destination,
  post: OutboxPost,
): Promise<{ content: Reply; locale: Locale; replyTarget?: Record<string, unknown> }> {
  const { db, directory, timeZone } = dependencies;
  if (post.kind === "reply") {
    const stored = JSON.parse(post.payload ?? "{}") as StoredReply;
    return { content: stored.reply, locale: stored.locale, replyTarget: stored.target };
  }

  const context: LineContext = { catalog: catalogFor(destination.locale), locale: destination.locale, timeZone };
  if (post.kind === "broadcast" || post.kind === "thread_note" || post.kind === "alert" || post.kind === "alert_edit" || post.kind === "alert_note") {
    const stored = JSON.parse(post.payload ?? "{}") as StoredBroadcast;
    const render = dependencies.broadcasts.get(stored.type);
    return { content: await render({ db, directory, context, destination, payload: stored.payload }), locale: destination.locale };
  }
  if (post.kind === "thread_reply") {
    const view = await loadEntryView(db, post.entryId!);
    if (!view) throw new Error(`timeline entry ${post.entryId} of outbox post ${post.id} not found`);
    const incident = await db.incident.findUniqueOrThrow({ where: { id: view.entry.incidentId }, select: { state: true } });
    return { content: renderEntryPost(context, view, destination.maxTlp, incident.state as IncidentState), locale: destination.locale };
  }
  const view = await loadIncidentView(db, directory, post.incidentId!);
  return { content: renderRootPost(context, view, destination.maxTlp), locale: destination.locale };
}
