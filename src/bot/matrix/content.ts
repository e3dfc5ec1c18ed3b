// Builds the content of the bot's Matrix messages from a Reply: an m.notice
// with a plain `body` and an HTML `formatted_body`. A long reply is split
// into several replies, each small enough for one event.
import { renderText } from "../messages/render-text.ts";
import type { Reply } from "../messages/reply.ts";
import { htmlLine, renderHtml } from "./html.ts";

/**
 * Upper bound, in bytes of UTF-8 JSON, for `body` plus `formatted_body` of one
 * event. The Matrix spec limits a whole event to 65,536 bytes; the rest is
 * left for relations, the event envelope and the servers' signatures.
 */
export const MAX_TEXT_BYTES = 56_000;

/** Bytes that a line's separators add at most: "<br>" or "<li></li>" in HTML, "\n  - " in the body. */
const ITEM_SEPARATOR_BYTES = 16;
/** Bytes of the markup around the lines ("<p></p>") and the next steps ("<p><b></b></p><ul></ul>", "\n"), rounded up. */
const SECTION_MARKUP_BYTES = 40;

export interface NoticeContent {
  msgtype: "m.notice";
  body: string;
  format: "org.matrix.custom.html";
  formatted_body: string;
  /** Empty: the bot never mentions anyone, so "@room" in a record does not notify the room. */
  "m.mentions": Record<string, never>;
  [key: string]: unknown;
}

export function noticeContent(reply: Reply, nextHeading: string): NoticeContent {
  return {
    msgtype: "m.notice",
    body: renderText(reply, nextHeading),
    format: "org.matrix.custom.html",
    formatted_body: renderHtml(reply, nextHeading),
    "m.mentions": {},
  };
}

/**
 * Rewrites "/dos" in the suggested next steps to the Matrix command prefix,
 * because Matrix clients treat a leading "/" as their own command.
 */
export function withCommandPrefix(reply: Reply, prefix: string): Reply {
  if (prefix === "/dos") return reply;
  return { ...reply, next: reply.next.map((step) => step.replace(/\/dos(?=\s|$)/gu, () => prefix)) };
}

/** Size of a string inside JSON, in UTF-8 bytes, without the quotes. */
function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), "utf8") - 2;
}

/** Bytes that one line adds to the body and to the HTML, without separators. */
function lineBytes(text: string): number {
  return jsonBytes(text) + jsonBytes(htmlLine(text));
}

/** Bytes of a reply's title and section markup, before any line or step is added. */
function baseBytes(titleOnly: Reply, nextHeading: string): number {
  const content = noticeContent(titleOnly, nextHeading);
  return jsonBytes(content.body) + jsonBytes(content.formatted_body) + lineBytes(nextHeading) + SECTION_MARKUP_BYTES;
}

/** Cuts text into pieces whose lineBytes() is at most `maxBytes` each, at code point boundaries. */
export function splitLine(text: string, maxBytes: number): string[] {
  if (lineBytes(text) <= maxBytes) return [text];
  const pieces: string[] = [];
  let piece = "";
  let used = 0;
  for (const codePoint of text) {
    // Per code point the cost is an upper bound: "\r\n" counts 6 bytes but renders as 4.
    const cost = lineBytes(codePoint);
    if (used + cost > maxBytes && piece !== "") {
      pieces.push(piece);
      piece = "";
      used = 0;
    }
    piece += codePoint;
    used += cost;
  }
  if (piece !== "") pieces.push(piece);
  return pieces;
}

export interface SplitOptions {
  nextHeading: string;
  /** Marker appended to the title of the second and later parts. */
  continued: string;
  maxBytes?: number;
}

/**
 * Splits a reply into parts whose body and HTML together take at most
 * `maxBytes`. Every part repeats the title and the TLP label, so the label
 * still comes before the content it covers. Later parts mark the title as
 * continued, and a line too long for one part is cut into pieces.
 */
export function splitReply(reply: Reply, options: SplitOptions): Reply[] {
  const maxBytes = options.maxBytes ?? MAX_TEXT_BYTES;
  const first: Reply = { ...reply, lines: [], next: [] };
  const continuation: Reply = { ...first, title: `${reply.title} ${options.continued}` };
  const continuationBase = baseBytes(continuation, options.nextHeading);
  const pieceLimit = Math.max(1, maxBytes - continuationBase - ITEM_SEPARATOR_BYTES);

  const items = [
    ...reply.lines.map((text) => ({ section: "lines" as const, text })),
    ...reply.next.map((text) => ({ section: "next" as const, text })),
  ];
  const parts: Reply[] = [];
  let current: Reply = { ...first, lines: [], next: [] };
  let used = baseBytes(first, options.nextHeading);
  let itemsInPart = 0;

  for (const item of items) {
    for (const piece of splitLine(item.text, pieceLimit)) {
      const cost = lineBytes(piece) + ITEM_SEPARATOR_BYTES;
      if (used + cost > maxBytes && itemsInPart > 0) {
        parts.push(current);
        current = { ...continuation, lines: [], next: [] };
        used = continuationBase;
        itemsInPart = 0;
      }
      current[item.section].push(piece);
      used += cost;
      itemsInPart += 1;
    }
  }
  parts.push(current);
  return parts;
}
