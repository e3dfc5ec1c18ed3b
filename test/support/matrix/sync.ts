// GET /_matrix/client/v3/sync: building responses and long-polling for new events.
import { isJsonObject, invalidParam } from "./http.ts";
import { clientEvent, stateKeyOf, type Room } from "./rooms.ts";
import type { HomeserverState, RequestContext } from "./state.ts";
import type { StoredEvent } from "./types.ts";

interface SyncRequest {
  userId: string;
  accessToken: string;
  /** Stream position of the `since` token; undefined for an initial sync. */
  sincePosition: number | undefined;
  fullState: boolean;
  timelineLimit: number;
}

/**
 * Handles a sync request. Returns at once when anything is new after `since`. Otherwise waits
 * up to `timeout` ms for a change and then returns an empty response with a fresh next_batch.
 * An initial sync (no `since`) and a `full_state=true` sync return at once, as Synapse does
 * (wait_for_sync_for_user in synapse/handlers/sync.py).
 * Closing the server ends the wait early with whatever is current.
 */
export async function handleSync(ctx: RequestContext): Promise<Record<string, unknown>> {
  const since = ctx.query.get("since");
  const request: SyncRequest = {
    userId: ctx.userId,
    accessToken: ctx.accessToken,
    sincePosition: since ? ctx.state.syncTokens.positionOf(since) : undefined,
    fullState: ctx.query.get("full_state") === "true",
    timelineLimit: timelineLimitOf(ctx),
  };
  const timeoutMs = parseTimeout(ctx.query.get("timeout"));
  const mayWait = request.sincePosition !== undefined && !request.fullState;
  const deadline = Date.now() + (mayWait ? timeoutMs : 0);

  for (;;) {
    const { body, hasContent } = buildSyncResponse(ctx.state, request);
    const remainingMs = deadline - Date.now();
    if (hasContent || remainingMs <= 0 || ctx.signal.aborted) {
      return body;
    }
    // A change may concern other users only, so the loop rebuilds and checks again.
    await ctx.state.clock.waitForChange(remainingMs, ctx.signal);
  }
}

function parseTimeout(value: string | null): number {
  if (value === null || value === "") {
    return 0;
  }
  const timeoutMs = Number(value);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 0) {
    throw invalidParam(`Invalid timeout "${value}": expected a non-negative integer of milliseconds`);
  }
  return timeoutMs;
}

/**
 * Reads `room.timeline.limit` from the request's filter, given either as a stored filter ID
 * or as inline JSON.
 * NOTE: the server ignores every other filter field, so a filter never hides events.
 */
function timelineLimitOf(ctx: RequestContext): number {
  const filterParam = ctx.query.get("filter");
  if (filterParam === null || filterParam === "") {
    return ctx.state.defaultTimelineLimit;
  }

  let filter: unknown;
  if (filterParam.startsWith("{")) {
    try {
      filter = JSON.parse(filterParam);
    } catch {
      throw invalidParam("Invalid inline filter: not valid JSON");
    }
  } else {
    filter = ctx.state.accounts.getFilter(ctx.userId, filterParam);
    if (filter === undefined) {
      throw invalidParam(`Unknown filter ID "${filterParam}" for ${ctx.userId}`);
    }
  }

  const room = isJsonObject(filter) ? filter.room : undefined;
  const timeline = isJsonObject(room) ? room.timeline : undefined;
  const limit = isJsonObject(timeline) ? timeline.limit : undefined;
  return typeof limit === "number" && Number.isInteger(limit) && limit > 0 ? limit : ctx.state.defaultTimelineLimit;
}

