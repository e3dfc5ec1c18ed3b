// The table of `/dos` subcommands: names, aliases, fields and examples. It is
// plain data. The help renderer reads it, and the parser resolves names and
// keys with it.

import { TLP_FIELD, enumValues, sameExamples, type FieldSpec, type Localized, type LocalizedList } from "./field-specs.ts";
import { toLooseKey } from "./normalize.ts";
import { DETECT_FIELDS, MITIGATE_FIELDS, NOTICE_FIELDS, PROBE_FIELDS, REVIEW_FIELDS } from "./subcommand-fields.ts";
import type { SubcommandName } from "./types.ts";
import { BOOLEAN_WORDS, FILTER_VOCABULARY } from "./vocabulary.ts";

export type { FieldKind, FieldSpec, Localized, LocalizedList } from "./field-specs.ts";

/** Arguments given without a key: #N, R<N>, a help topic or a list state. */
export type Positional = "incident" | "request" | "topic" | "state";

export interface SubcommandSpec {
  name: SubcommandName;
  /** Other accepted names. Names ignore ASCII case and character width. */
  aliases: string[];
  summary: Localized;
  fields: FieldSpec[];
  positional: Positional[];
  /** The positional arguments that must be present. */
  requiredPositional: Positional[];
  /** Whether free text (words outside key=value pairs) is rejected, allowed or required. */
  freeText: "none" | "optional" | "required";
  /** Complete command lines without the leading "/dos ". */
  examples: LocalizedList;
}

