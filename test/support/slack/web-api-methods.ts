import { TEST_WORKSPACE } from "./workspace.ts";

/** A user that users.info returns. Unset fields fall back to the workspace defaults. */
export interface FakeSlackUser {
  team_id?: string;
  name?: string;
  real_name?: string;
  is_bot?: boolean;
  deleted?: boolean;
}

/** A channel that conversations.info returns. */
export interface FakeSlackChannel {
  name?: string;
  is_private?: boolean;
  is_ext_shared?: boolean;
}

export interface FakeSlackWorkspaceOptions {
  /** WebSocket URL that apps.connections.open returns, for Socket Mode tests. */
  socketModeUrl?: () => string;
  teamId?: string;
  teamName?: string;
  teamDomain?: string;
  appId?: string;
  botUserId?: string;
  botUserName?: string;
  botId?: string;
  /** When given, users.info finds only these users (and the bot user) and returns user_not_found for others. */
  users?: Record<string, FakeSlackUser>;
  /** When given, conversations.info finds only these channels and returns channel_not_found for others. */
  channels?: Record<string, FakeSlackChannel>;
}

export type ApiArguments = Record<string, unknown>;
export type ApiResult = { ok: true; [field: string]: unknown } | { ok: false; error: string };

type MethodHandler = (args: ApiArguments) => ApiResult;

// The first message gets ts "1733300000.000100", and each later one 100 microseconds more.
const FIRST_TS_MICROSECONDS = 1_733_300_000_000_000n;
const TS_STEP_MICROSECONDS = 100n;

/**
 * State and method handlers of a fake Slack workspace: message timestamps, open
 * views and their hashes. Handlers check the arguments a method requires and
 * return Slack's result object. Authentication and fault injection happen in
 * web-api-server.ts.
 *
 * NOTE: the error codes for missing arguments follow Slack's method docs where
 * they name one (channel_not_found, no_text, user_not_found) and use
 * invalid_arguments elsewhere. Slack may report some of these cases differently.
 */
export class FakeSlackWorkspace {
  private readonly handlers: Record<string, MethodHandler>;
  private lastTsMicroseconds = FIRST_TS_MICROSECONDS;
  private viewCount = 0;
  private hashCount = 0;
  private readonly viewHashes = new Map<string, string>();
  private readonly viewIdsByExternalId = new Map<string, string>();
  private readonly channelMessages = new Map<string, Record<string, unknown>[]>();

  constructor(private readonly options: FakeSlackWorkspaceOptions = {}) {
    this.handlers = {
      "auth.test": () => this.authTest(),
      "chat.postMessage": (args) => this.postMessage(args),
      "chat.update": (args) => this.updateMessage(args),
      "chat.postEphemeral": (args) => this.postEphemeral(args),
      "views.open": (args) => this.openView(args),
      "views.push": (args) => this.openView(args),
      "views.update": (args) => this.updateView(args),
      "conversations.info": (args) => this.conversationInfo(args),
      "users.info": (args) => this.userInfo(args),
      "apps.connections.open": () => this.openConnection(),
      "conversations.history": (args) => this.history(args),
      "conversations.replies": (args) => this.replies(args),
    };
  }

  get teamId(): string {
    return this.options.teamId ?? TEST_WORKSPACE.teamId;
  }

  get botUserId(): string {
    return this.options.botUserId ?? TEST_WORKSPACE.botUserId;
  }

  get botId(): string {
    return this.options.botId ?? TEST_WORKSPACE.botId;
  }

  get appId(): string {
    return this.options.appId ?? TEST_WORKSPACE.appId;
  }

  hasMethod(method: string): boolean {
    return Object.hasOwn(this.handlers, method);
  }

  /** Runs a method. Throws when the method is unknown, so callers check hasMethod first. */
  call(method: string, args: ApiArguments): ApiResult {
    const handler = this.handlers[method];
    if (handler === undefined) {
      throw new Error(`unknown Slack method ${method}: check hasMethod before call`);
    }
    return handler(args);
  }

  /** Returns a new message ts, later than every ts returned before. */
  nextTs(): string {
    this.lastTsMicroseconds += TS_STEP_MICROSECONDS;
    const seconds = this.lastTsMicroseconds / 1_000_000n;
    const microseconds = this.lastTsMicroseconds % 1_000_000n;
    return `${seconds}.${microseconds.toString().padStart(6, "0")}`;
  }

  private openConnection(): ApiResult {
    const url = this.options.socketModeUrl?.();
    return url ? { ok: true, url } : { ok: false, error: "invalid_arguments" };
  }

