// The bot's MatrixClient. matrix-bot-sdk 0.7.1 emits sync events without
// waiting for async listeners and may store the next sync token before they
// finish. This client awaits each handler in order and stores the token only
// after the whole sync response was handled, so a crash re-delivers the
// unfinished commands instead of losing them (the intake key drops the ones
// already handled). Its sync long-poll can be aborted, so stop() does not
// leave the process waiting for the homeserver's response.
import { LogLevel, LogService, MatrixClient, MatrixError, type IStorageProvider } from "matrix-bot-sdk";
import type { Logger } from "../../log.ts";
import { errcodeOf } from "./errors.ts";

/** A room event as the client-server API delivers it. */
export interface MatrixEvent {
  event_id: string;
  sender: string;
  type: string;
  content: Record<string, unknown>;
  state_key?: string;
  origin_server_ts?: number;
}

export interface SyncHandlers {
  /**
   * An m.room.message event of a joined room. `initialSync` is true during
   * the first sync without a stored position, whose timeline is room history.
   */
  message(roomId: string, event: MatrixEvent, initialSync: boolean): Promise<void>;
  invite(roomId: string, event: MatrixEvent): Promise<void>;
  /** The bot's own join to a room it was not in. */
  join(roomId: string, event: MatrixEvent): Promise<void>;
  /** Every timeline event of a joined room, messages included. */
  roomEvent(roomId: string, event: MatrixEvent): Promise<void>;
  /** The homeserver rejected the access token during sync; the client has stopped. */
  tokenRejected(): void;
  /** A sync response left out events of a room's timeline. */
  timelineGap(roomId: string): void;
}

/** Request timeouts of matrix-bot-sdk 0.7.1's doSync(): 40 s for a long-poll, 10 minutes for an initial sync. */
const LONG_POLL_REQUEST_TIMEOUT_MS = 40_000;
const INITIAL_SYNC_REQUEST_TIMEOUT_MS = 600_000;

interface SyncResponse {
  rooms?: { join?: Record<string, { timeline?: { limited?: boolean } }> };
}

export class SyncingClient extends MatrixClient {
  private stopped = false;
  private lastSyncSucceeded = false;
  private initialSync = false;
  private processing: Promise<unknown> = Promise.resolve();
  private syncAbort = new AbortController();

  constructor(
    homeserverUrl: string,
    accessToken: string,
    storage: IStorageProvider,
    private readonly handlers: SyncHandlers,
    private readonly logger: Logger,
  ) {
    super(homeserverUrl, accessToken, storage);
    this.persistTokenAfterSync = true;
  }

  override start(filter?: unknown): Promise<unknown> {
    this.stopped = false;
    this.syncAbort = new AbortController();
    return super.start(filter);
  }

  /** Stops syncing and aborts the open long-poll. A response that arrives anyway is not handled. */
  override stop(): void {
    this.stopped = true;
    this.lastSyncSucceeded = false;
    super.stop();
    this.syncAbort.abort();
  }

  /** True while syncing and the last sync request succeeded. */
  get connected(): boolean {
    return !this.stopped && this.lastSyncSucceeded;
  }

  /** Resolves when the sync response being handled, if any, is done. */
  async idle(): Promise<void> {
    await this.processing.catch(() => undefined);
  }

  protected override startSyncInternal(): Promise<unknown> {
    return this.startSync((type, ...payload) => this.dispatch(type, payload));
  }

  protected override async doSync(token: string): Promise<unknown> {
    this.initialSync = !token;
    try {
      const response = await this.requestSync(token);
      this.lastSyncSucceeded = true;
      return response;
    } catch (error) {
      this.lastSyncSucceeded = false;
      // The SDK would back off and try again forever, but a rejected token never recovers.
      if (errcodeOf(error) === "M_UNKNOWN_TOKEN" && !this.stopped) {
        this.stop();
        this.handlers.tokenRejected();
      }
      throw error;
    }
  }

