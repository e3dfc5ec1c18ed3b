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
});

const memberSchema = z.object({
  org: z.string().regex(idPattern),
  user: z.string().min(1).max(128),
  name: z.string().optional(),
  admin: z.boolean().default(false),
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

export interface AppConfig extends FileConfig {
  configPath: string;
  databaseUrl: string;
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
  return { ...parsed.data, configPath, databaseUrl: env.DATABASE_URL ?? "file:./data/dos-bot.db" };
}