  private authTest(): ApiResult {
    const teamDomain = this.options.teamDomain ?? TEST_WORKSPACE.teamDomain;
    return {
      ok: true,
      url: `https://${teamDomain}.slack.com/`,
      team: this.options.teamName ?? TEST_WORKSPACE.teamName,
      user: this.options.botUserName ?? TEST_WORKSPACE.botUserName,
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    };
  }

  private postMessage(args: ApiArguments): ApiResult {
    const channel = stringArgument(args, "channel");
    if (channel === undefined) {
      return failure("channel_not_found");
    }
    const contentError = checkMessageContent(args);
    if (contentError !== undefined) {
      return failure(contentError);
    }

    const ts = this.nextTs();
    const message = this.messageObject(args, ts);
    const stored = this.channelMessages.get(channel) ?? [];
    stored.push(message);
    this.channelMessages.set(channel, stored);
    return { ok: true, channel, ts, message };
  }

  /** Top-level messages of a channel, newest first, as conversations.history returns them. */
  private history(args: ApiArguments): ApiResult {
    const channel = stringArgument(args, "channel");
    if (channel === undefined) return failure("channel_not_found");
    const oldest = Number(stringArgument(args, "oldest") ?? "0");
    const withMetadata = String(args.include_all_metadata) === "true";
    const messages = (this.channelMessages.get(channel) ?? [])
      .filter((message) => message.thread_ts === undefined && Number(message.ts) >= oldest)
      .map((message) => (withMetadata ? message : { ...message, metadata: undefined }))
      .reverse();
    return { ok: true, messages, has_more: false };
  }

  /** A thread's root and replies, oldest first, as conversations.replies returns them. */
  private replies(args: ApiArguments): ApiResult {
    const channel = stringArgument(args, "channel");
    const ts = stringArgument(args, "ts");
    if (channel === undefined) return failure("channel_not_found");
    if (ts === undefined) return failure("thread_not_found");
    const withMetadata = String(args.include_all_metadata) === "true";
    const messages = (this.channelMessages.get(channel) ?? [])
      .filter((message) => message.ts === ts || message.thread_ts === ts)
      .map((message) => (withMetadata ? message : { ...message, metadata: undefined }));
    return { ok: true, messages, has_more: false };
  }

  private updateMessage(args: ApiArguments): ApiResult {
    const channel = stringArgument(args, "channel");
    if (channel === undefined) {
      return failure("channel_not_found");
    }
    // Any ts is accepted, because tests build interaction payloads with their own ts values.
    const ts = stringArgument(args, "ts");
    if (ts === undefined) {
      return failure("message_not_found");
    }
    const contentError = checkMessageContent(args);
    if (contentError !== undefined) {
      return failure(contentError);
    }

    const message = this.messageObject(args, ts);
    return { ok: true, channel, ts, text: message.text, message };
  }

  private postEphemeral(args: ApiArguments): ApiResult {
    if (stringArgument(args, "channel") === undefined) {
      return failure("channel_not_found");
    }
    if (stringArgument(args, "user") === undefined) {
      return failure("user_not_found");
    }
    const contentError = checkMessageContent(args);
    if (contentError !== undefined) {
      return failure(contentError);
    }

    return { ok: true, message_ts: this.nextTs() };
  }

  /** Serves views.open and views.push, which both take a trigger and return a new view. */
  private openView(args: ApiArguments): ApiResult {
    const trigger = stringArgument(args, "trigger_id") ?? stringArgument(args, "interactivity_pointer");
    const view = objectArgument(args, "view");
    if (trigger === undefined || view === undefined) {
      return failure("invalid_arguments");
    }

    this.viewCount += 1;
    const id = `V${this.viewCount.toString().padStart(10, "0")}`;
    const externalId = typeof view.external_id === "string" ? view.external_id : "";
    if (externalId !== "") {
      this.viewIdsByExternalId.set(externalId, id);
    }
    return { ok: true, view: this.viewObject(id, view) };
  }

  private updateView(args: ApiArguments): ApiResult {
    const view = objectArgument(args, "view");
    if (view === undefined) {
      return failure("invalid_arguments");
    }

    const externalId = stringArgument(args, "external_id");
    let id = stringArgument(args, "view_id");
    if (id === undefined && externalId !== undefined) {
      id = this.viewIdsByExternalId.get(externalId);
      if (id === undefined) {
        return failure("not_found");
      }
    }
    if (id === undefined) {
      return failure("invalid_arguments");
    }

    // Slack rejects an update whose hash is not the view's current one, which guards against lost updates.
    const hash = stringArgument(args, "hash");
    const currentHash = this.viewHashes.get(id);
    if (hash !== undefined && currentHash !== undefined && hash !== currentHash) {
      return failure("hash_conflict");
    }

    return { ok: true, view: this.viewObject(id, view) };
  }

