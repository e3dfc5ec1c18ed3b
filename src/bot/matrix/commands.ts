// Turns room messages into commands: a message whose body starts with the
// command prefix runs the rest of the body through the shared command
// handler, and the reply is queued in the outbox for the same room or thread.
import type { MatrixConfig } from "../../config.ts";
import type { Intake } from "../../phases/intake.ts";
import { enqueueReply } from "../delivery/replies.ts";
import type { PlatformContext } from "../platform.ts";
import type { MatrixEvent } from "./client.ts";
import type { MatrixReplyTarget } from "./sender.ts";
import { withThreadIncident } from "../commands/thread-incident.ts";
import { incidentOfRootMessage, isEdit, repliedEventOf, threadRootOf } from "./threads.ts";

/**
 * Removes the quoted fallback of a rich reply: the leading lines that start
 * with "> " (or are a bare ">") and the blank line after them. What they
 * quote is another message and is never run as a command.
 */
export function stripReplyFallback(body: string): string {
  const lines = body.split("\n");
  let index = 0;
  while (index < lines.length && (lines[index]!.startsWith("> ") || lines[index] === ">")) index += 1;
  if (index === 0) return body;
  if (index < lines.length && lines[index]!.trim() === "") index += 1;
  return lines.slice(index).join("\n");
}

/**
 * Returns the command text after the prefix, or undefined when the body is
 * not a command. The prefix is compared after NFKC normalisation and in
 * lower case, so an IME's full-width "！ｄｏｓ" matches "!dos"; the rest is
 * returned as typed. The prefix must be followed by whitespace or the end.
 */
export function commandText(body: string, prefix: string): string | undefined {
  const wanted = prefix.normalize("NFKC").toLowerCase();
  const text = body.replace(/^\s+/u, "");
  let consumed = "";
  let offset = 0;
  for (const codePoint of text) {
    consumed += codePoint;
    offset += codePoint.length;
    const normalized = consumed.normalize("NFKC").toLowerCase();
    if (normalized === wanted) {
      const rest = text.slice(offset);
      return rest === "" || /^\s/u.test(rest) ? rest.trim() : undefined;
    }
    if (!wanted.startsWith(normalized)) return undefined;
  }
  return undefined;
}

export interface CommandIntake {
  context: PlatformContext;
  config: MatrixConfig;
  /** The bot's own user id, whose messages are never commands. */
  botUserId(): string;
}

/** Runs the command in a room message, if it contains one, and queues the reply. */
export async function handleRoomMessage(intake: CommandIntake, roomId: string, event: MatrixEvent, initialSync: boolean): Promise<void> {
  const { context, config } = intake;
  if (event.sender === intake.botUserId()) return;
  // Notices are bot output, and replying to them could loop between bots. An edit would run a command twice.
  if (event.content.msgtype !== "m.text" || typeof event.content.body !== "string" || isEdit(event)) return;
  const text = commandText(stripReplyFallback(event.content.body), config.commandPrefix);
  if (text === undefined) return;

  const logFields = { roomId, eventId: event.event_id, sender: event.sender };
  if (initialSync) {
    context.logger.info(logFields, "Matrix command from before the bot's first sync not run");
    return;
  }

  // Commands of every platform run one at a time. Waiting for this one also
  // keeps the sync position from moving past a command that has not run yet.
  await context.commands.push(() => runCommand(intake, roomId, event, text), logFields);
}

async function runCommand(intake: CommandIntake, roomId: string, event: MatrixEvent, text: string): Promise<void> {
  const { context, config } = intake;
  const threadRoot = threadRootOf(event);
  const incident = await incidentOfRootMessage(context.db, roomId, [threadRoot, repliedEventOf(event)]);
  const actor = context.directory.matrixActor(event.sender);
  const key: Intake = { key: `matrix:${event.event_id}`, platform: "matrix" };
  const result = await context.handler.handle(withThreadIncident(text, incident), actor, config.locale, key);
  if (result.duplicate) {
    context.logger.info({ roomId, eventId: event.event_id, sender: event.sender }, "duplicate Matrix command ignored");
    return;
  }

  const target: MatrixReplyTarget = { room: roomId, inReplyTo: event.event_id, ...(threadRoot ? { threadRoot } : {}) };
  await enqueueReply(context.db, "matrix", `reply:${key.key}`, result.reply, config.locale, { ...target });
  context.wakeDelivery();
  context.logger.info({ roomId, eventId: event.event_id, org: actor.org, subcommand: result.command?.name, incident }, "Matrix command handled");
}
