// The Matrix front end: a matrix-bot-sdk client with the bot's access token
// that runs commands typed in rooms, accepts invitations and sends the
// outbox's posts to the shared incident room. The bot runs without
// end-to-end encryption and posts a notice in encrypted rooms.
import type { MatrixConfig } from "../../config.ts";
import type { Logger } from "../../log.ts";
import type { Destination } from "../delivery/types.ts";
import type { PlatformAdapter, PlatformContext } from "../platform.ts";
import { routeSdkLogs, SyncingClient, type SyncHandlers } from "./client.ts";
import { handleRoomMessage } from "./commands.ts";
import { describeMatrixError, errcodeOf } from "./errors.ts";
import { handleInvite } from "./invites.ts";
import { RoomNotices } from "./room-notices.ts";
import { MatrixSender } from "./sender.ts";
import { AdapterStateStorage } from "./sync-store.ts";

/**
 * The sync filter: up to 100 timeline events per room and sync response, so
 * the commands sent while the bot was down arrive after a restart, and no
 * presence. Changing the filter makes the SDK drop the stored sync position.
 * The first start after a change therefore skips commands sent while the bot
 * was down.
 */
const SYNC_FILTER = { room: { timeline: { limit: 100 } }, presence: { not_types: ["*"] } };

/** Delays between attempts to reach the homeserver at start, doubling from the first to the last. */
const CONNECT_RETRY_FIRST_MS = 5_000;
const CONNECT_RETRY_MAX_MS = 60_000;

function isTokenRejection(error: unknown): boolean {
  const errcode = errcodeOf(error);
  return errcode === "M_UNKNOWN_TOKEN" || errcode === "M_MISSING_TOKEN";
}

class MatrixAdapter implements PlatformAdapter {
  readonly name = "matrix" as const;
  readonly sender: MatrixSender;
  readonly destination: Destination;
  private readonly logger: Logger;
  private readonly storage: AdapterStateStorage;
  private readonly client: SyncingClient;
  private readonly notices: RoomNotices;
  private botUserId = "";
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private retryDelayMs = CONNECT_RETRY_FIRST_MS;

  constructor(
    private readonly context: PlatformContext,
    private readonly config: MatrixConfig,
  ) {
    routeSdkLogs(context.logger);
    this.logger = context.logger.child({ platform: "matrix" });
    this.destination = { id: `matrix:${config.room}`, platform: "matrix", channel: config.room, locale: config.locale, maxTlp: config.maxTlp };
    this.storage = new AdapterStateStorage(context.db);
    this.client = new SyncingClient(config.homeserverUrl, config.accessToken, this.storage, this.syncHandlers(), this.logger);
    this.sender = new MatrixSender({ client: this.client, storage: this.storage, commandPrefix: config.commandPrefix, logger: this.logger });
    this.notices = new RoomNotices({ ...context, logger: this.logger }, config, this.client);
  }

  /**
   * Connects and starts syncing. A rejected access token fails the start;
   * an unreachable homeserver is retried in the background, and the outbox
   * keeps the posts meanwhile.
   */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.connect();
    } catch (error) {
      if (isTokenRejection(error)) throw new Error(this.tokenRejectedMessage(errcodeOf(error)!));
      this.retryLater(error);
    }
  }

  isConnected(): boolean {
    return this.client.connected;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.client.stop();
    await this.client.idle();
    this.logger.info("Matrix sync stopped");
  }

  private async connect(): Promise<void> {
    this.botUserId = await this.client.getUserId();
    if (await this.storage.bindUser(this.botUserId)) {
      this.logger.warn({ userId: this.botUserId }, "stored Matrix sync position belonged to another account; starting a fresh sync");
    }
    await this.client.start(SYNC_FILTER);
    this.logger.info({ userId: this.botUserId, room: this.config.room, homeserver: this.config.homeserverUrl }, "Matrix sync started");
    await this.checkConfiguredRoom();
  }

  private retryLater(error: unknown): void {
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, CONNECT_RETRY_MAX_MS);
    this.logger.warn({ homeserver: this.config.homeserverUrl, error: describeMatrixError(error), retryInMs: delay }, "could not connect to the Matrix homeserver; will retry");
    this.retryTimer = setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch((retryError: unknown) => {
        if (isTokenRejection(retryError)) {
          this.logger.error(this.tokenRejectedMessage(errcodeOf(retryError)!));
          return;
        }
        this.retryLater(retryError);
      });
    }, delay);
    this.retryTimer.unref();
  }

  /** Warns when the bot is not in the configured room, and posts the notice when that room is encrypted. */
  private async checkConfiguredRoom(): Promise<void> {
    try {
      const joined = await this.client.getJoinedRooms();
      if (!joined.includes(this.config.room)) {
        this.logger.warn({ room: this.config.room, userId: this.botUserId }, "the bot has not joined the configured Matrix room; invite it there");
        return;
      }
      await this.notices.checkRoom(this.config.room);
    } catch (error) {
      this.logger.warn({ error: describeMatrixError(error) }, "could not list the Matrix rooms the bot has joined");
    }
  }

  private tokenRejectedMessage(errcode: string): string {
    return `Matrix homeserver ${this.config.homeserverUrl} rejected the access token (${errcode}); Matrix is stopped. Set MATRIX_ACCESS_TOKEN to a valid access token of the bot account and restart`;
  }

  private syncHandlers(): SyncHandlers {
    const intake = { context: { ...this.context, logger: this.logger }, config: this.config, botUserId: () => this.botUserId };
    return {
      message: (roomId, event, initialSync) => handleRoomMessage(intake, roomId, event, initialSync),
      invite: (roomId, event) => handleInvite({ client: this.client, config: this.config, directory: this.context.directory, logger: this.logger }, roomId, event),
      join: (roomId, event) => this.notices.joined(roomId, event),
      roomEvent: (roomId, event) => this.notices.roomEvent(roomId, event),
      tokenRejected: () => this.logger.error({ errcode: "M_UNKNOWN_TOKEN" }, this.tokenRejectedMessage("M_UNKNOWN_TOKEN")),
      timelineGap: (roomId) => this.logger.warn({ roomId }, "Matrix sync left out part of the room's timeline; commands in the gap are not run"),
    };
  }
}

export function createMatrixAdapter(context: PlatformContext, config: MatrixConfig): PlatformAdapter {
  return new MatrixAdapter(context, config);
}
