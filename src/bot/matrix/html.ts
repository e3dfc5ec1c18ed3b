// Renders a Reply as the HTML of a Matrix message (`formatted_body` with
// format org.matrix.custom.html). Every text that comes from a record or a
// catalog is escaped, so a value such as `<script>` shows as typed. Only the
// tags written here are markup.
import type { Reply } from "../messages/reply.ts";

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]!);
}

/** Escapes text and keeps its line breaks. */
export function htmlLine(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, "<br>");
}

export function renderHtml(reply: Reply, nextHeading: string): string {
  const title = reply.tlp ? `<b>[TLP:${escapeHtml(reply.tlp)}]</b> ${htmlLine(reply.title)}` : htmlLine(reply.title);
  let html = `<p>${title}</p>`;
  if (reply.lines.length > 0) html += `<p>${reply.lines.map(htmlLine).join("<br>")}</p>`;
  if (reply.next.length > 0) {
    html += `<p><b>${htmlLine(nextHeading)}</b></p><ul>${reply.next.map((step) => `<li>${htmlLine(step)}</li>`).join("")}</ul>`;
  }
  return html;
}
