// Japanese and English sentences for configuration problems. Each problem
// becomes one line: where it is (key path or environment variable) and the
// rule it broke, with the offending value when it is not a secret.
import type { Locale } from "../config.ts";
import { SECRET_VARIABLES } from "../log.ts";
import type { ConfigProblem } from "./config-problems.ts";

type Params = Record<string, unknown>;

/** Rules with a sentence of their own. issueToProblem finds them from the key path of a regex check. */
type Rule = "id" | "slack_team_id" | "slack_user_id" | "matrix_user_id" | "slack_channel_id" | "matrix_room_id" | "time_zone" | "host_port";

interface ProblemCatalog {
  header(count: number, configPath: string | undefined): string;
  footer: string;
  wholeFile: string;
  variable(name: string): string;
  /** Suffix that shows the value, such as ", got x" or "（値: x）", or "" without a value. */
  withValue(value: string | undefined): string;
  typeName(type: string): string;
  rules: Record<Rule, string>;
  codes: Record<string, (params: Params, value: string | undefined) => string>;
  /** Sentence for codes and custom rules that have none of their own, which keeps zod's English message. */
  fallback(message: string): string;
}

const MAX_VALUE_LENGTH = 80;

/** Adds the space that Japanese text puts after a word in Latin letters or digits: "ID で", but "（例: T0123ABCD）で". */
function spaced(text: string): string {
  return /[A-Za-z0-9)\]}]$/.test(text) ? `${text} ` : text;
}

function list(values: unknown): string {
  return Array.isArray(values) ? values.map(String).join(", ") : String(values);
}

const ja: ProblemCatalog = {
  header: (count, configPath) => `設定に問題が ${count} 件あります${configPath ? `（設定ファイル: ${configPath}）` : ""}:`,
  footer: "すべて直すまでボットは起動しません。直したら npm run config:check で確かめられます。",
  wholeFile: "設定ファイル",
  variable: (name) => `環境変数 ${name}`,
  withValue: (value) => (value === undefined ? "" : `（値: ${value}）`),
  typeName: (type) =>
    ({
      string: "文字列",
      number: "数値",
      int: "整数",
      boolean: "true か false",
      array: "配列（[...]）",
      object: "オブジェクト（{...}）",
      null: "null",
      missing: "未指定",
    })[type] ?? type,
  rules: {
    id: "英小文字か数字で始まり、英小文字・数字・「-」・「_」からなる 63 文字以内の ID",
    slack_team_id: "Slack のチーム ID（例: T0123ABCD）",
    slack_user_id: "Slack のユーザー ID（例: U0123ABCD）",
    matrix_user_id: "Matrix のユーザー ID（例: @noc:example.org）",
    slack_channel_id: "Slack のチャンネル ID（例: C0123ABCD）",
    matrix_room_id: "Matrix のルーム ID（例: !abc123:example.org）",
    time_zone: "IANA のタイムゾーン名（例: Asia/Tokyo）",
    host_port: "ホスト名かアドレスとポート番号（例: 192.0.2.53:53、[2001:db8::53]:53）",
  },
  codes: {
    invalid_type: (p) =>
      p.received === "missing"
        ? `必須です。${spaced(ja.typeName(String(p.expected)))}で指定してください`
        : `${spaced(ja.typeName(String(p.expected)))}で指定してください（指定されたのは${ja.typeName(String(p.received))}）`,
    too_small: (p, value) => {
      const minimum = Number(p.minimum);
      if (p.origin === "string") return minimum <= 1 ? "空にはできません" : `${minimum} 文字以上にしてください${ja.withValue(value)}`;
      if (p.origin === "array" || p.origin === "set") return `${minimum} 件以上必要です`;
      return `${minimum} ${p.inclusive ? "以上" : "より大きい値"}にしてください${ja.withValue(value)}`;
    },
    too_big: (p, value) => {
      const maximum = Number(p.maximum);
      if (p.origin === "string") return `${maximum} 文字以下にしてください${ja.withValue(value)}`;
      if (p.origin === "array" || p.origin === "set") return `${maximum} 件以下にしてください`;
      return `${maximum} ${p.inclusive ? "以下" : "未満"}にしてください${ja.withValue(value)}`;
    },
    invalid_format: (p, value) => {
      const rule = ruleText(ja, p.rule);
      if (rule) return `${spaced(rule)}で指定してください${ja.withValue(value)}`;
      if (p.format === "regex") return `パターン ${String(p.pattern)} に合う値にしてください${ja.withValue(value)}`;
      return `${String(p.format)} の形式で指定してください${ja.withValue(value)}`;
    },
    invalid_value: (p, value) => `次のどれかにしてください: ${list(p.values)}${ja.withValue(value)}`,
    unrecognized_keys: (p) => `知らないキーがあります: ${list(p.keys)}`,
    not_multiple_of: (p, value) => `${String(p.divisor)} の倍数にしてください${ja.withValue(value)}`,
    file_unreadable: (p) => {
      if (p.errno === "ENOENT") return `設定ファイル ${String(p.file)} がありません。DOS_BOT_CONFIG のパスを確かめてください`;
      if (p.errno === "EACCES") return `設定ファイル ${String(p.file)} を読む権限がありません`;
      return `設定ファイル ${String(p.file)} を読めません（${String(p.reason)}）`;
    },
    invalid_json: (p) =>
      `設定ファイル ${String(p.file)} は JSON として正しくありません（${p.line ? `${String(p.line)} 行 ${String(p.column)} 列: ` : ""}${String(p.reason)}）`,
    section_missing: (p) => `環境変数 ${String(p.variable)} が設定されていますが、設定ファイルに "${String(p.section)}" がありません（例: ${String(p.example)}）`,
    slack_mode_missing: () => "が設定されていますが、SLACK_SIGNING_SECRET（HTTP モード）も SLACK_APP_TOKEN（Socket Mode）もありません。どちらかを設定してください",
    token_prefix: (p) => `${String(p.prefix)} で始まるアプリレベルトークンにしてください`,
    invalid_port: (_p, value) => `0 から 65535 までの TCP ポート番号にしてください${ja.withValue(value)}`,
    invalid_url: (p, value) => `URL（例: ${String(p.example)}）で指定してください${ja.withValue(value)}`,
    set_together: (p) => `${Array.isArray(p.variables) ? p.variables.join(" と ") : ""} は両方とも設定してください`,
    invalid_database_url: (_p, value) => `SQLite のファイル URL（例: file:./data/dos-bot.db）で指定してください${ja.withValue(value)}`,
    invalid_number: (p, value) => `${String(p.minimum)} 以上の整数にしてください${ja.withValue(value)}`,
    custom: (p, value) => {
      switch (p.rule) {
        case "time_zone":
          return `${spaced(ja.rules.time_zone)}で指定してください${ja.withValue(value)}`;
        case "duplicate_organization":
          return `組織 ID「${String(p.value)}」が重複しています`;
        case "unknown_organization":
          return `組織「${String(p.value)}」は organizations にありません`;
        case "duplicate_member":
          return `メンバー「${String(p.value)}」が重複しています`;
        case "blocked_canary":
          return `カナリアのアドレス ${String(p.value)} は観測できない範囲 (${String(p.range)}) です。allowedCidrs に追加するか、このカナリアを外してください`;
        case "probe_interval":
          return `60 を割り切る秒数、60 を割り切る分数、または 24 を割り切る時間数（秒で指定）にしてください${ja.withValue(value)}`;
        default:
          return ja.fallback(String(p.message));
      }
    },
  },
  fallback: (message) => `値が正しくありません（${message}）`,
};

