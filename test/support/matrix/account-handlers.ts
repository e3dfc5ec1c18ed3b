// Handlers for server-wide and per-user endpoints: versions, whoami, account data, filters,
// profiles and presence.
import { localpartOf } from "./accounts.ts";
import { forbidden, invalidParam, notFound, requireJsonObject } from "./http.ts";
import type { RequestContext } from "./state.ts";

/**
 * Spec versions that GET /versions reports. Of these versions the server implements only the
 * endpoints that matrix-bot-sdk 0.7.1 calls for an unencrypted bot.
 */
const SUPPORTED_VERSIONS = ["v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6"];

const PRESENCE_STATES = new Set(["online", "offline", "unavailable"]);

export function getVersions() {
  return { versions: SUPPORTED_VERSIONS, unstable_features: {} };
}

export function getWhoAmI(ctx: RequestContext) {
  return { user_id: ctx.userId, is_guest: false };
}

/** Rejects with M_FORBIDDEN unless the {userId} path parameter is the requesting user. */
function requireOwnUser(ctx: RequestContext, action: string): string {
  const userId = ctx.param("userId");
  if (userId !== ctx.userId) {
    throw forbidden(`Cannot ${action} for other users: ${ctx.userId} requested ${userId}`);
  }
  return userId;
}

export function getAccountData(ctx: RequestContext) {
  const userId = requireOwnUser(ctx, "read account data");
  const type = ctx.param("type");
  const content = ctx.state.accounts.getAccountData(userId, type);
  if (content === undefined) {
    throw notFound(`Account data of type ${type} not found`);
  }
  return content;
}

export function putAccountData(ctx: RequestContext) {
  const userId = requireOwnUser(ctx, "set account data");
  const content = requireJsonObject(ctx.body, "Account data content");
  ctx.state.accounts.setAccountData(userId, ctx.param("type"), content);
  return {};
}

export function createFilter(ctx: RequestContext) {
  const userId = requireOwnUser(ctx, "create filters");
  const filter = requireJsonObject(ctx.body, "Filter");
  return { filter_id: ctx.state.accounts.addFilter(userId, filter) };
}

export function getFilter(ctx: RequestContext) {
  const userId = requireOwnUser(ctx, "read filters");
  const filterId = ctx.param("filterId");
  const filter = ctx.state.accounts.getFilter(userId, filterId);
  if (filter === undefined) {
    throw notFound(`Filter ${filterId} not found`);
  }
  return filter;
}

/**
 * Returns the display name of a registered user, or the localpart of a user who only appears
 * in rooms. Other users have no profile.
 */
function displayNameOf(ctx: RequestContext, userId: string): string {
  const account = ctx.state.accounts.user(userId);
  if (account) {
    return account.displayName;
  }
  if (ctx.state.rooms.hasSeenUser(userId)) {
    return localpartOf(userId);
  }
  throw notFound(`Profile of ${userId} not found`);
}

export function getProfile(ctx: RequestContext) {
  return { displayname: displayNameOf(ctx, ctx.param("userId")) };
}

export function getDisplayName(ctx: RequestContext) {
  return { displayname: displayNameOf(ctx, ctx.param("userId")) };
}

export function putDisplayName(ctx: RequestContext) {
  const userId = requireOwnUser(ctx, "set the display name");
  const displayName = requireJsonObject(ctx.body, "Profile update").displayname;
  if (typeof displayName !== "string") {
    throw invalidParam("Missing displayname: expected a string");
  }
  // requireOwnUser() passed, so the user is registered.
  ctx.state.accounts.user(userId)!.displayName = displayName;
  return {};
}

export function getPresence(ctx: RequestContext) {
  const userId = ctx.param("userId");
  const account = ctx.state.accounts.user(userId);
  if (account) {
    return { presence: account.presence };
  }
  if (ctx.state.rooms.hasSeenUser(userId)) {
    return { presence: "offline" };
  }
  throw notFound(`Presence of ${userId} not found`);
}

export function putPresence(ctx: RequestContext) {
  const userId = requireOwnUser(ctx, "set presence");
  const presence = requireJsonObject(ctx.body, "Presence update").presence;
  if (typeof presence !== "string" || !PRESENCE_STATES.has(presence)) {
    throw invalidParam(`Invalid presence ${JSON.stringify(presence)}: expected online, offline or unavailable`);
  }
  ctx.state.accounts.user(userId)!.presence = presence;
  return {};
}
