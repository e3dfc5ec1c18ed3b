// One pino logger for the process. Logs go to stderr so that the console
// chat's replies on stdout stay clean for scripts. Every line passes through
// a scrubber before it is written, so a token or secret never reaches the
// log, also not inside an error message or a logged request.
import pino, { type Logger } from "pino";
import { createLogDestination } from "./ops/log-destination.ts";

export type { Logger };

/** Environment variables whose values are secrets. */
export const SECRET_VARIABLES = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "MATRIX_ACCESS_TOKEN"] as const;

// Token shapes of Slack (xoxb-, xoxp-, xapp-, ...) and Synapse (syt_...), for
// tokens that did not come from the environment.
const TOKEN_PATTERNS = [/xox[abposr]-[A-Za-z0-9-]+/g, /xapp-[A-Za-z0-9-]+/g, /syt_[A-Za-z0-9_]+/g, /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g];
const REDACTED = "[REDACTED]";

export function createScrubber(secrets: string[]): (line: string) => string {
  // Also match the JSON-escaped form, since log lines are JSON.
  const literals = secrets.filter((secret) => secret.length >= 6).flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]);
  return (line) => {
    let scrubbed = line;
    for (const literal of literals) scrubbed = scrubbed.split(literal).join(REDACTED);
    for (const pattern of TOKEN_PATTERNS) scrubbed = scrubbed.replace(pattern, (match, prefix?: string) => (typeof prefix === "string" && match.startsWith(prefix) ? prefix + REDACTED : REDACTED));
    return scrubbed;
  };
}

export interface LoggerOptions {
  level?: string;
  env?: NodeJS.ProcessEnv;
  /** Where lines go; stderr by default. Tests pass a stream to read them. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const secrets = SECRET_VARIABLES.map((name) => env[name]).filter((value): value is string => Boolean(value));
  const scrub = createScrubber(secrets);
  return pino(
    {
      level: options.level ?? env.LOG_LEVEL ?? "info",
      base: { service: "dos-bot" },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? createLogDestination(env),
  );
}
