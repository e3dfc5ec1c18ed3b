// `npm run config:check`: validates the config file and environment exactly
// as start-up does (loadConfig), prints every problem at once in Japanese or
// English, and returns the exit status: 0 valid, 1 invalid, 2 wrong usage.
import { parseArgs } from "node:util";
import { ConfigError, LOCALES, loadConfig, resolveConfigPath, type AppConfig, type Locale } from "../config.ts";
import { readConfigJson } from "./config-problems.ts";
import { formatConfigProblems } from "./config-messages.ts";
import { readOpsEnvironment, type OpsSettings } from "./settings.ts";

export interface ConfigCheckIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/**
 * Picks the language of configuration messages: the --locale option, then
 * BOT_LOCALE, then "locale" in the config file when it can be read, then
 * Japanese. Invalid values are skipped, since they are reported as problems.
 */
export function chooseMessageLocale(env: NodeJS.ProcessEnv, option?: string): Locale {
  if (isLocale(option)) return option;
  if (isLocale(env.BOT_LOCALE)) return env.BOT_LOCALE;
  const file = readConfigJson(resolveConfigPath(env));
  if (file.ok && isLocale(file.value.locale)) return file.value.locale;
  return "ja";
}

const USAGE = {
  ja: "使い方: npm run config:check -- [--locale ja|en]\n設定ファイル（DOS_BOT_CONFIG）と環境変数を起動時と同じ規則で検査します。終了ステータス: 0 問題なし、1 問題あり、2 使い方の誤り。",
  en: "Usage: npm run config:check -- [--locale ja|en]\nChecks the config file (DOS_BOT_CONFIG) and the environment with the rules used at start-up. Exit status: 0 valid, 1 problems found, 2 wrong usage.",
} as const;

const INVALID_LOCALE = {
  ja: (value: string) => `--locale には ja か en を指定してください（指定された値: ${value}）`,
  en: (value: string) => `--locale must be ja or en, got ${value}`,
} as const;

export function runConfigCheck(io: ConfigCheckIo): number {
  let values: { locale?: string; help?: boolean };
  try {
    const options = { locale: { type: "string" }, help: { type: "boolean", short: "h" } } as const;
    ({ values } = parseArgs({ args: io.argv, options, allowPositionals: false }));
  } catch (error) {
    const locale = chooseMessageLocale(io.env);
    io.stderr.write(`${(error as Error).message}\n${USAGE[locale]}\n`);
    return 2;
  }

  const locale = chooseMessageLocale(io.env, values.locale);
  if (values.help) {
    io.stdout.write(`${USAGE[locale]}\n`);
    return 0;
  }
  if (values.locale !== undefined && !isLocale(values.locale)) {
    io.stderr.write(`${INVALID_LOCALE[locale](values.locale)}\n`);
    return 2;
  }

  let config: AppConfig;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${formatConfigProblems(error.problems, locale, resolveConfigPath(io.env))}\n`);
    return 1;
  }

  io.stdout.write(`${formatSummary(config, readOpsEnvironment(io.env, []), locale)}\n`);
  return 0;
}

interface SummaryTexts {
  valid: string;
  configFile: string;
  organizations: string;
  members: string;
  platforms: string;
  endpoints: string;
  slackHttp(port: number): string;
  slackSocket: string;
  matrix(homeserver: string): string;
  console: string;
  onSlackPort(port: number): string;
  opsOff: string;
  separator: string;
}

const SUMMARY: Record<Locale, SummaryTexts> = {
  ja: {
    valid: "設定に問題はありません。",
    configFile: "設定ファイル",
    organizations: "組織",
    members: "メンバー",
    platforms: "プラットフォーム",
    endpoints: "運用エンドポイント（/healthz /readyz /metrics）",
    slackHttp: (port) => `Slack（HTTP モード、ポート ${port}）`,
    slackSocket: "Slack（Socket Mode）",
    matrix: (homeserver) => `Matrix（${homeserver}）`,
    console: "コンソール",
    onSlackPort: (port) => `Slack の HTTP ポート ${port}`,
    opsOff: "なし（OPS_PORT=off）",
    separator: "、",
  },
  en: {
    valid: "The configuration is valid.",
    configFile: "Config file",
    organizations: "Organizations",
    members: "Members",
    platforms: "Platforms",
    endpoints: "Operations endpoints (/healthz /readyz /metrics)",
    slackHttp: (port) => `Slack (HTTP mode, port ${port})`,
    slackSocket: "Slack (Socket Mode)",
    matrix: (homeserver) => `Matrix (${homeserver})`,
    console: "console",
    onSlackPort: (port) => `the Slack HTTP port ${port}`,
    opsOff: "off (OPS_PORT=off)",
    separator: ", ",
  },
};

function formatSummary(config: AppConfig, ops: OpsSettings, locale: Locale): string {
  const texts = SUMMARY[locale];
  const slack = config.slackRuntime;
  const slackHttp = slack !== undefined && slack.signingSecret !== undefined;

  const platforms: string[] = [];
  if (slack) platforms.push(slackHttp ? texts.slackHttp(slack.port) : texts.slackSocket);
  if (config.matrixRuntime) platforms.push(texts.matrix(config.matrixRuntime.homeserverUrl));
  if (config.consoleEnabled) platforms.push(texts.console);

  let endpoints: string;
  if (slackHttp) endpoints = texts.onSlackPort(slack.port);
  else if (ops.port === null) endpoints = texts.opsOff;
  else endpoints = `http://${ops.host.includes(":") ? `[${ops.host}]` : ops.host}:${ops.port}`;

  const organizationIds = config.organizations.map((organization) => organization.id).join(", ");
  return [
    texts.valid,
    `  ${texts.configFile}: ${config.configPath}`,
    `  ${texts.organizations}: ${config.organizations.length} (${organizationIds})`,
    `  ${texts.members}: ${config.members.length}`,
    `  ${texts.platforms}: ${platforms.join(texts.separator)}`,
    `  ${texts.endpoints}: ${endpoints}`,
  ].join("\n");
}
