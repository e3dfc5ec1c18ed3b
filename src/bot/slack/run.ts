// Runs one member command from Slack and queues the reply: the step every
// Slack entry point (slash command, button, modal, mention) ends with.
import type { Locale } from "../../config.ts";
import type { Actor } from "../../phases/actor.ts";
import type { ParseResult } from "../commands/types.ts";
import { enqueueReply } from "../delivery/replies.ts";
import type { PlatformContext } from "../platform.ts";
import type { SlackReplyTarget } from "./sender.ts";

export interface SlackRun {
  context: PlatformContext;
  actor: Actor;
  locale: Locale;
  /** Slack delivery id (trigger id, event id, action ts): a second delivery changes nothing. */
  intakeKey: string;
  target: SlackReplyTarget;
}

/** Queues the command behind earlier ones; Slack has been acknowledged already. */
export function runSlackCommand(run: SlackRun, command: string | ParseResult): Promise<void> {
  return run.context.commands.push(() => executeSlackCommand(run, command), { intakeKey: run.intakeKey, org: run.actor.org });
}

async function executeSlackCommand(run: SlackRun, command: string | ParseResult): Promise<void> {
  const { context, actor, locale, intakeKey, target } = run;
  const parsed = typeof command === "string" ? context.handler.parse(command) : command;
  const intake = { key: `slack:${intakeKey}`, platform: "slack" as const };
  const result = await context.handler.handleParsed(parsed, actor, locale, intake);
  if (result.duplicate) {
    context.logger.info({ intakeKey, user: actor.user, org: actor.org }, "duplicate Slack delivery ignored");
    return;
  }
  await enqueueReply(context.db, "slack", `reply:${intake.key}`, result.reply, locale, target);
  context.wakeDelivery();
}
