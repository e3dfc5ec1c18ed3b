// One pino logger for the process. Logs go to stderr so that the console
// chat's replies on stdout stay clean for scripts.
import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { service: "dos-bot" } }, pino.destination(2));
}