/** Builds the sync response body for one user; `hasContent` is false when there is nothing new. */
export function buildSyncResponse(
  state: HomeserverState,
  request: SyncRequest,
): { body: Record<string, unknown>; hasContent: boolean } {
  const join: Record<string, unknown> = {};
  const invite: Record<string, unknown> = {};
  const leave: Record<string, unknown> = {};

  for (const room of state.rooms.allRooms()) {
    const membership = room.memberships.get(request.userId);
    if (membership === "join") {
      const section = joinedRoomSection(state, room, request);
      if (section) {
        join[room.roomId] = section;
      }
    } else if (membership === "invite") {
      const inviteEvent = room.state.get(stateKeyOf("m.room.member", request.userId));
      if (request.sincePosition === undefined || (inviteEvent && inviteEvent.position > request.sincePosition)) {
        invite[room.roomId] = { invite_state: { events: state.rooms.strippedInviteState(room.roomId, request.userId) } };
      }
    } else if ((membership === "leave" || membership === "ban") && request.sincePosition !== undefined) {
      // As with servers whose filter lacks include_leave, an initial sync omits rooms already left.
      const section = leftRoomSection(state, room, request);
      if (section) {
        leave[room.roomId] = section;
      }
    }
  }

  const accountData = state.accounts.accountDataSince(request.userId, request.sincePosition);
  const roomCount = Object.keys(join).length + Object.keys(invite).length + Object.keys(leave).length;
  const body = {
    next_batch: state.syncTokens.mint(state.clock.position),
    rooms: { join, invite, leave, knock: {} },
    account_data: { events: accountData },
    presence: { events: [] },
    to_device: { events: [] },
    device_lists: { changed: [], left: [] },
    device_one_time_keys_count: {},
    device_unused_fallback_key_types: [],
  };
  return { body, hasContent: roomCount > 0 || accountData.length > 0 };
}

/** Returns the room's events after `since` that the user may see, in stream order. */
function visibleEvents(room: Room, request: SyncRequest): StoredEvent[] {
  return room.timeline.filter(
    (stored) =>
      (request.sincePosition === undefined || stored.position > request.sincePosition) &&
      stored.audience.has(request.userId),
  );
}

/** Keeps the last `limit` events. `limited: true` marks that earlier events were left out. */
function timelineSection(state: HomeserverState, events: StoredEvent[], request: SyncRequest) {
  const limited = events.length > request.timelineLimit;
  const returned = limited ? events.slice(-request.timelineLimit) : events;
  const first = returned[0];
  return {
    returned,
    section: {
      events: returned.map((stored) => clientEvent(stored, request.accessToken)),
      limited,
      prev_batch: state.syncTokens.mint(first ? first.position - 1 : state.clock.position),
    },
  };
}

function joinedRoomSection(state: HomeserverState, room: Room, request: SyncRequest) {
  const visible = visibleEvents(room, request);
  const ownMember = room.state.get(stateKeyOf("m.room.member", request.userId));
  const newlyJoined = request.sincePosition === undefined || (ownMember !== undefined && ownMember.position > request.sincePosition);
  if (visible.length === 0 && !newlyJoined && !request.fullState) {
    return undefined;
  }

  const { returned, section } = timelineSection(state, visible, request);
  // A client that is new to the room, or missed events, needs the state that the timeline does
  // not show. Sending all current state outside the timeline is a superset of the spec's
  // "state at the start of the timeline", which clients accept.
  const includeState = newlyJoined || request.fullState || section.limited;
  const inTimeline = new Set(returned.map((stored) => stored.event.event_id));
  const stateEvents = includeState
    ? [...room.state.values()].filter((stored) => !inTimeline.has(stored.event.event_id))
    : [];

  return {
    timeline: section,
    state: { events: stateEvents.map((stored) => clientEvent(stored, request.accessToken)) },
    ephemeral: { events: [] },
    account_data: { events: [] },
    unread_notifications: { highlight_count: 0, notification_count: 0 },
    summary: {},
  };
}

function leftRoomSection(state: HomeserverState, room: Room, request: SyncRequest) {
  const visible = visibleEvents(room, request);
  if (visible.length === 0) {
    return undefined;
  }
  return {
    timeline: timelineSection(state, visible, request).section,
    state: { events: [] },
    account_data: { events: [] },
  };
}
