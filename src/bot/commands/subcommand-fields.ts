// Field lists of the subcommands that take many fields.

import {
  ATTACKER_FIELD,
  TLP_FIELD,
  endField,
  enumValues,
  sameExamples,
  startField,
  targetField,
  type FieldSpec,
  type Localized,
} from "./field-specs.ts";
import { PROBE_ACTIONS, type ProbeAction } from "./types.ts";
import {
  ACTION_VOCABULARY,
  BOOLEAN_WORDS,
  CREDIBILITY_VOCABULARY,
  DETECTION_STATUS_VOCABULARY,
  EFFECT_VOCABULARY,
  PROTOCOL_VOCABULARY,
  SOURCE_VOCABULARY,
  VECTOR_VOCABULARY,
  type Vocabulary,
} from "./vocabulary.ts";

function textField(key: string, aliases: string[], summary: Localized, ja: string, en: string): FieldSpec {
  return { key, aliases, required: false, kind: "text", summary, examples: { ja: [ja], en: [en] } };
}

function booleanField(key: string, aliases: string[], summary: Localized, example: string): FieldSpec {
  return {
    key,
    aliases,
    required: false,
    kind: "boolean",
    allowed: ["yes", "no"],
    valueAliases: { yes: BOOLEAN_WORDS.true, no: BOOLEAN_WORDS.false },
    summary,
    examples: sameExamples(example),
  };
}

function rateField(key: "bps" | "pps" | "rps", summary: Localized, example: string): FieldSpec {
  return { key, aliases: [], required: false, kind: "quantity", summary, examples: sameExamples(example) };
}

const TITLE_FIELD = textField(
  "title",
  ["件名"],
  { ja: "件名", en: "Title" },
  'title="年末の攻撃予告"',
  'title="Year-end attack threat"',
);

export const NOTICE_FIELDS: FieldSpec[] = [
  targetField(true),
  TITLE_FIELD,
  ATTACKER_FIELD,
  textField(
    "profile",
    ["プロファイル", "攻撃者像"],
    { ja: "攻撃者の特徴や過去の活動", en: "Attacker profile and past activity" },
    'profile="過去に国内 ISP を標的"',
    'profile="Targeted Japanese ISPs before"',
  ),
  {
    key: "source",
    aliases: ["情報源"],
    required: false,
    kind: "enum",
    ...enumValues(SOURCE_VOCABULARY),
    summary: { ja: "予告を見つけた情報源", en: "Where the announcement was found" },
    examples: { ja: ["source=sns", "情報源=掲示板"], en: ["source=sns"] },
  },
  {
    key: "link",
    aliases: ["URL", "リンク"],
    required: false,
    kind: "url",
    summary: { ja: "予告の URL (http または https)", en: "URL of the announcement (http or https)" },
    examples: sameExamples("link=https://sns.example/post/123"),
  },
  {
    key: "when",
    aliases: ["予定", "日時"],
    required: false,
    kind: "range",
    summary: {
      ja: "予告された日時か期間。終了が時刻だけなら開始と同じ日 (開始より前なら翌日)",
      en: "Announced time or range. An end given as a time only is on the start's day, or the next day if earlier",
    },
    examples: sameExamples('when="12/24 21:00"', 'when="2026-12-24T21:00+09:00"', 'when="12/24 21:00-23:00"'),
  },
  startField({ ja: "予告された開始日時 (when の代わり)", en: "Announced start, instead of when" }),
  endField({ ja: "予告された終了日時 (when の代わり)", en: "Announced end, instead of when" }),
  {
    key: "credibility",
    aliases: ["確度", "信頼度"],
    required: false,
    kind: "enum",
    ...enumValues(CREDIBILITY_VOCABULARY),
    summary: { ja: "予告の確度", en: "How credible the announcement is" },
    examples: { ja: ["credibility=high", "確度=高"], en: ["credibility=high"] },
  },
  TLP_FIELD,
];

