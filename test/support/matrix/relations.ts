// GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId}[/{relType}[/{eventType}]]
import { invalidParam, isJsonObject, notFound } from "./http.ts";
import { clientEvent } from "./rooms.ts";
import type { RequestContext } from "./state.ts";
import type { StoredEvent } from "./types.ts";

/**
 * Lists the events whose `content["m.relates_to"].event_id` is the given event, such as thread
 * replies (`rel_type: "m.thread"`) and edits (`rel_type: "m.replace"`). Replies that carry only
 * `m.in_reply_to` are not relations. Pages with `limit`, `from` and `dir` (default "b", newest
 * first). Without `limit`, one page contains every child.
 */
export function getRelations(ctx: RequestContext) {
  const roomId = ctx.param("roomId");
  const eventId = ctx.param("eventId");
  const relType = ctx.param("relType");
  const eventType = ctx.param("eventType");
  const { rooms } = ctx.state;

  const joined = rooms.membership(roomId, ctx.userId) === "join";
  const canSee = (stored: StoredEvent) => joined || stored.audience.has(ctx.userId);
  const parent = rooms.eventById(eventId);
  if (!parent || parent.event.room_id !== roomId || !canSee(parent)) {
    throw notFound(`Event ${eventId} not found in room ${roomId}`);
  }

  const children = rooms.room(roomId)!.timeline.filter((stored) => {
    const relation = stored.event.content["m.relates_to"];
    return (
      isJsonObject(relation) &&
      relation.event_id === eventId &&
      (relType === "" || relation.rel_type === relType) &&
      (eventType === "" || stored.event.type === eventType) &&
      canSee(stored)
    );
  });

  const direction = ctx.query.get("dir") ?? "b";
  if (direction !== "b" && direction !== "f") {
    throw invalidParam(`Invalid dir "${direction}": expected "b" or "f"`);
  }
  const ordered = direction === "b" ? children.reverse() : children;

  const offset = parsePageToken(ctx.query.get("from"));
  const limit = parseLimit(ctx.query.get("limit"));
  const page = ordered.slice(offset, offset + limit);
  const nextOffset = offset + page.length;

  return {
    chunk: page.map((stored) => clientEvent(stored, ctx.accessToken)),
    ...(nextOffset < ordered.length ? { next_batch: `r${nextOffset}` } : {}),
  };
}

/** Page tokens of this endpoint are "r" plus the offset into the ordered children. */
function parsePageToken(token: string | null): number {
  if (token === null || token === "") {
    return 0;
  }
  const match = /^r(\d+)$/.exec(token);
  if (!match) {
    throw invalidParam(`Invalid from token "${token}"`);
  }
  return Number(match[1]);
}

function parseLimit(value: string | null): number {
  if (value === null || value === "") {
    return Number.POSITIVE_INFINITY;
  }
  const limit = Number(value);
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw invalidParam(`Invalid limit "${value}": expected a positive integer`);
  }
  return limit;
}
