// A Matrix homeserver for tests: the client-server endpoints that matrix-bot-sdk 0.7.1 uses,
// served from memory on 127.0.0.1, with controls to play remote users and inject faults.
import { clientEvent, isMembership, type CreateRoomOptions, type NewEvent } from "./rooms.ts";
import { MatrixHttpServer } from "./server.ts";
import { createState, type HomeserverState } from "./state.ts";
import type { ClientEvent, FailureOptions, FaultKind, Membership, RequestRecord, StoredEvent } from "./types.ts";

export type { CreateRoomOptions } from "./rooms.ts";
export type { ClientEvent, FailureOptions, FaultKind, Membership, RequestRecord, RouteKind } from "./types.ts";

export interface HomeserverOptions {
  /** Server name in generated room IDs. Defaults to "localhost". */
  serverName?: string;
  /**
   * Maximum timeline events per room in one sync response when the client's filter sets no
   * `room.timeline.limit`. Defaults to no limit, so tests never lose events to a gap.
   */
  timelineLimit?: number;
}

export interface InjectEventOptions {
  /** Makes the event a state event; "" is the usual key for room-wide state. */
  stateKey?: string;
}

export interface InviteOptions {
  /** Marks the invite as a direct chat (`is_direct: true`), which matrix-bot-sdk records in m.direct. */
  isDirect?: boolean;
}

/** A running test homeserver. Every control method throws on misuse, such as an unknown room. */
export class TestHomeserver {
  private constructor(
    readonly url: string,
    private readonly state: HomeserverState,
    private readonly http: MatrixHttpServer,
  ) {}

  static async start(options: HomeserverOptions = {}): Promise<TestHomeserver> {
    const timelineLimit = options.timelineLimit ?? Number.POSITIVE_INFINITY;
    if (!(timelineLimit >= 1)) {
      throw new Error(`Invalid timelineLimit ${timelineLimit}: expected at least 1`);
    }
    const state = createState(options.serverName ?? "localhost", timelineLimit);
    const http = new MatrixHttpServer(state);
    const url = await http.listen();
    return new TestHomeserver(url, state, http);
  }

  get serverName(): string {
    return this.state.serverName;
  }

  /** Every request received so far, in arrival order. */
  get requests(): readonly RequestRecord[] {
    return this.http.requests;
  }

  /** Requests that matched no endpoint (404) or used the wrong method (405). */
  unrecognizedRequests(): RequestRecord[] {
    return this.http.requests.filter((record) => record.kind === "unrecognized");
  }

  /** Lets `accessToken` act as `userId`. The display name defaults to the localpart. */
  registerUser(userId: string, accessToken: string, options: { displayName?: string } = {}): void {
    this.state.accounts.register(userId, accessToken, options.displayName);
  }

  /** Creates a room with the creator and `members` joined, and returns its ID. */
  createRoom(options: CreateRoomOptions): string {
    return this.state.rooms.create(options);
  }

  /** Invites `userId` on behalf of the joined member `by`, and returns the invite event's ID. */
  invite(roomId: string, userId: string, by: string, options: InviteOptions = {}): string {
    this.requireJoined(roomId, by);
    const membership = this.state.rooms.membership(roomId, userId);
    if (membership === "join" || membership === "ban") {
      throw new Error(`Cannot invite ${userId} to ${roomId}: membership is ${membership}`);
    }

    const content = this.state.rooms.memberContent(userId, "invite");
    if (options.isDirect) {
      content.is_direct = true;
    }
    return this.appendEvent(roomId, { sender: by, type: "m.room.member", stateKey: userId, content });
  }

  /** Removes a joined or invited user on behalf of the joined member `by`, and returns the event ID. */
  kick(roomId: string, userId: string, by: string, reason?: string): string {
    this.requireJoined(roomId, by);
    const membership = this.state.rooms.membership(roomId, userId);
    if (membership !== "join" && membership !== "invite") {
      throw new Error(`Cannot kick ${userId} from ${roomId}: membership is ${membership ?? "none"}`);
    }
    const content = this.state.rooms.memberContent(userId, "leave", reason);
    return this.appendEvent(roomId, { sender: by, type: "m.room.member", stateKey: userId, content });
  }

