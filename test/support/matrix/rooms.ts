// Rooms, their timelines, current state and memberships.
import { randomBytes } from "node:crypto";

import type { AccountStore } from "./accounts.ts";
import type { StreamClock } from "./stream.ts";
import { MEMBERSHIPS, type ClientEvent, type Membership, type StoredEvent } from "./types.ts";

/** State event types that an invite carries as stripped state, so the invitee can show the room. */
const STRIPPED_STATE_TYPES = new Set([
  "m.room.create",
  "m.room.name",
  "m.room.avatar",
  "m.room.topic",
  "m.room.join_rules",
  "m.room.canonical_alias",
  "m.room.encryption",
]);

/** The room version that created rooms claim. The server does not check version-specific rules. */
const ROOM_VERSION = "10";

export interface Room {
  readonly roomId: string;
  readonly timeline: StoredEvent[];
  /** Current state, keyed by stateKeyOf(type, stateKey). */
  readonly state: Map<string, StoredEvent>;
  readonly memberships: Map<string, Membership>;
}

export interface NewEvent {
  sender: string;
  type: string;
  content: Record<string, unknown>;
  stateKey?: string;
  transaction?: { accessToken: string; txnId: string };
}

export interface CreateRoomOptions {
  /** Defaults to a random "!id:serverName". */
  roomId?: string;
  creator: string;
  /** Users joined right after the creator. */
  members?: string[];
  /** Adds an m.room.encryption state event (m.megolm.v1.aes-sha2). */
  encrypted?: boolean;
  name?: string;
  /** A "#alias:server" that POST /join/{roomIdOrAlias} resolves to this room. */
  alias?: string;
  /** "invite" (the default) lets only invited users join; "public" lets anyone join. */
  joinRule?: "invite" | "public";
}

export function stateKeyOf(type: string, stateKey: string): string {
  return `${type}\n${stateKey}`;
}

export function isMembership(value: unknown): value is Membership {
  return typeof value === "string" && (MEMBERSHIPS as readonly string[]).includes(value);
}

/** Returns a fresh ID of the given sigil, e.g. "$" for events, with 128 random bits. */
function randomId(sigil: string): string {
  return sigil + randomBytes(16).toString("base64url");
}

/**
 * Returns a deep copy of the event as a client receives it: with `unsigned.age`, and with
 * `unsigned.transaction_id` when `accessToken` is the token that sent it, as real servers do.
 */
export function clientEvent(stored: StoredEvent, accessToken?: string): ClientEvent {
  const event = structuredClone(stored.event);
  const unsigned: Record<string, unknown> = { age: Math.max(0, Date.now() - event.origin_server_ts) };
  if (accessToken !== undefined && stored.transaction?.accessToken === accessToken) {
    unsigned.transaction_id = stored.transaction.txnId;
  }
  event.unsigned = unsigned;
  return event;
}

export class RoomStore {
  private readonly rooms = new Map<string, Room>();
  private readonly roomIdsByAlias = new Map<string, string>();
  private readonly eventsById = new Map<string, StoredEvent>();
  /** Every room event in stream order. */
  private readonly allEvents: StoredEvent[] = [];

  constructor(
    private readonly clock: StreamClock,
    private readonly accounts: AccountStore,
    private readonly serverName: string,
  ) {}

  /** Creates a room with the creation events a real server writes, and returns its ID. */
  create(options: CreateRoomOptions): string {
    const roomId = options.roomId ?? `${randomId("!")}:${this.serverName}`;
    if (!/^![^:]+:.+$/.test(roomId)) {
      throw new Error(`Invalid room ID "${roomId}": expected "!opaque_id:server"`);
    }
    if (this.rooms.has(roomId)) {
      throw new Error(`Room ${roomId} already exists`);
    }
    if (options.alias !== undefined) {
      if (!/^#[^:]+:.+$/.test(options.alias)) {
        throw new Error(`Invalid room alias "${options.alias}": expected "#alias:server"`);
      }
      if (this.roomIdsByAlias.has(options.alias)) {
        throw new Error(`Room alias ${options.alias} is already in use`);
      }
    }

    this.rooms.set(roomId, { roomId, timeline: [], state: new Map(), memberships: new Map() });
    const creator = options.creator;
    const addState = (type: string, content: Record<string, unknown>, stateKey = "") =>
      this.append(roomId, { sender: creator, type, stateKey, content });

    addState("m.room.create", { creator, room_version: ROOM_VERSION });
    addState("m.room.member", this.memberContent(creator, "join"), creator);
    addState("m.room.power_levels", {
      users: { [creator]: 100 },
      users_default: 0,
      events_default: 0,
      state_default: 50,
      ban: 50,
      kick: 50,
      redact: 50,
      invite: 0,
    });
    addState("m.room.join_rules", { join_rule: options.joinRule ?? "invite" });
    addState("m.room.history_visibility", { history_visibility: "shared" });
    if (options.name !== undefined) {
      addState("m.room.name", { name: options.name });
    }
    if (options.alias !== undefined) {
      this.roomIdsByAlias.set(options.alias, roomId);
      addState("m.room.canonical_alias", { alias: options.alias });
    }
    if (options.encrypted) {
      addState("m.room.encryption", { algorithm: "m.megolm.v1.aes-sha2" });
    }

    for (const member of new Set(options.members ?? [])) {
      if (member !== creator) {
        this.append(roomId, { sender: member, type: "m.room.member", stateKey: member, content: this.memberContent(member, "join") });
      }
    }
    return roomId;
  }