export const DETECT_FIELDS: FieldSpec[] = [
  TITLE_FIELD,
  booleanField(
    "observed",
    ["観測", "発生"],
    { ja: "自組織で攻撃を観測したか (既定は yes)", en: "Whether the attack was observed in your network (default yes)" },
    "observed=no",
  ),
  targetField(false),
  {
    key: "vector",
    aliases: ["vectors", "攻撃手法", "手法"],
    required: false,
    kind: "enumList",
    ...enumValues(VECTOR_VOCABULARY),
    summary: { ja: "攻撃手法。カンマか「、」で区切る", en: "Attack vectors, separated by commas" },
    examples: { ja: ["vector=dns-amp,ntp-amp", "手法=SYNフラッド"], en: ["vector=dns-amp,ntp-amp"] },
  },
  startField({ ja: "攻撃の開始日時", en: "When the attack started" }),
  rateField("bps", { ja: "ピーク時のビット毎秒 (k/M/G/T 可)", en: "Peak bits per second (k, M, G, T allowed)" }, "bps=40G"),
  rateField("pps", { ja: "ピーク時のパケット毎秒", en: "Peak packets per second" }, "pps=2M"),
  rateField("rps", { ja: "ピーク時の HTTP リクエスト毎秒", en: "Peak HTTP requests per second" }, "rps=50k"),
  {
    key: "status",
    aliases: ["状態"],
    required: false,
    kind: "enum",
    ...enumValues(DETECTION_STATUS_VOCABULARY),
    summary: { ja: "攻撃の状態", en: "Whether the attack goes on" },
    examples: { ja: ["status=ongoing", "状態=継続中"], en: ["status=ongoing"] },
  },
  TLP_FIELD,
];

export const MITIGATE_FIELDS: FieldSpec[] = [
  {
    key: "action",
    aliases: ["手段", "対処"],
    required: true,
    kind: "enum",
    ...enumValues(ACTION_VOCABULARY),
    summary: { ja: "対処の手段", en: "Mitigation method" },
    examples: { ja: ["action=rtbh", "手段=レート制限"], en: ["action=rtbh"] },
  },
  {
    key: "prefix",
    aliases: ["プレフィックス"],
    required: false,
    kind: "prefix",
    summary: { ja: "対象の IP アドレスかプレフィックス (ホスト部は 0)", en: "Address or prefix acted on, with host bits zero" },
    examples: sameExamples("prefix=192.0.2.0/24", "prefix=2001:db8::/32"),
  },
  {
    key: "ports",
    aliases: ["port", "ポート"],
    required: false,
    kind: "ports",
    summary: { ja: "ポート番号か範囲 (0〜65535)、カンマ区切り", en: "Ports or port ranges (0-65535), separated by commas" },
    examples: sameExamples("ports=80,443", "ports=1024-65535"),
  },
  {
    key: "protocol",
    aliases: ["プロトコル"],
    required: false,
    kind: "enum",
    ...enumValues(PROTOCOL_VOCABULARY),
    summary: { ja: "対象のプロトコル", en: "Protocol acted on" },
    examples: sameExamples("protocol=udp"),
  },
  startField({ ja: "対処の開始日時", en: "When the mitigation started" }),
  endField({ ja: "対処の終了日時 (開始より後)", en: "When the mitigation ended, not before start" }),
  {
    key: "effect",
    aliases: ["効果"],
    required: false,
    kind: "enum",
    ...enumValues(EFFECT_VOCABULARY),
    summary: { ja: "対処の効果", en: "How well the mitigation worked" },
    examples: { ja: ["effect=effective", "効果=一部有効"], en: ["effect=effective"] },
  },
  TLP_FIELD,
];

export const REVIEW_FIELDS: FieldSpec[] = [
  ATTACKER_FIELD,
  textField("method", ["methods", "手法"], { ja: "攻撃の手法", en: "Attack methods" }, 'method="DNS アンプ"', 'method="DNS amplification"'),
  textField("response", ["対応"], { ja: "実施した対応", en: "Response taken" }, 'response="上流で RTBH"', 'response="RTBH upstream"'),
  booleanField("damage", ["被害"], { ja: "被害があったか", en: "Whether there was damage" }, "damage=no"),
  textField(
    "damage_detail",
    ["被害内容"],
    { ja: "被害の内容", en: "What the damage was" },
    'damage_detail="Web サイトが 30 分停止"',
    'damage_detail="Website down for 30 minutes"',
  ),
  textField(
    "lessons",
    ["教訓"],
    { ja: "得られた教訓", en: "Lessons learned" },
    'lessons="上流の RTBH 手順を事前に確認する"',
    'lessons="Check upstream RTBH steps in advance"',
  ),
  booleanField("publish", ["公開"], { ja: "会員に公開してよいか", en: "Whether the review may be shared with members" }, "publish=yes"),
  TLP_FIELD,
];

