// Plain-text rendering of a reply: the console's output and the fallback
// text of chat posts.
import type { Reply } from "./reply.ts";

export function renderText(reply: Reply, nextHeading: string): string {
  const title = reply.tlp ? `[TLP:${reply.tlp}] ${reply.title}` : reply.title;
  const lines = [title, ...reply.lines.map((line) => `  ${line}`)];
  if (reply.next.length > 0) {
    lines.push(nextHeading, ...reply.next.map((step) => `  - ${step}`));
  }
  return lines.join("\n");
}