  /**
   * Stores an event as if the joined member `sender` had sent it, and returns its ID. A user
   * who is not joined may only send their own m.room.member event, which is how a remote user
   * joins: `injectEvent(roomId, user, "m.room.member", { membership: "join" }, { stateKey: user })`.
   */
  injectEvent(
    roomId: string,
    sender: string,
    type: string,
    content: Record<string, unknown>,
    options: InjectEventOptions = {},
  ): string {
    const isMemberEvent = type === "m.room.member";
    if (isMemberEvent && (options.stateKey === undefined || !isMembership(content.membership))) {
      throw new Error("An m.room.member event needs a stateKey and a membership of join, invite, leave or ban");
    }
    if (!(isMemberEvent && options.stateKey === sender)) {
      this.requireJoined(roomId, sender);
    }
    const input: NewEvent = { sender, type, content };
    if (options.stateKey !== undefined) {
      input.stateKey = options.stateKey;
    }
    return this.appendEvent(roomId, input);
  }

  /** Returns a copy of the room's timeline, creation events included, in the order stored. */
  events(roomId: string): ClientEvent[] {
    return this.requireRoom(roomId).timeline.map(plainEvent);
  }

  /** Returns copies of the events that `userId` sent in any room, optionally of one type only. */
  sentBy(userId: string, type?: string): ClientEvent[] {
    return this.state.rooms
      .events()
      .filter(({ event }) => event.sender === userId && (type === undefined || event.type === type))
      .map(plainEvent);
  }

  membership(roomId: string, userId: string): Membership | undefined {
    return this.requireRoom(roomId).memberships.get(userId);
  }

  /**
   * Resolves with the first stored event, earlier or later, that matches `predicate`. Rejects
   * if none does within `timeoutMs`.
   */
  async waitForEvent(predicate: (event: ClientEvent) => boolean, timeoutMs = 5000): Promise<ClientEvent> {
    const deadline = Date.now() + timeoutMs;
    let checked = 0;
    for (;;) {
      const events = this.state.rooms.events();
      for (; checked < events.length; checked++) {
        const event = plainEvent(events[checked]!);
        if (predicate(event)) {
          return event;
        }
      }
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) {
        throw new Error(`No matching event was stored within ${timeoutMs} ms (${events.length} events in total)`);
      }
      await this.state.clock.waitForChange(remainingMs);
    }
  }

  /**
   * Makes the next request of `kind` fail without side effects, after its access token is
   * checked. Calls queue up, one fault per request. For example
   * `failNext("send", { errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 1500 })` answers 429 with
   * `{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":1500}`.
   */
  failNext(kind: FaultKind, options: FailureOptions): void {
    this.http.faults.push(kind, { type: "fail", options });
  }

  /**
   * Delays the next request of `kind` by `ms` before handling it normally. It is handled even
   * if the client has disconnected by then, unless the server closes first.
   */
  hangNext(kind: FaultKind, ms: number): void {
    if (!(ms >= 0)) {
      throw new Error(`Invalid delay ${ms}: expected milliseconds >= 0`);
    }
    this.http.faults.push(kind, { type: "hang", ms });
  }

  /** Returns how many injected faults for `kind` no request has consumed yet. */
  pendingFaults(kind: FaultKind): number {
    return this.http.faults.pending(kind);
  }

  /** Ends pending long-polls with a 200 response, drops delayed requests and destroys all sockets. */
  close(): Promise<void> {
    return this.http.close();
  }

  private requireRoom(roomId: string) {
    const room = this.state.rooms.room(roomId);
    if (!room) {
      throw new Error(`Room ${roomId} not found`);
    }
    return room;
  }

  private requireJoined(roomId: string, userId: string): void {
    const membership = this.requireRoom(roomId).memberships.get(userId);
    if (membership !== "join") {
      throw new Error(`${userId} is not joined to ${roomId}: membership is ${membership ?? "none"}`);
    }
  }

  private appendEvent(roomId: string, input: NewEvent): string {
    this.requireRoom(roomId);
    return this.state.rooms.append(roomId, input).event.event_id;
  }
}

/** Returns a copy of a stored event without the `unsigned` section that clients receive. */
function plainEvent(stored: StoredEvent): ClientEvent {
  const event = clientEvent(stored);
  delete event.unsigned;
  return event;
}

/** Starts a test homeserver on 127.0.0.1 with an ephemeral port. Call close() when done. */
export function startHomeserver(options: HomeserverOptions = {}): Promise<TestHomeserver> {
  return TestHomeserver.start(options);
}