  private conversationInfo(args: ApiArguments): ApiResult {
    const id = stringArgument(args, "channel");
    if (id === undefined) {
      return failure("channel_not_found");
    }
    const configured = this.options.channels?.[id];
    if (this.options.channels !== undefined && configured === undefined) {
      return failure("channel_not_found");
    }

    const isExtShared = configured?.is_ext_shared ?? false;
    const isPrivate = configured?.is_private ?? false;
    return {
      ok: true,
      channel: {
        id,
        name: configured?.name ?? id.toLowerCase(),
        is_channel: !isPrivate,
        is_group: isPrivate,
        is_im: false,
        is_private: isPrivate,
        is_archived: false,
        is_shared: isExtShared,
        is_ext_shared: isExtShared,
        is_org_shared: false,
        context_team_id: this.teamId,
      },
    };
  }

  private userInfo(args: ApiArguments): ApiResult {
    const id = stringArgument(args, "user");
    if (id === undefined) {
      return failure("user_not_found");
    }

    const isBotUser = id === this.botUserId;
    const configured = this.options.users?.[id];
    if (this.options.users !== undefined && configured === undefined && !isBotUser) {
      return failure("user_not_found");
    }

    const defaultName = isBotUser ? (this.options.botUserName ?? TEST_WORKSPACE.botUserName) : id.toLowerCase();
    const name = configured?.name ?? defaultName;
    const realName = configured?.real_name ?? name;
    return {
      ok: true,
      user: {
        id,
        team_id: configured?.team_id ?? this.teamId,
        name,
        real_name: realName,
        deleted: configured?.deleted ?? false,
        is_bot: configured?.is_bot ?? isBotUser,
        profile: { real_name: realName, display_name: name },
      },
    };
  }

  private messageObject(args: ApiArguments, ts: string): Record<string, unknown> {
    const message: Record<string, unknown> = {
      type: "message",
      text: typeof args.text === "string" ? args.text : "",
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
      ts,
    };
    if (args.blocks !== undefined) {
      message.blocks = args.blocks;
    }
    if (args.attachments !== undefined) {
      message.attachments = args.attachments;
    }
    const threadTs = stringArgument(args, "thread_ts");
    if (threadTs !== undefined) {
      message.thread_ts = threadTs;
    }
    if (args.metadata !== undefined) {
      message.metadata = args.metadata;
    }
    return message;
  }

  private viewObject(id: string, view: Record<string, unknown>): Record<string, unknown> {
    this.hashCount += 1;
    const hash = `${Math.floor(Date.now() / 1000)}.${this.hashCount.toString(16).padStart(8, "0")}`;
    this.viewHashes.set(id, hash);

    return {
      id,
      team_id: this.teamId,
      type: view.type,
      blocks: view.blocks ?? [],
      private_metadata: view.private_metadata ?? "",
      callback_id: view.callback_id ?? "",
      state: { values: {} },
      hash,
      title: view.title,
      close: view.close ?? null,
      submit: view.submit ?? null,
      clear_on_close: view.clear_on_close ?? false,
      notify_on_close: view.notify_on_close ?? false,
      external_id: view.external_id ?? "",
      previous_view_id: null,
      root_view_id: id,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
  }
}

function failure(error: string): ApiResult {
  return { ok: false, error };
}

function stringArgument(args: ApiArguments, name: string): string | undefined {
  const value = args[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function objectArgument(args: ApiArguments, name: string): Record<string, unknown> | undefined {
  const value = args[name];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return undefined;
  }
  return value as Record<string, unknown>;
}

/** Returns Slack's error code when a message has no text, blocks or attachments, or blocks that are not a list. */
function checkMessageContent(args: ApiArguments): string | undefined {
  if (args.blocks !== undefined && !Array.isArray(args.blocks)) {
    return "invalid_blocks";
  }
  const hasText = typeof args.text === "string" && args.text !== "";
  const hasBlocks = Array.isArray(args.blocks) && args.blocks.length > 0;
  const hasAttachments = Array.isArray(args.attachments) && args.attachments.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments) {
    return "no_text";
  }
  return undefined;
}