const en: ProblemCatalog = {
  header: (count, configPath) => `The configuration has ${count} problem${count === 1 ? "" : "s"}${configPath ? ` (config file: ${configPath})` : ""}:`,
  footer: "The bot does not start until every problem is fixed; npm run config:check checks again.",
  wholeFile: "config file",
  variable: (name) => `environment variable ${name}`,
  withValue: (value) => (value === undefined ? "" : `, got ${value}`),
  typeName: (type) =>
    ({
      string: "a string",
      number: "a number",
      int: "an integer",
      boolean: "true or false",
      array: "an array ([...])",
      object: "an object ({...})",
      null: "null",
      missing: "nothing",
    })[type] ?? type,
  rules: {
    id: "an id of lower-case letters, digits, '-' or '_' that starts with a letter or digit, at most 63 characters",
    slack_team_id: "a Slack team id such as T0123ABCD",
    slack_user_id: "a Slack user id such as U0123ABCD",
    matrix_user_id: "a Matrix user id such as @noc:example.org",
    slack_channel_id: "a Slack channel id such as C0123ABCD",
    matrix_room_id: "a Matrix room id such as !abc123:example.org",
    time_zone: "an IANA time zone such as Asia/Tokyo",
    host_port: "a host or address with a port, such as 192.0.2.53:53 or [2001:db8::53]:53",
  },
  codes: {
    invalid_type: (p) =>
      p.received === "missing"
        ? `is required: set it to ${en.typeName(String(p.expected))}`
        : `must be ${en.typeName(String(p.expected))}, got ${en.typeName(String(p.received))}`,
    too_small: (p, value) => {
      const minimum = Number(p.minimum);
      if (p.origin === "string") return minimum <= 1 ? "must not be empty" : `must be at least ${minimum} characters long${en.withValue(value)}`;
      if (p.origin === "array" || p.origin === "set") return `must contain at least ${minimum} entr${minimum === 1 ? "y" : "ies"}`;
      return `must be ${p.inclusive ? "at least" : "greater than"} ${minimum}${en.withValue(value)}`;
    },
    too_big: (p, value) => {
      const maximum = Number(p.maximum);
      if (p.origin === "string") return `must be at most ${maximum} characters long${en.withValue(value)}`;
      if (p.origin === "array" || p.origin === "set") return `must contain at most ${maximum} entr${maximum === 1 ? "y" : "ies"}`;
      return `must be ${p.inclusive ? "at most" : "less than"} ${maximum}${en.withValue(value)}`;
    },
    invalid_format: (p, value) => {
      const rule = ruleText(en, p.rule);
      if (rule) return `must be ${rule}${en.withValue(value)}`;
      if (p.format === "regex") return `must match the pattern ${String(p.pattern)}${en.withValue(value)}`;
      return `must be a valid ${String(p.format)}${en.withValue(value)}`;
    },
    invalid_value: (p, value) => `must be one of ${list(p.values)}${en.withValue(value)}`,
    unrecognized_keys: (p) => `has unknown keys: ${list(p.keys)}`,
    not_multiple_of: (p, value) => `must be a multiple of ${String(p.divisor)}${en.withValue(value)}`,
    file_unreadable: (p) => {
      if (p.errno === "ENOENT") return `config file ${String(p.file)} does not exist: check the path in DOS_BOT_CONFIG`;
      if (p.errno === "EACCES") return `no permission to read config file ${String(p.file)}`;
      return `cannot read config file ${String(p.file)} (${String(p.reason)})`;
    },
    invalid_json: (p) =>
      `config file ${String(p.file)} is not valid JSON (${p.line ? `line ${String(p.line)}, column ${String(p.column)}: ` : ""}${String(p.reason)})`,
    section_missing: (p) => `environment variable ${String(p.variable)} is set, but the config file has no "${String(p.section)}" section, e.g. ${String(p.example)}`,
    slack_mode_missing: () => "is set, but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: set one of them",
    token_prefix: (p) => `must be an app-level token starting with ${String(p.prefix)}`,
    invalid_port: (_p, value) => `must be a TCP port number from 0 to 65535${en.withValue(value)}`,
    invalid_url: (p, value) => `must be a URL such as ${String(p.example)}${en.withValue(value)}`,
    set_together: (p) => `${Array.isArray(p.variables) ? p.variables.join(" and ") : ""} must be set together`,
    invalid_database_url: (_p, value) => `must be a SQLite file URL such as file:./data/dos-bot.db${en.withValue(value)}`,
    invalid_number: (p, value) => `must be a whole number of at least ${String(p.minimum)}${en.withValue(value)}`,
    custom: (p, value) => {
      switch (p.rule) {
        case "time_zone":
          return `must be ${en.rules.time_zone}${en.withValue(value)}`;
        case "duplicate_organization":
          return `duplicate organization id "${String(p.value)}"`;
        case "unknown_organization":
          return `organization "${String(p.value)}" is not listed in organizations`;
        case "duplicate_member":
          return `duplicate member "${String(p.value)}"`;
        case "blocked_canary":
          return `canary address ${String(p.value)} is in the blocked range ${String(p.range)}; add it to allowedCidrs or remove the canary`;
        case "probe_interval":
          return `must be whole seconds that divide 60, whole minutes that divide 60, or whole hours that divide 24 (given in seconds)${en.withValue(value)}`;
        default:
          return en.fallback(String(p.message));
      }
    },
  },
  fallback: (message) => `is invalid: ${message}`,
};

