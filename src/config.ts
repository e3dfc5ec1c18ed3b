// Configuration: the members file (organizations, people, roles) plus the
// environment. Parsed once at start-up with zod; every problem is reported
// with its key path.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { TLP_LABELS } from "./bot/commands/types.ts";
import { PROJECT_ROOT } from "./db/paths.ts";

export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const idPattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const organizationSchema = z.object({
  id: z.string().regex(idPattern, "lower-case letters, digits, '-' or '_'"),
  name: z.string().min(1),
  /** Slack workspace (team) ids whose users act for this organization. */
  slackTeamIds: z.array(z.string().regex(/^[TE][A-Z0-9]+$/, "a Slack team id such as T0123ABCD")).default([]),
  /** Matrix homeserver names whose users act for this organization. */
  matrixServers: z.array(z.string().min(1)).default([]),
});

const memberSchema = z.object({
  org: z.string().regex(idPattern),
  user: z.string().min(1).max(128),
  name: z.string().optional(),
  admin: z.boolean().default(false),
  slackUserId: z.string().regex(/^[UW][A-Z0-9]+$/, "a Slack user id such as U0123ABCD").optional(),
  matrixUserId: z.string().regex(/^@[^:]+:.+$/, "a Matrix user id such as @noc:example.org").optional(),
});

const destinationFields = {
  /** Reply language of the shared channel or room. */
  locale: z.enum(LOCALES).optional(),
  /** The most restrictive TLP label this audience may read. */
  maxTlp: z.enum(TLP_LABELS).default("AMBER"),
};

const slackFileSchema = z.object({
  /** Shared incident channel id, e.g. C0123ABCD. */
  channel: z.string().regex(/^[CG][A-Z0-9]+$/, "a Slack channel id such as C0123ABCD"),
  ...destinationFields,
});

const matrixFileSchema = z.object({
  /** Shared incident room id, e.g. !abc:example.org. */
  room: z.string().regex(/^![^:]+:.+$/, "a Matrix room id such as !abc123:example.org"),
  commandPrefix: z.string().min(1).default("!dos"),
  /** Servers from which the bot accepts invitations, besides the configured room. */
  inviteServers: z.array(z.string().min(1)).default([]),
  ...destinationFields,
});

const timeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "not an IANA time zone, e.g. Asia/Tokyo");

export const fileConfigSchema = z
  .object({
    locale: z.enum(LOCALES).default("ja"),
    timeZone: timeZoneSchema.default("Asia/Tokyo"),
    defaultTlp: z.enum(TLP_LABELS).default("AMBER"),
    console: z.object({ as: z.string().optional() }).default({}),
    slack: slackFileSchema.optional(),
    matrix: matrixFileSchema.optional(),
    organizations: z.array(organizationSchema).min(1),
    members: z.array(memberSchema),
  })
  .superRefine((config, context) => {
    const orgIds = new Set<string>();
    config.organizations.forEach((org, index) => {
      if (orgIds.has(org.id)) {
        context.addIssue({ code: "custom", path: ["organizations", index, "id"], message: `duplicate organization id "${org.id}"` });
      }
      orgIds.add(org.id);
    });
    const memberKeys = new Set<string>();
    config.members.forEach((member, index) => {
      if (!orgIds.has(member.org)) {
        context.addIssue({ code: "custom", path: ["members", index, "org"], message: `unknown organization "${member.org}"` });
      }
      const key = `${member.org}/${member.user}`;
      if (memberKeys.has(key)) {
        context.addIssue({ code: "custom", path: ["members", index, "user"], message: `duplicate member "${key}"` });
      }
      memberKeys.add(key);
    });
  });

export type FileConfig = z.infer<typeof fileConfigSchema>;

export interface SlackConfig {
  botToken: string;
  /** HTTP mode: requests are verified with the signing secret. */
  signingSecret?: string;
  /** Socket Mode: set instead of an HTTP port. */
  appToken?: string;
  /** Web API base URL; Slack's own when unset (GovSlack and tests set it). */
  apiUrl?: string;
  port: number;
  /** Interface for the HTTP receiver; all interfaces when unset. */
  host?: string;
  channel: string;
  locale: Locale;
  maxTlp: FileConfig["defaultTlp"];
}

export interface MatrixConfig {
  homeserverUrl: string;
  accessToken: string;
  room: string;
  commandPrefix: string;
  inviteServers: string[];
  locale: Locale;
  maxTlp: FileConfig["defaultTlp"];
}

