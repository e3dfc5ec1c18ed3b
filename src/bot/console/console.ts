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
}

export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { handler, directory, locale, output } = options;
  const texts = consoleTexts[locale];
  const catalog = catalogFor(locale);
  const prompt = () => `${options.identity.org}/${options.identity.user}> `;
  const lines = createInterface({ input: options.input, terminal: options.interactive });

  if (options.interactive) {
    output.write(texts.banner(options.identity.org, options.identity.user) + "\n");
    output.write(prompt());
  }

  // Lines are handled one at a time, in order, even when a script pipes them faster.
  for await (const raw of lines) {
    const line = raw.trim();
    if (line !== "" && !line.startsWith("#")) {
      if (!options.interactive) output.write(`${prompt()}${line}\n`);
      const parsed = parseConsoleLine(line);
      if (parsed.invalidIdentity !== undefined) {
        output.write(texts.invalidIdentity(parsed.invalidIdentity) + "\n\n");
      } else {
        const lineIdentity = parsed.identity ?? options.identity;
        const actor = directory.actor(lineIdentity.org, lineIdentity.user, "console");
        const result = await handler.handle(parsed.text, actor, locale);
        if (!result.duplicate) output.write(renderText(result.reply, catalog.text.nextHeading) + "\n\n");
      }
    }
    if (options.interactive) output.write(prompt());
  }
}
