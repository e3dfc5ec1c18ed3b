// Bolt's Logger interface over the bot's pino logger, so Bolt's own messages
// (including rejected request signatures) land in the same JSON log.
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../log.ts";

export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ module: "slack-bolt" });
  let level: LogLevel = LogLevel.INFO;
  const join = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : typeof part === "string" ? part : JSON.stringify(part))).join(" ");
  return {
    debug: (...parts) => child.debug(join(parts)),
    info: (...parts) => child.info(join(parts)),
    warn: (...parts) => child.warn(join(parts)),
    error: (...parts) => child.error(join(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