export interface AppConfig extends FileConfig {
  configPath: string;
  databaseUrl: string;
  slackRuntime?: SlackConfig;
  matrixRuntime?: MatrixConfig;
  /** Run the console chat even though a chat platform is configured. */
  consoleEnabled: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const DEFAULT_CONFIG_PATH = path.join(PROJECT_ROOT, "config", "dos-bot.json");
const EXAMPLE_CONFIG_PATH = path.join(PROJECT_ROOT, "config", "dos-bot.example.json");

/** Picks DOS_BOT_CONFIG, then config/dos-bot.json, then the bundled example. */
export function resolveConfigPath(env: NodeJS.ProcessEnv): string {
  if (env.DOS_BOT_CONFIG) return path.resolve(env.DOS_BOT_CONFIG);
  return existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : EXAMPLE_CONFIG_PATH;
}

function formatIssuePath(segments: PropertyKey[]): string {
  return segments.length === 0 ? "(root)" : segments.map(String).join(".");
}

/** Reads and validates the config file and environment; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const configPath = resolveConfigPath(env);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(configPath, "utf8"));
  } catch (error) {
    throw new ConfigError([`${configPath}: cannot read JSON (${(error as Error).message})`]);
  }

  const overrides: Record<string, unknown> = {};
  if (env.BOT_LOCALE) overrides.locale = env.BOT_LOCALE;
  if (env.BOT_TIMEZONE) overrides.timeZone = env.BOT_TIMEZONE;
  const merged = { ...(raw as object), ...overrides };

  const parsed = fileConfigSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${configPath}: ${formatIssuePath(issue.path)}: ${issue.message}`));
  }

  const problems: string[] = [];
  const slackRuntime = readSlackEnvironment(env, parsed.data, problems);
  const matrixRuntime = readMatrixEnvironment(env, parsed.data, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const platformConfigured = slackRuntime !== undefined || matrixRuntime !== undefined;
  return {
    ...parsed.data,
    configPath,
    databaseUrl: env.DATABASE_URL ?? "file:./data/dos-bot.db",
    slackRuntime,
    matrixRuntime,
    consoleEnabled: !platformConfigured || isTrue(env.CONSOLE),
  };
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on"].includes(value.toLowerCase());
}

function readSlackEnvironment(env: NodeJS.ProcessEnv, file: FileConfig, problems: string[]): SlackConfig | undefined {
  const botToken = env.SLACK_BOT_TOKEN;
  if (!botToken) return undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET || undefined;
  const appToken = env.SLACK_APP_TOKEN || undefined;
  if (!signingSecret && !appToken) {
    problems.push("SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is");
  }
  if (appToken && !appToken.startsWith("xapp-")) problems.push("SLACK_APP_TOKEN must be an app-level token starting with xapp-");
  if (!file.slack) problems.push('SLACK_BOT_TOKEN is set but the config file has no "slack": { "channel": "C…" } section');

  const port = Number(env.PORT ?? "3000");
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a TCP port number, got "${env.PORT}"`);
  const apiUrl = env.SLACK_API_URL || undefined;
  if (apiUrl && !URL.canParse(apiUrl)) problems.push(`SLACK_API_URL must be a URL such as https://slack.com/api/, got "${apiUrl}"`);
  if (!file.slack) return undefined;

  return {
    botToken,
    signingSecret,
    appToken,
    apiUrl,
    port,
    host: env.HOST || undefined,
    channel: file.slack.channel,
    locale: file.slack.locale ?? file.locale,
    maxTlp: file.slack.maxTlp,
  };
}

function readMatrixEnvironment(env: NodeJS.ProcessEnv, file: FileConfig, problems: string[]): MatrixConfig | undefined {
  const homeserverUrl = env.MATRIX_HOMESERVER_URL;
  const accessToken = env.MATRIX_ACCESS_TOKEN;
  if (!homeserverUrl && !accessToken) return undefined;
  if (!homeserverUrl || !accessToken) {
    problems.push("MATRIX_HOMESERVER_URL and MATRIX_ACCESS_TOKEN must be set together");
    return undefined;
  }
  if (!URL.canParse(homeserverUrl)) problems.push(`MATRIX_HOMESERVER_URL must be a URL such as https://matrix.example.org, got "${homeserverUrl}"`);
  if (!file.matrix) {
    problems.push('MATRIX_ACCESS_TOKEN is set but the config file has no "matrix": { "room": "!…:server" } section');
    return undefined;
  }
  return {
    homeserverUrl,
    accessToken,
    room: file.matrix.room,
    commandPrefix: file.matrix.commandPrefix,
    inviteServers: file.matrix.inviteServers,
    locale: file.matrix.locale ?? file.locale,
    maxTlp: file.matrix.maxTlp,
  };
}
