// Renders a Reply as Slack messages in Block Kit. Values are escaped for
// mrkdwn, the TLP label comes first, and long content continues in further
// messages instead of exceeding Slack's limits (3,000 characters per section
// text, 50 blocks per message).
import type { KnownBlock, Button } from "@slack/types";
import type { Locale } from "../../config.ts";
import type { Reply, ReplySubject } from "../messages/reply.ts";
import { slackTexts } from "./texts.ts";

export const SECTION_LIMIT = 3000;
const BLOCKS_PER_MESSAGE = 45;

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Splits text into pieces of at most `limit` characters, preferring line breaks. */
export function splitText(text: string, limit = SECTION_LIMIT - 100): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (Array.from(rest).length > limit) {
    const head = Array.from(rest).slice(0, limit).join("");
    const cut = head.lastIndexOf("\n") > limit / 2 ? head.lastIndexOf("\n") : head.length;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  if (rest !== "" || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

function button(text: string, actionId: string, value: string, style?: "primary" | "danger"): Button {
  return { type: "button", text: { type: "plain_text", text }, action_id: actionId, value, ...(style ? { style } : {}) };
}

/** Buttons for the next step of the phase walk. Clicks run as the clicking member, who is checked like any command. */
export function nextStepButtons(subject: ReplySubject, locale: Locale): Button[] {
  const labels = slackTexts[locale].buttons;
  const incident = String(subject.incident);
  if (subject.request && (subject.request.state === "requested" || subject.request.state === "acknowledged")) {
    const ref = `R${subject.request.id}`;
    return subject.request.state === "requested"
      ? [button(labels.ack, "dos_run_ack", `ack ${ref}`, "primary"), button(labels.decline, "dos_run_decline", `decline ${ref}`)]
      : [button(labels.done, "dos_run_done", `done ${ref}`, "primary")];
  }
  switch (subject.state) {
    case "predicted":
      return [button(labels.detect, "dos_open_detect", incident, "primary"), button(labels.notAffected, "dos_run_not_affected", `detect #${incident} observed=no`)];
    case "under_attack":
    case "mitigating":
      return [
        button(labels.mitigate, "dos_open_mitigate", incident, "primary"),
        button(labels.request, "dos_open_request", incident),
        button(labels.ended, "dos_run_ended", `detect #${incident} status=ended`),
      ];
    case "subsided":
    case "under_review":
      return [button(labels.review, "dos_open_review", incident, "primary")];
    case "closed":
      return [];
  }
}

/** Returns the button that declares a detection from a probe alert, if the reply offers one. */
function declareButtons(reply: Reply, locale: Locale): Button[] {
  if (reply.declareAlert === undefined) return [];
  return [button(slackTexts[locale].buttons.declareAlert, "dos_run_declare_alert", `probe declare A${reply.declareAlert}`, "primary")];
}

export interface RenderOptions {
  locale: Locale;
  nextHeading: string;
  /** Show next-step buttons (posts in the shared channel); command replies show the text steps only. */
  buttons: boolean;
}

export function renderSlackMessages(reply: Reply, options: RenderOptions): SlackMessage[] {
  const heading = reply.tlp ? `*[TLP:${reply.tlp}]* ${escapeMrkdwn(reply.title)}` : escapeMrkdwn(reply.title);
  const fallback = reply.tlp ? `[TLP:${reply.tlp}] ${reply.title}` : reply.title;

  const blocks: KnownBlock[] = splitText(heading).map(section);
  if (reply.lines.length > 0) blocks.push(...splitText(escapeMrkdwn(reply.lines.join("\n"))).map(section));
  if (reply.next.length > 0) {
    const steps = [options.nextHeading, ...reply.next.map((step) => `• ${step}`)].join("\n");
    blocks.push(...splitText(escapeMrkdwn(steps)).map(section));
  }
  let buttons: Button[] = [];
  if (options.buttons) buttons = reply.subject ? nextStepButtons(reply.subject, options.locale) : declareButtons(reply, options.locale);
  if (buttons.length > 0) blocks.push({ type: "actions", elements: buttons });

  const messages: SlackMessage[] = [];
  for (let start = 0; start < blocks.length; start += BLOCKS_PER_MESSAGE) {
    const chunk = blocks.slice(start, start + BLOCKS_PER_MESSAGE);
    const text = start === 0 ? fallback : `${fallback} ${slackTexts[options.locale].continued}`;
    messages.push({ text: Array.from(text).slice(0, SECTION_LIMIT).join(""), blocks: chunk });
  }
  return messages;
}
