// Member-facing text for ParseError, in Japanese and English. Each message
// names the field, states the problem, shows a correct example and ends with
// the help command to run.

import { MAX_VALUE_LENGTH } from "./args.ts";
import { parsePrefix } from "./ip.ts";
import { toHalfWidth } from "./normalize.ts";
import { MAX_TEXT_LENGTH } from "./reader.ts";
import { SUBCOMMANDS, subcommandSpec, type SubcommandSpec } from "./subcommands.ts";
import type { ParseError, ParseErrorCode } from "./types.ts";

export type Locale = "ja" | "en";

interface MessageContext {
  /** The field as shown to members, e.g. 「when」 or "when". */
  label: string;
  value: string;
  subcommand: string;
  allowed: string;
  keys: string;
  subcommands: string;
  max: number;
  /** Network address of a prefix whose host bits are set. */
  network?: string;
}

type Template = (context: MessageContext) => string;

const PROBLEMS: Record<ParseErrorCode, Record<Locale, Template>> = {
  empty: {
    ja: (c) => `サブコマンドがありません。使えるサブコマンド: ${c.subcommands}`,
    en: (c) => `The command is empty. Subcommands: ${c.subcommands}`,
  },
  unknown_subcommand: {
    ja: (c) => `サブコマンド "${c.value}" はありません。使えるサブコマンド: ${c.subcommands}`,
    en: (c) => `Unknown subcommand "${c.value}". Subcommands: ${c.subcommands}`,
  },
  unknown_key: {
    ja: (c) => (c.keys ? `${c.subcommand} にキー "${c.value}" はありません。使えるキー: ${c.keys}` : `${c.subcommand} はキーを受け付けません: "${c.value}"`),
    en: (c) => (c.keys ? `Unknown key "${c.value}" for ${c.subcommand}. Keys: ${c.keys}` : `${c.subcommand} takes no keys, but got "${c.value}"`),
  },
  duplicate_key: {
    ja: (c) => `${c.label}が 2 回以上指定されています: "${c.value}"。1 回だけ指定してください`,
    en: (c) => `${c.label} is given more than once: "${c.value}". Give it only once`,
  },
  missing_value: {
    ja: (c) => `${c.label}の値がありません`,
    en: (c) => `Missing value for ${c.label}`,
  },
  unclosed_quote: {
    ja: (c) => `${c.label}の値の引用符が閉じていません: ${c.value}`,
    en: (c) => `Unclosed quote in the value of ${c.label}: ${c.value}`,
  },
  missing_required: {
    ja: (c) => `${c.label}は必須です`,
    en: (c) => `Missing required ${c.label}`,
  },
  invalid_enum: {
    ja: (c) => `${c.label}に "${c.value}" は使えません。使える値: ${c.allowed}`,
    en: (c) => `Invalid value in ${c.label}: "${c.value}". Allowed values: ${c.allowed}`,
  },
  invalid_target: {
    ja: (c) => `${c.label}の "${c.value}" を標的として読み取れません。ドメイン名、URL、IP アドレス、プレフィックス、AS 番号のいずれかを指定してください`,
    en: (c) => `Invalid target in ${c.label}: "${c.value}". Give a domain name, URL, IP address, prefix or AS number`,
  },
  invalid_datetime: {
    ja: (c) => `${c.label}の日時を読み取れません: "${c.value}"`,
    en: (c) => `Invalid date/time in ${c.label}: "${c.value}"`,
  },
  invalid_range: {
    ja: (c) => `${c.label}の終了が開始より前です: "${c.value}"`,
    en: (c) => `The end is before the start in ${c.label}: "${c.value}"`,
  },
  invalid_number: {
    ja: (c) => `${c.label}の数値を読み取れません: "${c.value}"。0 以上の数に k、M、G、T と単位を付けられます`,
    en: (c) => `Invalid number in ${c.label}: "${c.value}". Give a non-negative number, optionally with k, M, G or T and the unit`,
  },
  invalid_incident_ref: {
    ja: (c) => `${c.label}を読み取れません: "${c.value}"。# の後に 1 以上の整数を書いてください`,
    en: (c) => `Invalid ${c.label}: "${c.value}". Write # followed by a positive integer`,
  },
  invalid_request_ref: {
    ja: (c) => `${c.label}を読み取れません: "${c.value}"。R の後に 1 以上の整数を書いてください`,
    en: (c) => `Invalid ${c.label}: "${c.value}". Write R followed by a positive integer`,
  },
  invalid_alert_ref: {
    ja: (c) => `${c.label}を読み取れません: "${c.value}"。A の後に 1 以上の整数を書いてください (例: A12)`,
    en: (c) => `Invalid ${c.label}: "${c.value}". Write A followed by a positive integer, such as A12`,
  },
  invalid_silence_ref: {
    ja: (c) => `${c.label}を読み取れません: "${c.value}"。S の後に 1 以上の整数を書いてください (例: S3)`,
    en: (c) => `Invalid ${c.label}: "${c.value}". Write S followed by a positive integer, such as S3`,
  },
  invalid_prefix: {
    ja: (c) =>
      c.network === undefined
        ? `${c.label}のアドレスかプレフィックスを読み取れません: "${c.value}"`
        : `${c.label}のプレフィックス "${c.value}" はホスト部が 0 ではありません。ネットワークアドレス ${c.network} を指定してください`,
    en: (c) =>
      c.network === undefined
        ? `Invalid address or prefix in ${c.label}: "${c.value}"`
        : `The prefix "${c.value}" in ${c.label} has host bits set. Give the network address ${c.network}`,
  },
  invalid_ports: {
    ja: (c) => `${c.label}のポート指定を読み取れません: "${c.value}"。0〜65535 の番号か「小さい番号-大きい番号」の範囲をカンマで区切ってください`,
    en: (c) => `Invalid ports in ${c.label}: "${c.value}". Give ports 0-65535 or low-high ranges, separated by commas`,
  },
  invalid_boolean: {
    ja: (c) => `${c.label}は yes か no で指定してください: "${c.value}"。はい/いいえ、あり/なし、true/false、on/off も使えます`,
    en: (c) => `Invalid yes/no value in ${c.label}: "${c.value}". Use yes or no (also true/false, on/off, 1/0)`,
  },
  invalid_url: {
    ja: (c) => `${c.label}の URL を読み取れません: "${c.value}"。http:// か https:// で始まり、ユーザー名やパスワードを含まない URL を指定してください`,
    en: (c) => `Invalid URL in ${c.label}: "${c.value}". Give a URL that starts with http:// or https:// and contains no user name or password`,
  },
  invalid_org: {
    ja: (c) => `${c.label}の組織 ID を読み取れません: "${c.value}"。英数字、-、_ で指定してください`,
    en: (c) => `Invalid organization id in ${c.label}: "${c.value}". Use letters, digits, - and _`,
  },
  unexpected_text: {
    ja: (c) => `${c.subcommand} は本文を受け付けません: "${c.value}"`,
    en: (c) => `${c.subcommand} takes no free text, but got "${c.value}"`,
  },
  unexpected_field: {
    ja: (c) => `${c.label}は ${c.subcommand} ${c.value} では使えません`,
    en: (c) => `${c.label} cannot be used with ${c.subcommand} ${c.value}`,
  },
  invalid_status: {
    ja: (c) => `${c.label}の HTTP ステータスを読み取れません: "${c.value}"。100〜599 のコード 1 つか「200-399」のような範囲を指定してください`,
    en: (c) => `Invalid HTTP status in ${c.label}: "${c.value}". Give one code from 100 to 599 or a range such as 200-399`,
  },
  too_long: {
    ja: (c) => `${c.label}が長すぎます: "${c.value}"。上限は ${c.max} 文字です`,
    en: (c) => `${c.label} is too long: "${c.value}". The maximum is ${c.max} characters`,
  },
};