  /** Returns m.room.member content, with the display name of registered users. */
  memberContent(userId: string, membership: Membership, reason?: string): Record<string, unknown> {
    const content: Record<string, unknown> = { membership };
    const displayName = this.accounts.user(userId)?.displayName;
    if (membership === "join" && displayName !== undefined) {
      content.displayname = displayName;
    }
    if (reason !== undefined) {
      content.reason = reason;
    }
    return content;
  }

  /**
   * Appends an event to a room's timeline, updates state and membership, and wakes waiting
   * sync requests. Throws if the room does not exist.
   */
  append(roomId: string, input: NewEvent): StoredEvent {
    const room = this.rooms.get(roomId);
    if (!room) {
      throw new Error(`Room ${roomId} not found`);
    }

    const event: ClientEvent = {
      event_id: randomId("$"),
      room_id: roomId,
      sender: input.sender,
      type: input.type,
      content: structuredClone(input.content),
      origin_server_ts: Date.now(),
    };
    if (input.stateKey !== undefined) {
      event.state_key = input.stateKey;
    }

    const membership = input.content.membership;
    const isMemberEvent = input.type === "m.room.member" && input.stateKey !== undefined;
    if (isMemberEvent && isMembership(membership)) {
      room.memberships.set(input.stateKey!, membership);
    }

    const audience = new Set(this.joinedMembers(roomId));
    if (isMemberEvent && (membership === "leave" || membership === "ban")) {
      audience.add(input.stateKey!);
    }

    const stored: StoredEvent = { event, position: this.clock.advance(), audience, transaction: input.transaction };
    room.timeline.push(stored);
    if (input.stateKey !== undefined) {
      room.state.set(stateKeyOf(input.type, input.stateKey), stored);
    }
    this.eventsById.set(event.event_id, stored);
    this.allEvents.push(stored);
    this.clock.notify();
    return stored;
  }

  room(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  roomIdForAlias(alias: string): string | undefined {
    return this.roomIdsByAlias.get(alias);
  }

  allRooms(): Iterable<Room> {
    return this.rooms.values();
  }

  membership(roomId: string, userId: string): Membership | undefined {
    return this.rooms.get(roomId)?.memberships.get(userId);
  }

  joinedMembers(roomId: string): string[] {
    const room = this.rooms.get(roomId);
    if (!room) {
      return [];
    }
    return [...room.memberships].filter(([, membership]) => membership === "join").map(([userId]) => userId);
  }

  /** Tells whether the user has, or had, a membership in any room. */
  hasSeenUser(userId: string): boolean {
    return [...this.rooms.values()].some((room) => room.memberships.has(userId));
  }

  roomIdsWithMembership(userId: string, membership: Membership): string[] {
    return [...this.rooms.values()].filter((room) => room.memberships.get(userId) === membership).map((room) => room.roomId);
  }

  stateEvent(roomId: string, type: string, stateKey: string): StoredEvent | undefined {
    return this.rooms.get(roomId)?.state.get(stateKeyOf(type, stateKey));
  }

  /** Returns the room's join rule, "invite" when it has no m.room.join_rules event. */
  joinRule(roomId: string): string {
    const rule = this.stateEvent(roomId, "m.room.join_rules", "")?.event.content.join_rule;
    return typeof rule === "string" ? rule : "invite";
  }

  /** Returns the stripped state that an invite to the room carries, ending with the invite itself. */
  strippedInviteState(roomId: string, invitee: string): Record<string, unknown>[] {
    const room = this.rooms.get(roomId);
    if (!room) {
      return [];
    }
    const events = [...room.state.values()].filter((stored) => STRIPPED_STATE_TYPES.has(stored.event.type));
    const invite = room.state.get(stateKeyOf("m.room.member", invitee));
    if (invite) {
      events.push(invite);
    }
    return events.map(({ event }) => ({
      type: event.type,
      state_key: event.state_key,
      sender: event.sender,
      content: structuredClone(event.content),
    }));
  }

  eventById(eventId: string): StoredEvent | undefined {
    return this.eventsById.get(eventId);
  }

  /** Returns every room event in stream order. */
  events(): readonly StoredEvent[] {
    return this.allEvents;
  }
}