export const SUBCOMMANDS: readonly SubcommandSpec[] = [
  {
    name: "notice",
    aliases: ["予知"],
    summary: { ja: "攻撃予告や攻撃の兆候を登録する", en: "Record an announced or expected attack" },
    fields: NOTICE_FIELDS,
    positional: ["incident"],
    requiredPositional: [],
    freeText: "optional",
    examples: {
      ja: [
        'notice target=example.co.jp attacker="Anon JP" when="12/24 21:00-23:00" 年末に攻撃予告',
        "予知 標的=example.co.jp 予定=12月24日21時 確度=中 情報源=SNS",
        "notice #12 target=example.co.jp credibility=high 続報: 予告の日時が変更",
      ],
      en: [
        'notice target=example.co.jp attacker="Anon JP" when="12/24 21:00-23:00" Attack announced for year end',
        "notice #12 target=example.co.jp credibility=high Update: the announced date changed",
      ],
    },
  },
  {
    name: "detect",
    aliases: ["検知"],
    summary: { ja: "攻撃の検知を報告する (#N なしで新しい事案を作成)", en: "Report a detected attack. Without #N a new incident is opened" },
    fields: DETECT_FIELDS,
    positional: ["incident"],
    requiredPositional: [],
    freeText: "optional",
    examples: {
      ja: ["detect #12 target=192.0.2.0/24 vector=dns-amp,ntp bps=40G status=ongoing", "検知 標的=example.co.jp 手法=SYNフラッド pps=2M 状態=継続中"],
      en: ["detect #12 target=192.0.2.0/24 vector=dns-amp,ntp bps=40G status=ongoing"],
    },
  },
  {
    name: "mitigate",
    aliases: ["対処"],
    summary: { ja: "実施した対処を記録する", en: "Record a mitigation action" },
    fields: MITIGATE_FIELDS,
    positional: ["incident"],
    requiredPositional: ["incident"],
    freeText: "optional",
    examples: {
      ja: ['mitigate #12 action=rtbh prefix=192.0.2.10/32 start="12/24 21:05" effect=effective', "対処 #12 手段=レート制限 ポート=53 プロトコル=udp 効果=一部有効"],
      en: ['mitigate #12 action=rtbh prefix=192.0.2.10/32 start="12/24 21:05" effect=effective'],
    },
  },
  {
    name: "request",
    aliases: ["依頼"],
    summary: { ja: "他の組織に対処を依頼する (依頼内容は本文に書く)", en: "Ask another organization to act. The free text is the request" },
    fields: [
      {
        key: "to",
        aliases: ["宛先"],
        required: true,
        kind: "org",
        summary: { ja: "依頼先の組織 ID (英数字、-、_)", en: "Organization id of the recipient (letters, digits, - and _)" },
        examples: sameExamples("to=example-isp"),
      },
      {
        key: "urgent",
        aliases: ["緊急"],
        required: false,
        kind: "boolean",
        allowed: ["yes", "no"],
        valueAliases: { yes: BOOLEAN_WORDS.true, no: BOOLEAN_WORDS.false },
        summary: { ja: "緊急の依頼か (既定は no)", en: "Whether the request is urgent (default no)" },
        examples: { ja: ["urgent=yes", "緊急=はい"], en: ["urgent=yes"] },
      },
      TLP_FIELD,
    ],
    positional: ["incident"],
    requiredPositional: ["incident"],
    freeText: "required",
    examples: {
      ja: ["依頼 #12 宛先=example-isp 緊急=はい AS64500 からの UDP/53 をフィルタしてください"],
      en: ["request #12 to=example-isp urgent=yes Please filter UDP/53 from AS64500"],
    },
  },
  {
    name: "ack",
    aliases: ["受領"],
    summary: { ja: "依頼を受領する", en: "Acknowledge a coordination request" },
    fields: [],
    positional: ["request"],
    requiredPositional: ["request"],
    freeText: "optional",
    examples: { ja: ["受領 R5 対応します"], en: ["ack R5 Working on it"] },
  },
  {
    name: "done",
    aliases: ["完了"],
    summary: { ja: "依頼への対応が完了したことを報告する", en: "Report a coordination request as done" },
    fields: [],
    positional: ["request"],
    requiredPositional: ["request"],
    freeText: "optional",
    examples: { ja: ["完了 R5 21:30 にフィルタ適用済み"], en: ["done R5 Filter applied at 21:30"] },
  },
  {
    name: "decline",
    aliases: ["辞退"],
    summary: { ja: "依頼を辞退する", en: "Decline a coordination request" },
    fields: [],
    positional: ["request"],
    requiredPositional: ["request"],
    freeText: "optional",
    examples: { ja: ["辞退 R5 スクラビング設備がありません"], en: ["decline R5 No scrubbing capacity"] },
  },
  {
    name: "review",
    aliases: ["振り返り"],
    summary: { ja: "事案の振り返りを記録する", en: "Record the post-incident review" },
    fields: REVIEW_FIELDS,
    positional: ["incident"],
    requiredPositional: ["incident"],
    freeText: "optional",
    examples: {
      ja: ['振り返り #12 攻撃者="Anon JP" 被害=なし 教訓="上流の RTBH 手順を事前に確認する" 公開=はい'],
      en: ['review #12 attacker="Anon JP" damage=no lessons="Check upstream RTBH steps in advance" publish=yes'],
    },
  },
  {
    name: "close",
    aliases: ["終結"],
    summary: { ja: "事案を終結する", en: "Close an incident" },
    fields: [],
    positional: ["incident"],
    requiredPositional: ["incident"],
    freeText: "optional",
    examples: { ja: ["終結 #12 攻撃終息、被害なし"], en: ["close #12 Attack ended without damage"] },
  },
  {
    name: "status",
    aliases: ["状況"],
    summary: { ja: "事案の状況を表示する (#N なしで対応中の全件)", en: "Show the status of one incident, or of all open incidents without #N" },
    fields: [],
    positional: ["incident"],
    requiredPositional: [],
    freeText: "none",
    examples: { ja: ["状況 #12"], en: ["status #12"] },
  },
  {
    name: "list",
    aliases: ["一覧"],
    summary: { ja: "事案を一覧表示する (既定は対応中)", en: "List incidents (open ones by default)" },
    fields: [
      {
        key: "state",
        aliases: ["状態"],
        required: false,
        kind: "enum",
        ...enumValues(FILTER_VOCABULARY),
        summary: { ja: "表示する状態。キーなしでも指定できる", en: "Which incidents to list. The key may be left out" },
        examples: { ja: ["state=closed", "状態=全て"], en: ["state=closed", "state=all"] },
      },
    ],
    positional: ["state"],
    requiredPositional: [],
    freeText: "none",
    examples: { ja: ["一覧 全て"], en: ["list closed"] },
  },
  {
    name: "probe",
    aliases: ["観測"],
    summary: {
      ja: "重要インフラ事業者のホームページ観測: 対象の追加 (add)、削除 (remove)、一覧 (list)、取込 (import、管理者のみ)、書出 (export)、状況 (status)、アラート一覧 (alerts)、アラートからの検知宣言 (declare)、抑止・メンテナンス (silence、unsilence、管理者のみ)",
      en: "Homepage probes of critical-infrastructure operators: add, remove, list, import (administrators only), export and status of targets; alerts, declare a detection from an alert, silence and unsilence (administrators only)",
    },
    fields: PROBE_FIELDS,
    positional: [],
    requiredPositional: [],
    freeText: "optional",
    examples: {
      ja: [
        'probe add operator="例示銀行" sector=金融 url=https://www.bank.example/ expect=200',
        "観測 追加 事業者=例示電力 分野=電力 url=https://www.power.example/ キーワード=停電情報",
        "観測 状況 金融",
        "probe status 192.0.2.0/24",
        "観測 一覧 例示銀行",
        "probe remove https://www.bank.example/",
        "probe import config/probe-targets.csv",
        "probe export",
        "観測 アラート",
        "観測 アラート A12",
        "観測 宣言 A12",
        'probe declare A12',
        '観測 抑止 金融 until="12/05 06:00" reason="定期メンテナンス"',
        'probe silence 例示銀行 from="12/05 02:00" until="12/05 04:00"',
        "probe unsilence S3",
      ],
      en: [
        'probe add operator="Example Bank" sector=finance url=https://www.bank.example/ expect=200',
        "probe status finance",
        "probe status https://www.bank.example/",
        'probe list "Example Bank"',
        "probe remove 12",
        "probe import config/probe-targets.csv",
        "probe export",
        "probe alerts",
        "probe alerts A12",
        "probe declare A12",
        'probe silence finance until="12/05 06:00" reason="Planned maintenance"',
        'probe silence "Example Bank" from="12/05 02:00" until="12/05 04:00"',
        "probe unsilence S3",
      ],
    },
  },
  {
    name: "summary",
    aliases: ["サマリー", "週報"],
    summary: {
      ja: "週次サマリーを表示する (既定は前週。今週・先週・2026-W49・週内の日付も指定可)",
      en: "Show the weekly summary (last week by default; also this, last, 2026-W49 or a date in the week)",
    },
    fields: [],
    positional: [],
    requiredPositional: [],
    freeText: "optional",
    examples: { ja: ["サマリー 先週", "summary 2026-W49"], en: ["summary", "summary 2026-W49"] },
  },
  {
    name: "help",
    aliases: ["ヘルプ"],
    summary: { ja: "使い方を表示する", en: "Show how to use the bot or one subcommand" },
    fields: [],
    positional: ["topic"],
    requiredPositional: [],
    freeText: "none",
    examples: { ja: ["ヘルプ 予知"], en: ["help notice"] },
  },
];

/** Finds a subcommand by its English name or an alias, ignoring ASCII case and width. */
export function findSubcommand(word: string): SubcommandSpec | undefined {
  const key = toLooseKey(word);
  return SUBCOMMANDS.find((spec) => [spec.name, ...spec.aliases].some((name) => toLooseKey(name) === key));
}

/** Finds a field of `spec` by its key or an alias, ignoring ASCII case and width. */
export function findField(spec: SubcommandSpec, key: string): FieldSpec | undefined {
  const loose = toLooseKey(key);
  return spec.fields.find((field) => [field.key, ...field.aliases].some((name) => toLooseKey(name) === loose));
}

/** Returns the spec of a subcommand known to exist. */
export function subcommandSpec(name: SubcommandName): SubcommandSpec {
  return SUBCOMMANDS.find((spec) => spec.name === name)!;
}