// Names of the ParseError.field values that are not keys.
const PSEUDO_FIELD_LABELS: Readonly<Record<string, Record<Locale, string>>> = {
  incident: { ja: "事案番号 (#N)", en: "incident number (#N)" },
  request: { ja: "依頼番号 (R<番号>)", en: "request number (R<number>)" },
  text: { ja: "本文", en: "free text" },
  subcommand: { ja: "サブコマンド", en: "subcommand" },
  syntax: { ja: "キー", en: "key" },
  probeAction: {
    ja: "操作 (add、remove、list、import、export、status、alerts、declare、silence、unsilence)",
    en: "action (add, remove, list, import, export, status, alerts, declare, silence or unsilence)",
  },
  alert: { ja: "アラート番号 (A<番号>)", en: "alert number (A<number>)" },
  silence: { ja: "抑止番号 (S<番号>)", en: "silence number (S<number>)" },
  silenceEntry: { ja: "事業者名か分野", en: "operator or sector name" },
  entry: { ja: "対象の URL か ID", en: "target URL or id" },
  path: { ja: "CSV ファイルのパス", en: "CSV file path" },
};

const GENERIC_EXAMPLES: Record<Locale, string> = {
  ja: 'notice target=example.co.jp when="12/24 21:00" 年末に攻撃予告',
  en: 'notice target=example.co.jp when="12/24 21:00" Attack announced for year end',
};

