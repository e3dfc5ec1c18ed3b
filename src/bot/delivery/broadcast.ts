// Posts that no single command or timeline entry produces: weekly summaries
// and alerts in the shared channel ("broadcast"), and reminders in an
// incident's thread ("thread_note"). Each is stored once per destination and
// rendered at send time by the renderer registered for its type, in the
// destination's language and within its TLP clearance.
import { retryWhileBusy } from "../../db/busy-retry.ts";
import type { Database } from "../../db/client.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import type { LineContext } from "../messages/record-lines.ts";
import type { Reply } from "../messages/reply.ts";
import type { Destination } from "./types.ts";

export interface BroadcastRenderInput {
  db: Database;
  directory: MemberDirectory;
  context: LineContext;
  destination: Destination;
  payload: unknown;
}

export type BroadcastRenderer = (input: BroadcastRenderInput) => Promise<Reply>;

export class BroadcastRenderers {
  private readonly renderers = new Map<string, BroadcastRenderer>();

  register(type: string, renderer: BroadcastRenderer): void {
    if (this.renderers.has(type)) throw new Error(`broadcast renderer for "${type}" registered twice`);
    this.renderers.set(type, renderer);
  }

  get(type: string): BroadcastRenderer {
    const renderer = this.renderers.get(type);
    if (!renderer) throw new Error(`no broadcast renderer registered for "${type}"`);
    return renderer;
  }
}

export interface BroadcastItem {
  /** Renderer type, e.g. "weekly_summary". */
  type: string;
  /** Unique per logical post, e.g. "weekly_summary:2026-W49"; a second enqueue with the same key is a no-op. */
  key: string;
  payload: unknown;
  /** Posts into this incident's thread instead of the channel. */
  incidentId?: number;
}

export interface StoredBroadcast {
  type: string;
  payload: unknown;
}

/** Stores the item for every destination; returns how many posts were new. */
export async function enqueueBroadcast(db: Database, destinations: Destination[], item: BroadcastItem): Promise<number> {
  let created = 0;
  for (const destination of destinations) {
    const key = `${item.key}:${destination.id}`;
    const stored: StoredBroadcast = { type: item.type, payload: item.payload };
    const existing = await db.outboxPost.findUnique({ where: { key }, select: { id: true } });
    if (existing) continue;
    await retryWhileBusy(() =>
      db.outboxPost.upsert({
        where: { key },
        create: {
          destination: destination.id,
          key,
          kind: item.incidentId === undefined ? "broadcast" : "thread_note",
          incidentId: item.incidentId,
          payload: JSON.stringify(stored),
        },
        update: {},
      }),
    );
    created += 1;
  }
  return created;
}
