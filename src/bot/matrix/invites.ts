// Invitations: the bot joins the configured incident room, and rooms whose
// inviter is on a trusted homeserver (listed in `matrix.inviteServers` or
// assigned to a member organization). Other invitations stay unanswered.
import type { MatrixClient } from "matrix-bot-sdk";
import type { MatrixConfig } from "../../config.ts";
import type { Logger } from "../../log.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import type { MatrixEvent } from "./client.ts";
import { describeMatrixError } from "./errors.ts";

/** Returns the server name of a user id: "example.org" (or "example.org:8448") for "@noc:example.org". */
export function serverOf(userId: string): string {
  return userId.slice(userId.indexOf(":") + 1).toLowerCase();
}

export function invitationAccepted(roomId: string, inviter: string, config: MatrixConfig, directory: MemberDirectory): boolean {
  if (roomId === config.room) return true;
  const server = serverOf(inviter);
  return config.inviteServers.some((allowed) => allowed.toLowerCase() === server) || directory.isMemberServer(server);
}

export interface InviteHandling {
  client: MatrixClient;
  config: MatrixConfig;
  directory: MemberDirectory;
  logger: Logger;
}

export async function handleInvite(options: InviteHandling, roomId: string, event: MatrixEvent): Promise<void> {
  const { client, config, directory, logger } = options;
  const inviter = event.sender;
  if (!invitationAccepted(roomId, inviter, config, directory)) {
    logger.warn({ roomId, inviter }, "Matrix invitation ignored: the inviter's homeserver is neither in matrix.inviteServers nor a member organization's");
    return;
  }
  try {
    await client.joinRoom(roomId);
    logger.info({ roomId, inviter }, "joined Matrix room on invitation");
  } catch (error) {
    // NOTE: the invitation is not retried, because the next sync no longer lists it.
    logger.error({ roomId, inviter, error: describeMatrixError(error) }, "could not join Matrix room on invitation; invite the bot again");
  }
}
