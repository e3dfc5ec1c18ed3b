// Field descriptions shared by several subcommands, and helpers to build them.

import { TLP_LABELS } from "./types.ts";
import type { Vocabulary } from "./vocabulary.ts";

export type FieldKind =
  | "text"
  | "targets"
  | "enum"
  | "enumList"
  | "datetime"
  | "range"
  | "quantity"
  | "boolean"
  | "org"
  | "prefix"
  | "ports"
  | "url";

export interface Localized {
  ja: string;
  en: string;
}

export interface LocalizedList {
  ja: string[];
  en: string[];
}

export interface FieldSpec {
  /** Canonical English key, as used in ParseError.field. */
  key: string;
  /** Other accepted keys. All keys ignore ASCII case and character width. */
  aliases: string[];
  required: boolean;
  kind: FieldKind;
  /** Canonical values of enum fields. */
  allowed?: readonly string[];
  /** Other accepted spellings of each canonical value, e.g. 高 for high. */
  valueAliases?: Readonly<Record<string, readonly string[]>>;
  summary: Localized;
  /** Complete `key=value` examples. Error messages show the first two. */
  examples: LocalizedList;
}

/** Returns the same example lines for both locales, for examples without words. */
export function sameExamples(...lines: string[]): LocalizedList {
  return { ja: lines, en: lines };
}

/** Fills `allowed` and `valueAliases` of an enum field from its vocabulary. */
export function enumValues<T extends string>(vocabulary: Vocabulary<T>): Pick<FieldSpec, "allowed" | "valueAliases"> {
  return { allowed: vocabulary.canonical, valueAliases: vocabulary.aliases as Record<string, readonly string[]> };
}

export const TLP_FIELD: FieldSpec = {
  key: "tlp",
  aliases: [],
  required: false,
  kind: "enum",
  allowed: TLP_LABELS,
  valueAliases: { CLEAR: ["WHITE"] },
  summary: {
    ja: "共有範囲 (TLP)。「TLP:」は省略可。WHITE は CLEAR として扱う",
    en: 'Sharing limit (TLP). The "TLP:" prefix is optional, and WHITE means CLEAR',
  },
  examples: sameExamples("tlp=AMBER", "tlp=TLP:AMBER+STRICT"),
};

export function targetField(required: boolean): FieldSpec {
  return {
    key: "target",
    aliases: ["targets", "標的", "対象"],
    required,
    kind: "targets",
    summary: {
      ja: "標的。ドメイン名、URL、IP アドレス、プレフィックス、AS 番号をカンマか「、」で区切る",
      en: "Targets: domain names, URLs, IP addresses, prefixes or AS numbers, separated by commas",
    },
    examples: sameExamples("target=example.co.jp,192.0.2.0/24,AS64500"),
  };
}

export const ATTACKER_FIELD: FieldSpec = {
  key: "attacker",
  aliases: ["攻撃者"],
  required: false,
  kind: "text",
  summary: { ja: "攻撃者の名前 (入力どおり保存)", en: "Attacker name, stored as typed" },
  examples: sameExamples('attacker="Anon JP"'),
};

export function startField(summary: Localized): FieldSpec {
  return {
    key: "start",
    aliases: ["開始"],
    required: false,
    kind: "datetime",
    summary,
    examples: sameExamples('start="12/24 21:00"', 'start="2026-12-24T21:00+09:00"'),
  };
}

export function endField(summary: Localized): FieldSpec {
  return {
    key: "end",
    aliases: ["終了"],
    required: false,
    kind: "datetime",
    summary,
    examples: sameExamples('end="12/24 23:00"', "end=23:00"),
  };
}
