// Handlers for room endpoints: membership, sending events, reading state and events.
import { forbidden, invalidParam, notFound, requireJsonObject } from "./http.ts";
import { clientEvent } from "./rooms.ts";
import type { RequestContext } from "./state.ts";

/** Rejects with M_FORBIDDEN unless the requesting user is joined to the room. */
function requireJoined(ctx: RequestContext, roomId: string): void {
  if (ctx.state.rooms.membership(roomId, ctx.userId) !== "join") {
    throw forbidden(`User ${ctx.userId} is not joined to room ${roomId}`);
  }
}

export function getJoinedRooms(ctx: RequestContext) {
  return { joined_rooms: ctx.state.rooms.roomIdsWithMembership(ctx.userId, "join") };
}

/** Joins by room ID or alias. Invite-only rooms need an invite; joining twice adds no event. */
export function joinRoom(ctx: RequestContext) {
  const target = ctx.param("roomIdOrAlias");
  const { rooms } = ctx.state;
  const roomId = target.startsWith("#") ? rooms.roomIdForAlias(target) : target;
  if (roomId === undefined || !rooms.room(roomId)) {
    throw notFound(`Room ${target} not found`);
  }

  const membership = rooms.membership(roomId, ctx.userId);
  if (membership === "join") {
    return { room_id: roomId };
  }
  if (membership === "ban") {
    throw forbidden(`User ${ctx.userId} is banned from room ${roomId}`);
  }
  if (membership !== "invite" && rooms.joinRule(roomId) !== "public") {
    throw forbidden(`User ${ctx.userId} is not invited to room ${roomId}`);
  }

  rooms.append(roomId, {
    sender: ctx.userId,
    type: "m.room.member",
    stateKey: ctx.userId,
    content: rooms.memberContent(ctx.userId, "join"),
  });
  return { room_id: roomId };
}

/** Leaves a joined room or rejects an invite. */
export function leaveRoom(ctx: RequestContext) {
  const roomId = ctx.param("roomId");
  const { rooms } = ctx.state;
  const membership = rooms.membership(roomId, ctx.userId);
  if (membership !== "join" && membership !== "invite") {
    throw forbidden(`User ${ctx.userId} is not joined to or invited to room ${roomId}`);
  }

  const body = ctx.body === undefined ? {} : requireJsonObject(ctx.body, "Leave request");
  const reason = typeof body.reason === "string" ? body.reason : undefined;
  rooms.append(roomId, {
    sender: ctx.userId,
    type: "m.room.member",
    stateKey: ctx.userId,
    content: rooms.memberContent(ctx.userId, "leave", reason),
  });
  return {};
}

/**
 * Sends a message event. A repeated transaction ID from the same access token returns the
 * first event's ID and stores nothing, even if the user has left the room since.
 */
export function sendEvent(ctx: RequestContext) {
  const roomId = ctx.param("roomId");
  const type = ctx.param("eventType");
  const txnId = ctx.param("txnId");
  const { accounts, rooms } = ctx.state;
  const transactionScope = `send ${roomId} ${type} ${txnId}`;

  const earlierEventId = accounts.transactionEventId(ctx.accessToken, transactionScope);
  if (earlierEventId !== undefined) {
    return { event_id: earlierEventId };
  }

  requireJoined(ctx, roomId);
  const content = requireJsonObject(ctx.body, "Event content");
  const stored = rooms.append(roomId, {
    sender: ctx.userId,
    type,
    content,
    transaction: { accessToken: ctx.accessToken, txnId },
  });
  accounts.rememberTransaction(ctx.accessToken, transactionScope, stored.event.event_id);
  return { event_id: stored.event.event_id };
}

/**
 * Sends a state event. Membership changes must go through the join, leave and invite
 * endpoints instead, because this server does not apply membership rules to state events.
 */
export function putStateEvent(ctx: RequestContext) {
  const roomId = ctx.param("roomId");
  const type = ctx.param("eventType");
  requireJoined(ctx, roomId);
  if (type === "m.room.member") {
    throw invalidParam("m.room.member state is not supported here: use the join or leave endpoints");
  }

  const content = requireJsonObject(ctx.body, "State event content");
  const stored = ctx.state.rooms.append(roomId, { sender: ctx.userId, type, stateKey: ctx.param("stateKey"), content });
  return { event_id: stored.event.event_id };
}

export function getRoomState(ctx: RequestContext) {
  const roomId = ctx.param("roomId");
  requireJoined(ctx, roomId);
  return [...ctx.state.rooms.room(roomId)!.state.values()].map((stored) => clientEvent(stored, ctx.accessToken));
}

/** Returns the content of one state event, or the whole event with `?format=event`. */
export function getStateEvent(ctx: RequestContext) {
  const roomId = ctx.param("roomId");
  const type = ctx.param("eventType");
  const stateKey = ctx.param("stateKey");
  requireJoined(ctx, roomId);

  const stored = ctx.state.rooms.stateEvent(roomId, type, stateKey);
  if (!stored) {
    throw notFound(`State event ${type} with state key "${stateKey}" not found in room ${roomId}`);
  }
  const event = clientEvent(stored, ctx.accessToken);
  return ctx.query.get("format") === "event" ? event : event.content;
}

/** Returns an event that the user can see: any event while joined, otherwise those it was sent to. */
export function getEvent(ctx: RequestContext) {
  const roomId = ctx.param("roomId");
  const eventId = ctx.param("eventId");
  const stored = ctx.state.rooms.eventById(eventId);
  const joined = ctx.state.rooms.membership(roomId, ctx.userId) === "join";
  if (!stored || stored.event.room_id !== roomId || (!joined && !stored.audience.has(ctx.userId))) {
    throw notFound(`Event ${eventId} not found in room ${roomId}`);
  }
  return clientEvent(stored, ctx.accessToken);
}

export function getJoinedMembers(ctx: RequestContext) {
  const roomId = ctx.param("roomId");
  requireJoined(ctx, roomId);

  const joined: Record<string, { display_name?: string }> = {};
  for (const userId of ctx.state.rooms.joinedMembers(roomId)) {
    const displayName = ctx.state.rooms.stateEvent(roomId, "m.room.member", userId)?.event.content.displayname;
    joined[userId] = typeof displayName === "string" ? { display_name: displayName } : {};
  }
  return { joined };
}