const CATALOGS: Record<Locale, ProblemCatalog> = { ja, en };

function ruleText(catalog: ProblemCatalog, rule: unknown): string | undefined {
  return typeof rule === "string" && Object.hasOwn(catalog.rules, rule) ? catalog.rules[rule as Rule] : undefined;
}

/** Shows a value as the user typed it, unless it belongs to a secret variable. */
function displayValue(problem: ConfigProblem): string | undefined {
  if (problem.source === "env" && (SECRET_VARIABLES as readonly string[]).includes(problem.path)) return undefined;
  const value = problem.params.value;
  if (value === undefined || value === null || typeof value === "object") return undefined;
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…"` : text;
}

/** Returns one problem as "location: sentence" in the given language. */
export function describeConfigProblem(problem: ConfigProblem, locale: Locale): string {
  const catalog = CATALOGS[locale];
  let location = problem.path;
  if (problem.source === "env") location = catalog.variable(problem.path);
  else if (problem.path === "") location = catalog.wholeFile;
  const sentence = catalog.codes[problem.code]?.(problem.params, displayValue(problem)) ?? catalog.fallback(String(problem.params.message ?? problem.code));
  // Sentences that already name their file start with it, so the location would repeat.
  if (problem.code === "file_unreadable" || problem.code === "invalid_json" || problem.code === "section_missing") return sentence;
  return problem.code === "slack_mode_missing" ? `${location} ${sentence}` : `${location}: ${sentence}`;
}

/** Formats every problem for printing: a header with the count and config file, one line per problem, and what to do next. */
export function formatConfigProblems(problems: readonly ConfigProblem[], locale: Locale, configPath?: string): string {
  const catalog = CATALOGS[locale];
  const lines = problems.map((problem) => `  - ${describeConfigProblem(problem, locale)}`);
  return [catalog.header(problems.length, configPath), ...lines, catalog.footer].join("\n");
}
