// Turns the text Slack delivers back into what the member typed. Slack
// rewrites message and command text before it reaches the app: it links
// domains and URLs (<http://example.co.jp|example.co.jp>), encodes mentions
// (<@U123>, <#C123|name>, <!here>) and escapes &, < and >.

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };

function unescapeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (entity) => ENTITIES[entity]!);
}

function restoreLink(inner: string): string {
  const bar = inner.indexOf("|");
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);

  if (target.startsWith("@")) return label ? `@${label}` : target;
  if (target.startsWith("#")) return label ? `#${label}` : target;
  if (target.startsWith("!subteam^")) return label ?? `@${target.slice("!subteam^".length)}`;
  if (target.startsWith("!date^")) return label ?? target;
  if (target.startsWith("!")) return `@${target.slice(1)}`;
  // Auto-linked text: the label is what was typed (example.co.jp, a@b.example);
  // a pasted URL has no label and is the URL itself.
  return label ?? target;
}

export function unescapeSlackText(text: string): string {
  const restored = text.replace(/<([^<>]*)>/g, (_match, inner: string) => restoreLink(inner));
  return unescapeEntities(restored);
}
