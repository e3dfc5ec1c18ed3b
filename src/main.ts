// Process entry point: read the configuration, start the bot, run the
// console chat when it is enabled, and stop cleanly on SIGINT or SIGTERM.
// Must stay the first import: it sets V8 flags before any module compiles WebAssembly.
import "./runtime-flags.ts";
import { parseArgs } from "node:util";
import { runConsole } from "./bot/console/console.ts";
import { parseIdentity } from "./bot/console/identity.ts";
import { consoleTexts } from "./bot/console/texts.ts";
import { startBot } from "./bot/start.ts";
import { ConfigError, loadConfig, type AppConfig } from "./config.ts";
import { DatabaseOpenError } from "./db/client.ts";
import { createLogger } from "./log.ts";
import { chooseMessageLocale } from "./ops/config-check.ts";
import { formatConfigProblems } from "./ops/config-messages.ts";

function readConfig(): AppConfig | undefined {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${formatConfigProblems(error.problems, chooseMessageLocale(process.env), error.configPath)}\n`);
      return undefined;
    }
    throw error;
  }
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
}

function readArguments(): { as?: string } | undefined {
  try {
    return parseArgs({ options: { as: { type: "string" } }, allowPositionals: false }).values;
  } catch (error) {
    const locale = process.env.BOT_LOCALE === "en" ? "en" : "ja";
    process.stderr.write(consoleTexts[locale].usage((error as Error).message) + "\n");
    return undefined;
  }
}

async function main(): Promise<number> {
  const values = readArguments();
  if (!values) return 2;
  // The configuration is read first, so an invalid LOG_LEVEL is reported with
  // every other problem instead of stopping the logger.
  const config = readConfig();
  if (!config) return 2;
  const logger = createLogger();

  const identityText = values.as ?? config.console.as ?? `${config.members[0]?.org}/${config.members[0]?.user}`;
  const identity = parseIdentity(identityText);
  if (!identity) {
    process.stderr.write(consoleTexts[config.locale].invalidIdentity(identityText) + "\n");
    return 2;
  }

  let bot;
  try {
    bot = await startBot(config, logger);
  } catch (error) {
    if (!(error instanceof DatabaseOpenError)) throw error;
    process.stderr.write(consoleTexts[config.locale].databaseError(error.filePath, error.problem, error.detail) + "\n");
    return 2;
  }
  try {
    if (config.consoleEnabled) {
      // SIGTERM or SIGINT ends the console's input like end of input does, so
      // the bot still stops cleanly and exits 0.
      const stopConsole = new AbortController();
      const onSignal = (signal: string) => {
        logger.info({ signal }, "stopping");
        stopConsole.abort();
      };
      if (bot.platforms.length === 0) {
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
      }
      await runConsole({
        signal: stopConsole.signal,
        handler: bot.handler,
        directory: bot.directory,
        identity,
        locale: config.locale,
        input: process.stdin,
        output: process.stdout,
        interactive: Boolean(process.stdin.isTTY),
      });
    }
    if (bot.platforms.length > 0) {
      const signal = await waitForSignal();
      logger.info({ signal }, "stopping");
    }
  } finally {
    await bot.stop();
  }
  return 0;
}

process.exitCode = await main();