// Errors about a reference show a command line that contains one.
const EXAMPLE_PATTERNS: Readonly<Record<string, RegExp>> = {
  incident: /#\d/,
  request: /\bR\d/,
  entry: /^probe remove /,
  path: /^probe import /,
  alert: /^probe declare /,
  silence: /^probe unsilence /,
  silenceEntry: /^probe silence /,
};

function fieldLabel(field: string, locale: Locale): string {
  const pseudo = PSEUDO_FIELD_LABELS[field];
  if (pseudo !== undefined) return pseudo[locale];
  return locale === "ja" ? `「${field}」` : `"${field}"`;
}

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

function listKeys(spec: SubcommandSpec | undefined, locale: Locale): string {
  const fields = spec?.fields ?? [];
  return fields
    .map((field) => {
      const japanese = field.aliases.find((alias) => !isAscii(alias));
      return locale === "ja" && japanese !== undefined ? `${field.key} (${japanese})` : field.key;
    })
    .join(", ");
}

function listSubcommands(locale: Locale): string {
  return SUBCOMMANDS.map((spec) => (locale === "ja" ? `${spec.name} (${spec.aliases[0]})` : spec.name)).join(", ");
}

/** Picks up to two examples: the field's own, or a command line that shows the missing part. */
function pickExamples(error: ParseError, spec: SubcommandSpec | undefined, locale: Locale): string[] {
  const lines = spec?.examples[locale] ?? [GENERIC_EXAMPLES[locale]];
  // A field given to the wrong probe action: show that action used correctly.
  if (error.code === "unexpected_field") {
    const line = lines.find((candidate) => candidate.split(/\s+/)[1] === error.value);
    if (line !== undefined) return [`/dos ${line}`];
  }

  const field = spec?.fields.find((candidate) => candidate.key === error.field);
  if (field !== undefined) return field.examples[locale].slice(0, 2);

  const pattern = EXAMPLE_PATTERNS[error.field] ?? /./;
  const line = lines.find((candidate) => pattern.test(candidate)) ?? lines[0] ?? GENERIC_EXAMPLES[locale];
  return [`/dos ${line}`];
}

function networkHint(error: ParseError): string | undefined {
  if (error.code !== "invalid_prefix" || error.value === undefined) return undefined;
  const prefix = parsePrefix(toHalfWidth(error.value).trim());
  return !prefix.ok && prefix.reason === "host_bits" ? prefix.network : undefined;
}

/** Renders `error` as one line of text for members, in the given locale. */
export function renderParseError(error: ParseError, locale: Locale): string {
  const spec = error.subcommand === undefined ? undefined : subcommandSpec(error.subcommand);
  const context: MessageContext = {
    label: fieldLabel(error.field, locale),
    value: error.value ?? "",
    subcommand: error.subcommand ?? "",
    allowed: (error.allowed ?? []).join(", "),
    keys: listKeys(spec, locale),
    subcommands: listSubcommands(locale),
    max: error.field === "text" ? MAX_TEXT_LENGTH : MAX_VALUE_LENGTH,
    network: networkHint(error),
  };

  const problem = PROBLEMS[error.code][locale](context);
  const examples = pickExamples(error, spec, locale);
  const helpCommand = spec === undefined || spec.name === "help" ? "/dos help" : `/dos help ${spec.name}`;

  if (locale === "ja") return `${problem}。例: ${examples.join(" または ")}。詳しくは ${helpCommand}`;
  return `${problem}. Example: ${examples.join(" or ")}. See ${helpCommand}`;
}
