// Bolt listeners: /dos, buttons, modal submissions, mentions and replies in
// incident threads. Each acknowledges first, within Slack's 3-second window,
// then does the work. Replies go through the outbox.
import type { App, BlockAction, ButtonAction, SlackCommandMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { SlackConfig } from "../../config.ts";
import { renderParseError } from "../commands/errors-catalog.ts";
import { parseForm } from "../commands/parse.ts";
import type { PlatformContext } from "../platform.ts";
import { withThreadIncident } from "../commands/thread-incident.ts";
import { incidentOfThread } from "./incident-thread.ts";
import { buildModal, errorBlockFor, isModalSubcommand, MODAL_CALLBACK_PREFIX, readModal, type ModalMetadata, type ModalSubcommand, type ViewState } from "./modals.ts";
import { collectThreadAnswer } from "./thread-answers.ts";
import { runSlackCommand } from "./run.ts";
import { unescapeSlackText } from "./unescape.ts";

export interface SlackHandlerOptions {
  context: PlatformContext;
  config: SlackConfig;
  destinationId: string;
}

export function registerHandlers(app: App, options: SlackHandlerOptions): void {
  app.command("/dos", async (args) => handleSlashCommand(args, options));
  app.action<BlockAction<ButtonAction>>(/^dos_open_/, async (args) => handleOpenButton(args, options));
  app.action<BlockAction<ButtonAction>>(/^dos_run_/, async (args) => handleRunButton(args, options));
  app.view<ViewSubmitAction>(new RegExp(`^${MODAL_CALLBACK_PREFIX}`), async (args) => handleModalSubmission(args, options));
  app.event("app_mention", async ({ event, body, context: boltContext }) => {
    const text = unescapeSlackText(event.text.replace(/^\s*<@[A-Z0-9]+>\s*/, ""));
    const threadTs = event.thread_ts;
    const incident = await incidentOfThread(options.context.db, options.destinationId, threadTs);
    const actor = options.context.directory.slackActor(event.user ?? "unknown", event.user_team ?? boltContext.teamId);
    await runSlackCommand(
      {
        context: options.context,
        actor,
        locale: options.config.locale,
        intakeKey: `event:${(body as { event_id?: string }).event_id ?? event.ts}`,
        target: { via: "ephemeral", channel: event.channel, user: event.user ?? "", threadTs: threadTs ?? event.ts },
      },
      withThreadIncident(text, incident),
    );
  });
  app.event("message", async ({ event, body }) => collectThreadAnswer(event, (body as { event_id?: string }).event_id, options));
}

async function handleSlashCommand({ ack, command, client }: SlackCommandMiddlewareArgs & { client: App["client"] }, options: SlackHandlerOptions) {
  await ack();
  const { context, config } = options;
  const text = unescapeSlackText(command.text ?? "").trim();
  const actor = context.directory.slackActor(command.user_id, command.team_id);
  const subcommand = context.handler.parse(text);

  // "/dos notice" and the like with no arguments open a modal with the same fields.
  const word = text.split(/\s+/)[0] ?? "";
  let name: string | undefined;
  if (subcommand.ok) name = subcommand.command.name;
  else if (subcommand.error.code === "missing_required") name = subcommand.error.subcommand;
  if (name && isModalSubcommand(name) && text === word && actor.registered) {
    const metadata: ModalMetadata = { channel: command.channel_id };
    try {
      await client.views.open({ trigger_id: command.trigger_id, view: buildModal(name, config.locale, context.directory, metadata) });
      return;
    } catch (error) {
      context.logger.warn({ err: error, subcommand: name }, "could not open Slack modal; handling it as a typed command");
    }
  }

  await runSlackCommand(
    {
      context,
      actor,
      locale: config.locale,
      intakeKey: `command:${command.trigger_id}`,
      target: { via: "response_url", url: command.response_url, channel: command.channel_id, user: command.user_id },
    },
    subcommand,
  );
}

type ButtonArgs = { ack: () => Promise<void>; body: BlockAction<ButtonAction>; action: ButtonAction; client: App["client"] };

async function handleOpenButton({ ack, body, action, client }: ButtonArgs, options: SlackHandlerOptions) {
  await ack();
  const subcommand = action.action_id.slice("dos_open_".length);
  if (!isModalSubcommand(subcommand)) return;
  const metadata: ModalMetadata = { channel: body.channel?.id ?? options.config.channel, threadTs: body.message?.thread_ts ?? body.message?.ts };
  try {
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildModal(subcommand, options.config.locale, options.context.directory, metadata, Number(action.value)),
    });
  } catch (error) {
    options.context.logger.warn({ err: error, subcommand, user: body.user.id }, "could not open Slack modal from a button");
  }
}

async function handleRunButton({ ack, body, action }: ButtonArgs, options: SlackHandlerOptions) {
  await ack();
  const { context, config } = options;
  const channel = body.channel?.id ?? config.channel;
  await runSlackCommand(
    {
      context,
      actor: context.directory.slackActor(body.user.id, body.user.team_id ?? body.team?.id),
      locale: config.locale,
      intakeKey: `action:${body.container?.message_ts ?? ""}:${action.action_ts}:${body.user.id}`,
      target: { via: "ephemeral", channel, user: body.user.id, threadTs: body.message?.thread_ts ?? body.message?.ts },
    },
    action.value ?? "",
  );
}

async function handleModalSubmission({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction>, options: SlackHandlerOptions) {
  const { context, config } = options;
  const subcommand = view.callback_id.slice(MODAL_CALLBACK_PREFIX.length) as ModalSubcommand;
  const parsed = parseForm(readModal(subcommand, view.state.values as ViewState), context.handler.parseOptions());
  if (!parsed.ok) {
    await ack({ response_action: "errors", errors: { [errorBlockFor(subcommand, parsed.error)]: renderParseError(parsed.error, config.locale) } });
    return;
  }
  await ack();

  const metadata = JSON.parse(view.private_metadata || "{}") as Partial<ModalMetadata>;
  await runSlackCommand(
    {
      context,
      actor: context.directory.slackActor(body.user.id, body.user.team_id ?? body.team?.id),
      locale: config.locale,
      // A view is submitted once; Slack's retry of the same submission carries the same view id and hash.
      intakeKey: `view:${view.id}:${view.hash}`,
      target: { via: "ephemeral", channel: metadata.channel ?? config.channel, user: body.user.id, threadTs: metadata.threadTs },
    },
    parsed,
  );
}
