// Configuration: the members file (organizations, people, roles) plus the
// environment. Parsed once at start-up with zod; every problem is reported
// with its key path.
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { schedulesConfigSchema } from "./bot/schedules/config.ts";
import { probeConfigSchema } from "./probe/config.ts";
import { TLP_LABELS } from "./bot/commands/types.ts";
import { PROJECT_ROOT } from "./db/paths.ts";
import { formatConfigProblems } from "./ops/config-messages.ts";
import { envProblem, fileProblem, issueToProblem, readConfigJson, type ConfigProblem } from "./ops/config-problems.ts";
import { readOpsEnvironment, type OpsSettings } from "./ops/settings.ts";

export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const idPattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const organizationSchema = z.strictObject({
  id: z.string().regex(idPattern, "lower-case letters, digits, '-' or '_'"),
  name: z.string().min(1),
  /** Slack workspace (team) ids whose users act for this organization. */
  slackTeamIds: z.array(z.string().regex(/^[TE][A-Z0-9]+$/, "a Slack team id such as T0123ABCD")).default([]),
  /** Matrix homeserver names whose users act for this organization. */
  matrixServers: z.array(z.string().min(1)).default([]),
});

const memberSchema = z.strictObject({
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

const slackFileSchema = z.strictObject({
  /** Shared incident channel id, e.g. C0123ABCD. */
  channel: z.string().regex(/^[CG][A-Z0-9]+$/, "a Slack channel id such as C0123ABCD"),
  ...destinationFields,
});

const matrixFileSchema = z.strictObject({
  /** Shared incident room id, e.g. !abc:example.org. */
  room: z.string().regex(/^![^:]+:.+$/, "a Matrix room id such as !abc123:example.org"),
  commandPrefix: z.string().min(1).default("!dos"),
  /** Servers from which the bot accepts invitations, besides the configured room. */
  inviteServers: z.array(z.string().min(1)).default([]),
  ...destinationFields,
});

const timeZoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: "not an IANA time zone, e.g. Asia/Tokyo", params: { rule: "time_zone" } },
);

export const fileConfigSchema = z
  .strictObject({
    locale: z.enum(LOCALES).default("ja"),
    timeZone: timeZoneSchema.default("Asia/Tokyo"),
    defaultTlp: z.enum(TLP_LABELS).default("AMBER"),
    console: z.strictObject({ as: z.string().optional() }).default({}),
    schedules: schedulesConfigSchema,
    probe: probeConfigSchema.prefault({}),
    slack: slackFileSchema.optional(),
    matrix: matrixFileSchema.optional(),
    organizations: z.array(organizationSchema).min(1),
    members: z.array(memberSchema),
  })
  // Runs even when other fields are invalid (`when`), so one run reports
  // every problem; entries that are not objects with string ids are skipped.
  .superRefine(
    (config, context) => {
      const { organizations, members } = config as { organizations?: unknown; members?: unknown };
      const orgIds = new Set<string>();
      entriesOf(organizations).forEach((org, index) => {
        if (typeof org.id !== "string") return;
        if (orgIds.has(org.id)) {
          context.addIssue({ code: "custom", path: ["organizations", index, "id"], message: `duplicate organization id "${org.id}"`, params: { rule: "duplicate_organization", value: org.id } });
        }
        orgIds.add(org.id);
      });
      const memberKeys = new Set<string>();
      entriesOf(members).forEach((member, index) => {
        if (typeof member.org !== "string" || typeof member.user !== "string") return;
        if (!orgIds.has(member.org)) {
          context.addIssue({ code: "custom", path: ["members", index, "org"], message: `unknown organization "${member.org}"`, params: { rule: "unknown_organization", value: member.org } });
        }
        const key = `${member.org}/${member.user}`;
        if (memberKeys.has(key)) {
          context.addIssue({ code: "custom", path: ["members", index, "user"], message: `duplicate member "${key}"`, params: { rule: "duplicate_member", value: key } });
        }
        memberKeys.add(key);
      });
    },
    { when: () => true },
  );

function entriesOf(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => (entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>) : {}));
}

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
  /** Operations endpoints; loadConfig always sets it, hand-built test configs may leave it out. */
  ops?: OpsSettings;
}