  /**
   * Sends GET /sync as the SDK's doSync() does, but through fetch, because
   * the SDK's request library offers no way to abort a request.
   */
  private async requestSync(token: string | null): Promise<unknown> {
    const query = new URLSearchParams({ full_state: "false", timeout: String(Math.max(0, this.syncingTimeout)) });
    if (token) query.set("since", token);
    // The SDK keeps the id of the filter that start() created or found in storage in a private field.
    const filterId = (this as unknown as { filterId?: number | string }).filterId;
    if (filterId) query.set("filter", String(filterId));
    if (this.syncingPresence) query.set("presence", this.syncingPresence);

    const timeout = AbortSignal.timeout(token ? LONG_POLL_REQUEST_TIMEOUT_MS : INITIAL_SYNC_REQUEST_TIMEOUT_MS);
    const response = await fetch(`${this.homeserverUrl}/_matrix/client/v3/sync?${query}`, {
      headers: { Authorization: `Bearer ${this.accessToken}` },
      signal: AbortSignal.any([this.syncAbort.signal, timeout]),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (typeof body === "object" && body !== null && "errcode" in body) {
      throw new MatrixError(body as ConstructorParameters<typeof MatrixError>[0], response.status);
    }
    if (!response.ok || body === undefined) throw new Error(`Matrix sync failed with HTTP ${response.status} and no Matrix error body`);
    return body;
  }

  protected override async processSync(raw: unknown, emitFn?: (type: string, ...payload: unknown[]) => Promise<unknown>): Promise<unknown> {
    // Throwing here makes the SDK's loop end without storing the new token,
    // because it checks for a stop before anything else.
    if (this.stopped) throw new Error("Matrix sync response arrived after stop and is left for the next start");

    const rooms = (raw as SyncResponse | undefined)?.rooms?.join ?? {};
    if (!this.initialSync) {
      for (const [roomId, room] of Object.entries(rooms)) {
        if (room.timeline?.limited) this.handlers.timelineGap(roomId);
      }
    }
    const run = super.processSync(raw, emitFn);
    this.processing = run;
    return run;
  }

  private async dispatch(type: string, payload: unknown[]): Promise<void> {
    const [roomId, event] = payload as [string, MatrixEvent];
    try {
      switch (type) {
        case "room.message":
          await this.handlers.message(roomId, event, this.initialSync);
          break;
        case "room.invite":
          await this.handlers.invite(roomId, event);
          break;
        case "room.join":
          await this.handlers.join(roomId, event);
          break;
        case "room.event":
          await this.handlers.roomEvent(roomId, event);
          break;
      }
    } catch (error) {
      this.logger.error({ err: error, syncEvent: type, roomId, eventId: event?.event_id }, "Matrix event handling failed; the event is skipped");
    }
    this.emit(type, ...payload);
  }
}

function describeLogPart(part: unknown): string {
  if (typeof part === "string") return part;
  if (part instanceof Error) return part.message;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}

/**
 * Sends matrix-bot-sdk's own log lines to the bot's logger. The SDK logs
 * every failed HTTP request under "MatrixHttpClient"; those are muted
 * because the adapter logs the failures it handles. In the calls the bot
 * makes, the SDK's other error lines come from its sync loop, which backs
 * off and retries by itself, so they are logged as warnings.
 */
export function routeSdkLogs(logger: Logger): void {
  const sdk = logger.child({ component: "matrix-bot-sdk" });
  const line = (parts: unknown[]) => parts.map(describeLogPart).join(" ");
  LogService.setLogger({
    trace: () => undefined,
    debug: (module: string, ...parts: unknown[]) => sdk.debug({ module }, line(parts)),
    info: (module: string, ...parts: unknown[]) => sdk.info({ module }, line(parts)),
    warn: (module: string, ...parts: unknown[]) => sdk.warn({ module }, line(parts)),
    error: (module: string, ...parts: unknown[]) => sdk.warn({ module }, line(parts)),
  });
  LogService.setLevel(LogLevel.INFO);
  LogService.muteModule("MatrixHttpClient");
}
