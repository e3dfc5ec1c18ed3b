// Start-up order: configuration, database (migrated), command handler, then
// the console chat, which is the embedded default when no chat platform is
// configured.
import { parseArgs } from "node:util";
import { runConsole } from "./bot/console/console.ts";
import { parseIdentity } from "./bot/console/identity.ts";
import { consoleTexts } from "./bot/console/texts.ts";
import { CommandHandler } from "./bot/handle.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase, sqliteFilePath } from "./db/client.ts";
import { createLogger } from "./log.ts";
import { MemberDirectory } from "./phases/actor.ts";

async function main(): Promise<number> {
  const logger = createLogger();
  const { values } = parseArgs({ options: { as: { type: "string" } }, allowPositionals: false });

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const identityText = values.as ?? config.console.as ?? `${config.members[0]?.org}/${config.members[0]?.user}`;
  const identity = parseIdentity(identityText);
  if (!identity) {
    process.stderr.write(consoleTexts[config.locale].invalidIdentity(identityText) + "\n");
    return 2;
  }

  const { db, appliedMigrations } = await openDatabase(config.databaseUrl);
  logger.info({ database: sqliteFilePath(config.databaseUrl), appliedMigrations, config: config.configPath, locale: config.locale, timeZone: config.timeZone }, "database ready");

  const directory = new MemberDirectory(config);
  const handler = new CommandHandler({
    phases: { db, directory, defaultTlp: config.defaultTlp, now: () => new Date() },
    timeZone: config.timeZone,
    logger,
  });

  try {
    await runConsole({
      handler,
      directory,
      identity,
      locale: config.locale,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
    });
  } finally {
    await db.$disconnect();
  }
  return 0;
}

process.exitCode = await main();