export class ConfigError extends Error {
  constructor(
    readonly problems: ConfigProblem[],
    readonly configPath?: string,
  ) {
    super(formatConfigProblems(problems, "en", configPath));
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

/** Reads and validates the config file and environment; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const configPath = resolveConfigPath(env);
  const problems: ConfigProblem[] = [];

  // The environment is checked even when the file is unreadable or invalid,
  // so that one run reports every problem.
  const json = readConfigJson(configPath);
  if (!json.ok) problems.push(json.problem);

  const overrides: Record<string, unknown> = {};
  const overriddenBy: Record<string, string> = {};
  if (env.BOT_LOCALE) [overrides.locale, overriddenBy.locale] = [env.BOT_LOCALE, "BOT_LOCALE"];
  if (env.BOT_TIMEZONE) [overrides.timeZone, overriddenBy.timeZone] = [env.BOT_TIMEZONE, "BOT_TIMEZONE"];
  const merged = { ...(json.ok ? json.value : {}), ...overrides };

  let file: FileConfig | undefined;
  if (json.ok) {
    const parsed = fileConfigSchema.safeParse(merged);
    if (parsed.success) file = parsed.data;
    else problems.push(...parsed.error.issues.map((issue) => issueToProblem(issue, merged, overriddenBy)));
  }

  // Whether the file has a section at all, valid or not; unknown (true) when the file could not be read.
  const sections = { slack: !json.ok || "slack" in json.value, matrix: !json.ok || "matrix" in json.value };
  const slackRuntime = readSlackEnvironment(env, file, sections.slack, problems);
  const matrixRuntime = readMatrixEnvironment(env, file, sections.matrix, problems);

  const databaseUrl = env.DATABASE_URL ?? "file:./data/dos-bot.db";
  if (!databaseUrl.startsWith("file:")) problems.push(envProblem("DATABASE_URL", "invalid_database_url", { value: databaseUrl }));
  const ops = readOpsEnvironment(env, problems);

  if (problems.length > 0 || !file) throw new ConfigError(problems, configPath);

  const platformConfigured = slackRuntime !== undefined || matrixRuntime !== undefined;
  return {
    ...file,
    configPath,
    databaseUrl,
    slackRuntime,
    matrixRuntime,
    consoleEnabled: !platformConfigured || isTrue(env.CONSOLE),
    ops,
  };
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on"].includes(value.toLowerCase());
}

/** `file` is undefined when the config file is invalid; `hasSection` says whether it has a "slack" key at all. */
function readSlackEnvironment(env: NodeJS.ProcessEnv, file: FileConfig | undefined, hasSection: boolean, problems: ConfigProblem[]): SlackConfig | undefined {
  const botToken = env.SLACK_BOT_TOKEN;
  if (!botToken) return undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET || undefined;
  const appToken = env.SLACK_APP_TOKEN || undefined;
  if (!signingSecret && !appToken) problems.push(envProblem("SLACK_BOT_TOKEN", "slack_mode_missing"));
  if (appToken && !appToken.startsWith("xapp-")) problems.push(envProblem("SLACK_APP_TOKEN", "token_prefix", { prefix: "xapp-" }));
  if (!hasSection) problems.push(fileProblem("slack", "section_missing", { variable: "SLACK_BOT_TOKEN", section: "slack", example: '"slack": { "channel": "C0123ABCD" }' }));

  const port = Number(env.PORT ?? "3000");
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(envProblem("PORT", "invalid_port", { value: env.PORT }));
  const apiUrl = env.SLACK_API_URL || undefined;
  if (apiUrl && !URL.canParse(apiUrl)) problems.push(envProblem("SLACK_API_URL", "invalid_url", { value: apiUrl, example: "https://slack.com/api/" }));
  if (!file?.slack) return undefined;

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

/** `file` is undefined when the config file is invalid; `hasSection` says whether it has a "matrix" key at all. */
function readMatrixEnvironment(env: NodeJS.ProcessEnv, file: FileConfig | undefined, hasSection: boolean, problems: ConfigProblem[]): MatrixConfig | undefined {
  const homeserverUrl = env.MATRIX_HOMESERVER_URL;
  const accessToken = env.MATRIX_ACCESS_TOKEN;
  if (!homeserverUrl && !accessToken) return undefined;
  if (!homeserverUrl || !accessToken) {
    const missing = homeserverUrl ? "MATRIX_ACCESS_TOKEN" : "MATRIX_HOMESERVER_URL";
    problems.push(envProblem(missing, "set_together", { variables: ["MATRIX_HOMESERVER_URL", "MATRIX_ACCESS_TOKEN"] }));
    return undefined;
  }
  if (!URL.canParse(homeserverUrl)) problems.push(envProblem("MATRIX_HOMESERVER_URL", "invalid_url", { value: homeserverUrl, example: "https://matrix.example.org" }));
  if (!hasSection) problems.push(fileProblem("matrix", "section_missing", { variable: "MATRIX_ACCESS_TOKEN", section: "matrix", example: '"matrix": { "room": "!abc123:example.org" }' }));
  if (!file?.matrix) return undefined;
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
