// Shapes shared by the modules of the test homeserver.

export type Membership = "join" | "invite" | "leave" | "ban";

export const MEMBERSHIPS: readonly Membership[] = ["join", "invite", "leave", "ban"];

/** A room event in the client-server API format. */
export interface ClientEvent {
  event_id: string;
  room_id: string;
  sender: string;
  type: string;
  content: Record<string, unknown>;
  origin_server_ts: number;
  /** Present on state events only; the empty string is a valid state key. */
  state_key?: string;
  unsigned?: Record<string, unknown>;
}

/** A stored room event with the bookkeeping that sync and transaction idempotency need. */
export interface StoredEvent {
  readonly event: ClientEvent;
  /** Position in the server-wide stream that room events and account data share. */
  readonly position: number;
  /**
   * Users whose sync timeline may carry the event: the members joined right after it, plus
   * the target of a leave or ban, who receives their own departure.
   */
  readonly audience: ReadonlySet<string>;
  /** The access token and transaction ID of the client request that created the event, if any. */
  readonly transaction?: { accessToken: string; txnId: string };
}

/**
 * Route kinds group endpoints for fault injection and for the request log. A request that
 * matches no route is of kind "unrecognized".
 */
export type RouteKind =
  | "versions"
  | "whoami"
  | "account_data"
  | "filter"
  | "joined_rooms"
  | "sync"
  | "join"
  | "leave"
  | "send"
  | "state"
  | "event"
  | "members"
  | "relations"
  | "profile"
  | "presence"
  | "unrecognized";

/** Route kinds that failNext() and hangNext() accept; an unrecognized request consumes no fault. */
export type FaultKind = Exclude<RouteKind, "unrecognized">;

/** One HTTP request that the homeserver received. */
export interface RequestRecord {
  method: string;
  /** Path as sent, still percent-encoded, without the query string. */
  path: string;
  query: Record<string, string>;
  kind: RouteKind;
  /** The authenticated user, once the access token was accepted. */
  userId?: string;
  /** The parsed JSON body of a PUT or POST request. */
  body?: unknown;
  /** HTTP status of the response, or undefined while the request is pending or after it was dropped. */
  status?: number;
}

/** An injected error response; see failureResponse() in faults.ts for the defaults. */
export interface FailureOptions {
  status?: number;
  errcode?: string;
  error?: string;
  retryAfterMs?: number;
  /** Raw response text sent as text/plain in place of the JSON error, like a proxy's error page. */
  body?: string;
}
