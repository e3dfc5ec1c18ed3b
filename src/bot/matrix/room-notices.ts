// The bot's own notices in a room: a short introduction when it joins, and
// in an end-to-end encrypted room, which it cannot read, a notice saying so
// and what to do instead. Both go through the outbox's reply lane, so an
// outage delays them instead of losing them.
import type { MatrixClient } from "matrix-bot-sdk";
import type { MatrixConfig } from "../../config.ts";
import { enqueueReply } from "../delivery/replies.ts";
import { reply, type Reply } from "../messages/reply.ts";
import type { PlatformContext } from "../platform.ts";
import type { MatrixEvent } from "./client.ts";
import { describeMatrixError, errcodeOf } from "./errors.ts";
import type { MatrixReplyTarget } from "./sender.ts";
import { matrixTexts } from "./texts.ts";

export class RoomNotices {
  /** Rooms whose encryption notice is already queued or sent. */
  private readonly noticedRooms = new Set<string>();

  constructor(
    private readonly context: PlatformContext,
    private readonly config: MatrixConfig,
    private readonly client: MatrixClient,
  ) {}

  /** Introduces the bot after it joined a room. In an encrypted room, it posts the encryption notice instead. */
  async joined(roomId: string, joinEvent: MatrixEvent): Promise<void> {
    if (await this.isEncrypted(roomId)) {
      await this.encryptedRoom(roomId);
      return;
    }
    const texts = matrixTexts[this.config.locale];
    // The join event's id makes the key unique per join, so the bot introduces itself again after a rejoin.
    await this.post(`matrix:notice:welcome:${roomId}:${joinEvent.event_id}`, roomId, reply(texts.welcomeTitle, texts.welcomeLines(this.config.commandPrefix)));
    this.context.logger.info({ roomId }, "Matrix room joined; introduction queued");
  }

  /** Posts the encryption notice if the room is encrypted. */
  async checkRoom(roomId: string): Promise<void> {
    if (await this.isEncrypted(roomId)) await this.encryptedRoom(roomId);
  }

  /** Watches the timeline for signs of encryption: encrypted events, or encryption being turned on. */
  async roomEvent(roomId: string, event: MatrixEvent): Promise<void> {
    const encryptionEnabled = event.type === "m.room.encryption" && event.state_key === "";
    if (event.type === "m.room.encrypted" || encryptionEnabled) await this.encryptedRoom(roomId);
  }

  /** Posts the encryption notice once per room, also across restarts, because the outbox key is unique. */
  async encryptedRoom(roomId: string): Promise<void> {
    if (this.noticedRooms.has(roomId)) return;
    const key = `matrix:notice:encrypted:${roomId}`;
    const existing = await this.context.db.outboxPost.findUnique({ where: { key }, select: { id: true } });
    if (!existing) {
      const texts = matrixTexts[this.config.locale];
      await this.post(key, roomId, reply(texts.encryptedTitle, texts.encryptedLines));
      this.context.logger.warn({ roomId }, "Matrix room is end-to-end encrypted; the bot cannot read it and posted a notice");
    }
    this.noticedRooms.add(roomId);
  }

  private async post(key: string, roomId: string, content: Reply): Promise<void> {
    const target: MatrixReplyTarget = { room: roomId };
    await enqueueReply(this.context.db, "matrix", key, content, this.config.locale, { ...target });
    this.context.wakeDelivery();
  }

  private async isEncrypted(roomId: string): Promise<boolean> {
    try {
      await this.client.getRoomStateEvent(roomId, "m.room.encryption", "");
      return true;
    } catch (error) {
      if (errcodeOf(error) === "M_NOT_FOUND") return false;
      // An encrypted event in the timeline will still bring the notice.
      this.context.logger.warn({ roomId, error: describeMatrixError(error) }, "could not read the Matrix room's encryption state; assuming unencrypted");
      return false;
    }
  }
}
