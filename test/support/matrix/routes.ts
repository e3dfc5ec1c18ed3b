// The table of implemented endpoints and the matching of request paths against it.
import * as account from "./account-handlers.ts";
import { getRelations } from "./relations.ts";
import * as room from "./room-handlers.ts";
import type { RequestContext } from "./state.ts";
import { handleSync } from "./sync.ts";
import type { RouteKind } from "./types.ts";

/** A handler returns the JSON body of a 200 response, or throws MatrixHttpError. */
export type RouteHandler = (ctx: RequestContext) => unknown;

export interface Route {
  readonly method: "GET" | "PUT" | "POST";
  readonly kind: Exclude<RouteKind, "unrecognized">;
  /** False only for endpoints that the spec lets clients call without an access token. */
  readonly requiresAuth: boolean;
  readonly pattern: RegExp;
  readonly handle: RouteHandler;
}

export interface RouteMatch {
  readonly route: Route;
  /** Raw (still percent-encoded) path parameters; an absent optional parameter is undefined. */
  readonly params: Record<string, string | undefined>;
}

/**
 * Compiles a path template. "{name}" matches one non-empty segment. "{name?}" matches an
 * optional trailing segment that may also be empty, as in ".../state/m.room.name/" where the
 * empty state key still leaves a trailing slash.
 */
function compileTemplate(template: string): RegExp {
  let source = "";
  for (const segment of template.split("/").slice(1)) {
    const parameter = /^\{(\w+)(\?)?\}$/.exec(segment);
    if (!parameter) {
      source += "/" + segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else if (parameter[2]) {
      source += `(?:/(?<${parameter[1]}>[^/]*))?`;
    } else {
      source += `/(?<${parameter[1]}>[^/]+)`;
    }
  }
  return new RegExp(`^${source}$`);
}

function route(
  method: Route["method"],
  template: string,
  kind: Route["kind"],
  handle: RouteHandler,
  requiresAuth = true,
): Route {
  return { method, kind, requiresAuth, pattern: compileTemplate(template), handle };
}

const V3 = "/_matrix/client/v3";
const ROOM = `${V3}/rooms/{roomId}`;

/** Endpoints that matrix-bot-sdk 0.7.1 uses for a bot without encryption. */
export const ROUTES: readonly Route[] = [
  route("GET", "/_matrix/client/versions", "versions", account.getVersions, false),
  route("GET", `${V3}/account/whoami`, "whoami", account.getWhoAmI),
  route("GET", `${V3}/user/{userId}/account_data/{type}`, "account_data", account.getAccountData),
  route("PUT", `${V3}/user/{userId}/account_data/{type}`, "account_data", account.putAccountData),
  route("POST", `${V3}/user/{userId}/filter`, "filter", account.createFilter),
  route("GET", `${V3}/user/{userId}/filter/{filterId}`, "filter", account.getFilter),
  route("GET", `${V3}/profile/{userId}`, "profile", account.getProfile),
  route("GET", `${V3}/profile/{userId}/displayname`, "profile", account.getDisplayName),
  route("PUT", `${V3}/profile/{userId}/displayname`, "profile", account.putDisplayName),
  route("GET", `${V3}/presence/{userId}/status`, "presence", account.getPresence),
  route("PUT", `${V3}/presence/{userId}/status`, "presence", account.putPresence),
  route("GET", `${V3}/sync`, "sync", handleSync),
  route("GET", `${V3}/joined_rooms`, "joined_rooms", room.getJoinedRooms),
  route("POST", `${V3}/join/{roomIdOrAlias}`, "join", room.joinRoom),
  route("POST", `${V3}/rooms/{roomIdOrAlias}/join`, "join", room.joinRoom),
  route("POST", `${ROOM}/leave`, "leave", room.leaveRoom),
  route("PUT", `${ROOM}/send/{eventType}/{txnId}`, "send", room.sendEvent),
  route("PUT", `${ROOM}/state/{eventType}/{stateKey?}`, "state", room.putStateEvent),
  route("GET", `${ROOM}/state`, "state", room.getRoomState),
  route("GET", `${ROOM}/state/{eventType}/{stateKey?}`, "state", room.getStateEvent),
  route("GET", `${ROOM}/event/{eventId}`, "event", room.getEvent),
  route("GET", `${ROOM}/joined_members`, "members", room.getJoinedMembers),
  route("GET", "/_matrix/client/v1/rooms/{roomId}/relations/{eventId}/{relType?}/{eventType?}", "relations", getRelations),
];

/**
 * Finds the route for a request. Returns "wrong-method" when the path exists under another
 * method only, so the server can return 405 as the spec requires.
 */
export function matchRoute(method: string, path: string): RouteMatch | "wrong-method" | undefined {
  let pathExists = false;
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(path);
    if (!match) {
      continue;
    }
    if (candidate.method === method) {
      return { route: candidate, params: { ...match.groups } };
    }
    pathExists = true;
  }
  return pathExists ? "wrong-method" : undefined;
}
