// Collects members' replies in the retrospective's thread: while an incident
// is under review, a plain message in its Slack thread is stored as that
// member's retrospective note, the same as `/dos review #N <text>`.
import type { SlackHandlerOptions } from "./handlers.ts";
import { parseForm } from "../commands/parse.ts";
import { incidentOfThread } from "./incident-thread.ts";
import { runSlackCommand } from "./run.ts";
import { unescapeSlackText } from "./unescape.ts";

interface ThreadMessage {
  subtype?: string;
  bot_id?: string;
  user?: string;
  user_team?: string;
  team?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
}

export async function collectThreadAnswer(event: unknown, eventId: string | undefined, options: SlackHandlerOptions): Promise<void> {
  const message = event as ThreadMessage;
  // Edits, joins, bot posts and mentions (handled as commands) are not retrospective notes.
  if (message.subtype || message.bot_id || !message.user || !message.thread_ts || message.thread_ts === message.ts) return;
  if (!message.text || /<@[A-Z0-9]+>/.test(message.text)) return;
  if (message.channel !== options.config.channel) return;

  const { context, config } = options;
  const incident = await incidentOfThread(context.db, options.destinationId, message.thread_ts);
  if (incident === undefined) return;
  const record = await context.db.incident.findUnique({ where: { id: incident }, select: { state: true } });
  if (record?.state !== "under_review") return;

  const actor = context.directory.slackActor(message.user, message.user_team ?? message.team);
  if (!actor.registered) return;
  const parsed = parseForm({ subcommand: "review", fields: {}, incident, text: unescapeSlackText(message.text) }, context.handler.parseOptions());
  await runSlackCommand(
    {
      context,
      actor,
      locale: config.locale,
      intakeKey: `event:${eventId ?? message.ts}`,
      target: { via: "ephemeral", channel: message.channel, user: message.user, threadTs: message.thread_ts },
    },
    parsed,
  );
}
