// Environment settings of the operations endpoints and the log output,
// checked together with the rest of the configuration.
import { envProblem, type ConfigProblem } from "./config-problems.ts";
import { DEFAULT_OUTBOX_STUCK_AFTER_MS } from "./readiness.ts";

export const DEFAULT_OPS_PORT = 9464;
export const DEFAULT_OPS_HOST = "127.0.0.1";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const LOG_FORMATS = ["json", "pretty"] as const;

export interface OpsSettings {
  /** Interface of the separate operations server. */
  host: string;
  /** Port of the separate operations server, or null when OPS_PORT=off. */
  port: number | null;
  /** A pending outbox post older than this makes /readyz fail. */
  outboxStuckAfterMs: number;
}

export const DEFAULT_OPS_SETTINGS: OpsSettings = {
  host: DEFAULT_OPS_HOST,
  port: DEFAULT_OPS_PORT,
  outboxStuckAfterMs: DEFAULT_OUTBOX_STUCK_AFTER_MS,
};

/** Reads OPS_HOST, OPS_PORT and OPS_OUTBOX_STUCK_SECONDS, checks LOG_LEVEL and LOG_FORMAT, and adds a problem per invalid value. */
export function readOpsEnvironment(env: NodeJS.ProcessEnv, problems: ConfigProblem[]): OpsSettings {
  const settings = { ...DEFAULT_OPS_SETTINGS };
  if (env.OPS_HOST) settings.host = env.OPS_HOST;

  const portText = env.OPS_PORT;
  if (portText === "off") {
    settings.port = null;
  } else if (portText) {
    const port = Number(portText);
    if (/^\d+$/.test(portText) && port <= 65535) settings.port = port;
    else problems.push(envProblem("OPS_PORT", "invalid_port", { value: portText }));
  }

  const stuckText = env.OPS_OUTBOX_STUCK_SECONDS;
  if (stuckText) {
    if (/^\d+$/.test(stuckText) && Number(stuckText) >= 1) settings.outboxStuckAfterMs = Number(stuckText) * 1000;
    else problems.push(envProblem("OPS_OUTBOX_STUCK_SECONDS", "invalid_number", { value: stuckText, minimum: 1 }));
  }

  for (const [variable, allowed] of [
    ["LOG_LEVEL", LOG_LEVELS],
    ["LOG_FORMAT", LOG_FORMATS],
  ] as const) {
    const value = env[variable];
    if (value && !(allowed as readonly string[]).includes(value)) problems.push(envProblem(variable, "invalid_value", { value, values: [...allowed] }));
  }
  return settings;
}
