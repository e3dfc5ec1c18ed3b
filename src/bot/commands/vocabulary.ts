// Accepted spellings of every enumerated value. Canonical values come from
// types.ts. Aliases are matched after toLooseKey, so case, width, spaces, "-"
// and "_" do not matter.

import {
  ATTACK_VECTORS,
  CREDIBILITIES,
  DETECTION_STATUSES,
  INCIDENT_FILTERS,
  MITIGATION_ACTIONS,
  MITIGATION_EFFECTS,
  NOTICE_SOURCES,
  PROTOCOLS,
  type AttackVector,
  type Credibility,
  type DetectionStatus,
  type IncidentFilter,
  type MitigationAction,
  type MitigationEffect,
  type NoticeSource,
  type Protocol,
} from "./types.ts";

/** Canonical values of one enum and the other spellings members may type. */
export interface Vocabulary<T extends string> {
  canonical: readonly T[];
  aliases: Readonly<Partial<Record<T, readonly string[]>>>;
}

export const SOURCE_VOCABULARY: Vocabulary<NoticeSource> = {
  canonical: NOTICE_SOURCES,
  aliases: {
    sns: ["SNS"],
    bbs: ["掲示板"],
    chat: ["チャット"],
    news: ["ニュース", "報道"],
    jpcert: ["JPCERT/CC", "JPCERT", "JPCERTCC"],
    nisc: ["NISC"],
    member: ["会員", "メンバー"],
    other: ["その他"],
  },
};

export const CREDIBILITY_VOCABULARY: Vocabulary<Credibility> = {
  canonical: CREDIBILITIES,
  aliases: {
    high: ["高", "高い"],
    medium: ["中", "mid"],
    low: ["低", "低い"],
    unknown: ["不明"],
  },
};

export const VECTOR_VOCABULARY: Vocabulary<AttackVector> = {
  canonical: ATTACK_VECTORS,
  aliases: {
    "udp-flood": ["udp", "UDPフラッド"],
    "syn-flood": ["syn", "SYNフラッド"],
    "dns-amp": ["dns", "DNSアンプ", "dns-amplification", "DNSリフレクション"],
    "ntp-amp": ["ntp", "NTPアンプ"],
    "ssdp-amp": ["ssdp", "SSDPアンプ"],
    "memcached-amp": ["memcached", "memcachedアンプ"],
    "cldap-amp": ["cldap", "CLDAPアンプ"],
    "http-flood": ["http", "HTTPフラッド"],
    "carpet-bombing": ["carpet", "カーペットボム", "カーペットボミング"],
    other: ["その他"],
  },
};

export const DETECTION_STATUS_VOCABULARY: Vocabulary<DetectionStatus> = {
  canonical: DETECTION_STATUSES,
  aliases: {
    ongoing: ["継続", "継続中"],
    subsided: ["沈静化"],
    ended: ["終息", "終了"],
  },
};

export const ACTION_VOCABULARY: Vocabulary<MitigationAction> = {
  canonical: MITIGATION_ACTIONS,
  aliases: {
    acl: ["ACL"],
    rtbh: ["RTBH", "blackhole", "ブラックホール"],
    flowspec: ["FlowSpec"],
    scrubbing: ["scrub", "cleaning", "スクラビング", "クリーニング"],
    "rate-limit": ["ratelimit", "レート制限", "帯域制限"],
    "dns-sinkhole": ["sinkhole", "シンクホール"],
    "upstream-filter": ["upstream", "上流フィルタ", "上流フィルタリング"],
    "customer-contact": ["顧客連絡"],
    other: ["その他"],
  },
};

export const EFFECT_VOCABULARY: Vocabulary<MitigationEffect> = {
  canonical: MITIGATION_EFFECTS,
  aliases: {
    effective: ["有効"],
    partial: ["一部有効", "部分的"],
    ineffective: ["無効"],
  },
};

export const PROTOCOL_VOCABULARY: Vocabulary<Protocol> = {
  canonical: PROTOCOLS,
  aliases: { any: ["all", "全て"] },
};

export const FILTER_VOCABULARY: Vocabulary<IncidentFilter> = {
  canonical: INCIDENT_FILTERS,
  aliases: {
    open: ["対応中", "未完了"],
    closed: ["終結", "完了"],
    all: ["全て", "すべて", "全部"],
  },
};

export const BOOLEAN_WORDS = {
  true: ["yes", "true", "y", "1", "on", "あり", "有り", "有", "はい"],
  false: ["no", "false", "n", "0", "off", "なし", "無し", "無", "いいえ"],
} as const;
