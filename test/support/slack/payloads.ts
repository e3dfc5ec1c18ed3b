// Request bodies as Slack sends them to an app's request URL. Field names follow
// the types in @slack/bolt 5.1 (SlashCommand, BlockAction, ViewSubmitAction,
// EnvelopedEvent). Defaults come from TEST_WORKSPACE.

import { randomBytes } from "node:crypto";

import { TEST_WORKSPACE } from "./workspace.ts";

export interface SlashCommandFields {
  /** URL that Bolt's respond() posts to. It is required so that a test never points Bolt at a real Slack host. */
  response_url: string;
  command?: string;
  text?: string;
  token?: string;
  team_id?: string;
  team_domain?: string;
  enterprise_id?: string;
  enterprise_name?: string;
  channel_id?: string;
  channel_name?: string;
  user_id?: string;
  user_name?: string;
  api_app_id?: string;
  is_enterprise_install?: boolean;
  trigger_id?: string;
  /** Further fields, appended after the standard ones. */
  extra?: Record<string, string>;
}

let triggerCount = 0;
let eventCount = 0;

/** Returns a unique trigger id in Slack's "digits.digits.hex" shape. */
export function newTriggerId(): string {
  triggerCount += 1;
  return `${1_000_000 + triggerCount}.${Date.now()}.${randomBytes(16).toString("hex")}`;
}

/** Builds the form-encoded body of a slash command, with the fields in the order Slack sends them. */
export function slashCommandBody(fields: SlashCommandFields): string {
  const params = new URLSearchParams();
  params.set("token", fields.token ?? TEST_WORKSPACE.verificationToken);
  params.set("team_id", fields.team_id ?? TEST_WORKSPACE.teamId);
  params.set("team_domain", fields.team_domain ?? TEST_WORKSPACE.teamDomain);
  // Slack sends the enterprise fields only for workspaces in an Enterprise Grid organization.
  if (fields.enterprise_id !== undefined) {
    params.set("enterprise_id", fields.enterprise_id);
  }
  if (fields.enterprise_name !== undefined) {
    params.set("enterprise_name", fields.enterprise_name);
  }
  params.set("channel_id", fields.channel_id ?? TEST_WORKSPACE.channelId);
  params.set("channel_name", fields.channel_name ?? TEST_WORKSPACE.channelName);
  params.set("user_id", fields.user_id ?? TEST_WORKSPACE.userId);
  params.set("user_name", fields.user_name ?? TEST_WORKSPACE.userName);
  params.set("command", fields.command ?? "/dos");
  params.set("text", fields.text ?? "");
  params.set("api_app_id", fields.api_app_id ?? TEST_WORKSPACE.appId);
  params.set("is_enterprise_install", String(fields.is_enterprise_install ?? false));
  params.set("response_url", fields.response_url);
  params.set("trigger_id", fields.trigger_id ?? newTriggerId());

  for (const [name, value] of Object.entries(fields.extra ?? {})) {
    params.set(name, value);
  }
  return params.toString();
}

/**
 * Builds the form-encoded body of an interaction such as block_actions or
 * view_submission. The body has one field, `payload`, which contains the JSON payload.
 */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface EventEnvelopeFields {
  event_id?: string;
  team_id?: string;
  enterprise_id?: string;
  api_app_id?: string;
  token?: string;
  /** Time the event happened, in seconds since the Unix epoch. Defaults to now. */
  event_time?: number;
  /** User id of the installation the event is delivered to. Defaults to the bot user. */
  authorized_user_id?: string;
  is_ext_shared_channel?: boolean;
}

/** Builds the JSON body of an Events API delivery, which wraps the event in an event_callback envelope. */
export function eventBody(event: object, fields: EventEnvelopeFields = {}): string {
  eventCount += 1;
  const teamId = fields.team_id ?? TEST_WORKSPACE.teamId;
  const enterpriseId = fields.enterprise_id ?? null;

  const envelope = {
    token: fields.token ?? TEST_WORKSPACE.verificationToken,
    team_id: teamId,
    enterprise_id: fields.enterprise_id,
    context_team_id: teamId,
    context_enterprise_id: enterpriseId,
    api_app_id: fields.api_app_id ?? TEST_WORKSPACE.appId,
    event,
    type: "event_callback",
    event_id: fields.event_id ?? `Ev${eventCount.toString().padStart(9, "0")}`,
    event_time: fields.event_time ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: enterpriseId,
        team_id: teamId,
        user_id: fields.authorized_user_id ?? TEST_WORKSPACE.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: fields.is_ext_shared_channel ?? false,
    // Slack sends an opaque context string here, which apps pass to apps.event.authorizations.list.
    event_context: `4-test-event-context-${eventCount}`,
  };
  // JSON.stringify drops enterprise_id when it is undefined. EnvelopedEvent in Bolt 5.1 marks the field optional.
  return JSON.stringify(envelope);
}