/** The word after `probe` that names what to do with probe targets. */
export const PROBE_ACTION_VOCABULARY: Vocabulary<ProbeAction> = {
  canonical: PROBE_ACTIONS,
  aliases: {
    add: ["追加", "登録"],
    remove: ["削除", "delete", "rm"],
    list: ["一覧", "ls"],
    import: ["取込", "取り込み", "インポート"],
    export: ["書出", "書き出し", "エクスポート"],
    status: ["状況", "状態"],
    alerts: ["アラート", "警報"],
    declare: ["宣言"],
    silence: ["抑止", "メンテナンス", "maintenance"],
    unsilence: ["抑止解除"],
  },
};

/**
 * Fields of `probe add`, which the other probe actions reject. They are all
 * marked optional because the table's flag applies to every action, so the
 * builder checks which ones `add` requires.
 */
export const PROBE_FIELDS: FieldSpec[] = [
  {
    key: "operator",
    aliases: ["事業者"],
    required: false,
    kind: "text",
    summary: { ja: "事業者名 (add で必須)", en: "Operator name (required by add)" },
    examples: { ja: ['operator="例示銀行"', "事業者=例示電力"], en: ['operator="Example Bank"'] },
  },
  {
    key: "sector",
    aliases: ["分野"],
    required: false,
    kind: "text",
    summary: {
      ja: "重要インフラ分野 (add で必須)。金融、電力、情報通信など。/dos probe status で一覧",
      en: "Critical-infrastructure sector (required by add), such as finance, electric power or ICT",
    },
    examples: { ja: ["sector=金融", "分野=電力"], en: ["sector=finance", "sector=power"] },
  },
  {
    key: "url",
    aliases: [],
    required: false,
    kind: "url",
    summary: { ja: "観測するページの URL (http または https、add で必須)", en: "URL of the page to probe (http or https, required by add)" },
    examples: sameExamples("url=https://www.bank.example/"),
  },
  {
    key: "expect",
    aliases: ["expected_status", "期待ステータス"],
    required: false,
    kind: "text",
    summary: {
      ja: "期待する HTTP ステータス。1 つか範囲 (既定は 200-399)",
      en: "Expected HTTP status, one code or a range (default 200-399)",
    },
    examples: sameExamples("expect=200", "expect=200-299"),
  },
  textField(
    "keyword",
    ["キーワード"],
    { ja: "ページに含まれるはずの文字列", en: "Text that the page must contain" },
    "keyword=お知らせ",
    'keyword="Online banking"',
  ),
  textField("notes", ["備考"], { ja: "備考", en: "Notes" }, 'notes="トップページ"', 'notes="Main homepage"'),
  {
    key: "from",
    aliases: ["開始"],
    required: false,
    kind: "datetime",
    summary: { ja: "抑止・メンテナンスの開始日時 (silence、既定は今)", en: "Start of a silence or maintenance window (silence; default now)" },
    examples: sameExamples('from="12/05 02:00"'),
  },
  {
    key: "until",
    aliases: ["終了", "期限"],
    required: false,
    kind: "datetime",
    summary: { ja: "抑止・メンテナンスの終了日時 (silence で必須)", en: "End of a silence or maintenance window (required by silence)" },
    examples: sameExamples('until="12/05 06:00"', 'until="2026-12-05T06:00+09:00"'),
  },
  textField("reason", ["理由"], { ja: "抑止の理由", en: "Reason for the silence" }, 'reason="定期メンテナンス"', 'reason="Planned maintenance"'),
  {
    key: "group",
    aliases: ["グループ"],
    required: false,
    kind: "text",
    summary: { ja: "観測間隔のグループ (設定ファイルで定義)", en: "Probe interval group, as defined in the config file" },
    examples: sameExamples("group=default"),
  },
];
