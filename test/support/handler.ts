import pino from "pino";
import { CommandHandler } from "../../src/bot/handle.ts";
import type { ProbeCommandDeps } from "../../src/probe/commands.ts";
import { probeConfigSchema } from "../../src/probe/config.ts";
import type { PhaseContext } from "../../src/phases/context.ts";
import type { TestDatabase } from "./database.ts";
import { testDirectory } from "./members.ts";

export const silentLogger = pino({ level: "silent" });

export function createTestHandler(database: TestDatabase, now: () => Date = () => new Date(), probeDeps: Partial<ProbeCommandDeps> = {}) {
  const directory = testDirectory();
  const phases: PhaseContext = { db: database.db, directory, defaultTlp: "AMBER", now };
  const probe: ProbeCommandDeps = { db: database.db, config: probeConfigSchema.parse({}), timeZone: "Asia/Tokyo", now, ...probeDeps };
  const handler = new CommandHandler({ phases, probe, timeZone: "Asia/Tokyo", logger: silentLogger });
  return { handler, directory, phases };
}
