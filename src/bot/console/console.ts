// The embedded terminal chat. Each line is a command exactly as a member
// would type it after `/dos` in Slack; the reply is the same text. With a
// terminal it prompts; otherwise it reads lines until end of input, so a
// session can be scripted, and returns when the input ends.
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Locale } from "../../config.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import type { CommandHandler } from "../handle.ts";
import { catalogFor } from "../messages/catalog/index.ts";
import { renderText } from "../messages/render-text.ts";
import { type ConsoleIdentity, parseConsoleLine } from "./identity.ts";
import { consoleTexts } from "./texts.ts";

export interface ConsoleOptions {
  handler: CommandHandler;
  directory: MemberDirectory;
  identity: ConsoleIdentity;
  locale: Locale;
  input: Readable;
  output: Writable;
  interactive: boolean;
  /** Stops reading input when aborted. */
  signal?: AbortSignal;
}

// C0 and C1 control characters other than tab and newline. Stored text is
// kept as typed, but a member's text must not drive another operator's
// terminal (colours, cursor moves, bells), so the console shows them escaped.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function escapeControls(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { handler, directory, locale, output } = options;
  const texts = consoleTexts[locale];
  const catalog = catalogFor(locale);
  const prompt = () => `${options.identity.org}/${options.identity.user}> `;
  const lines = createInterface({ input: options.input, terminal: options.interactive });
  // Ctrl+C at the prompt ends the session like Ctrl+D.
  lines.on("SIGINT", () => lines.close());
  options.signal?.addEventListener("abort", () => lines.close(), { once: true });

  if (options.interactive) {
    output.write(texts.banner(options.identity.org, options.identity.user) + "\n");
    output.write(prompt());
  }

  // Lines are handled one at a time, in order, even when a script pipes them faster.
  for await (const raw of lines) {
    const line = raw.trim();
    if (line !== "" && !line.startsWith("#")) {
      if (!options.interactive) output.write(`${prompt()}${escapeControls(line)}\n`);
      const parsed = parseConsoleLine(line);
      if (parsed.invalidIdentity !== undefined) {
        output.write(texts.invalidIdentity(parsed.invalidIdentity) + "\n\n");
      } else {
        const lineIdentity = parsed.identity ?? options.identity;
        const actor = directory.actor(lineIdentity.org, lineIdentity.user, "console");
        const result = await handler.handle(parsed.text, actor, locale);
        if (!result.duplicate) output.write(escapeControls(renderText(result.reply, catalog.text.nextHeading)) + "\n\n");
      }
    }
    if (options.interactive) output.write(prompt());
  }
}
