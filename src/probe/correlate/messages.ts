// Chat texts of probe alerts, silences and the alert commands, in Japanese
// and English. Records over the rule union make a new rule fail to compile
// until both catalogs describe it.

import type { Locale } from "../../config.ts";
import type { CorrelationRule } from "./types.ts";

export interface AlertMessages {
  ruleNames: Record<CorrelationRule, string>;
  /** Likely cause that the strongest rule suggests, shown under the title. */
  stories: Record<CorrelationRule, string>;
  title: (ref: string, operators: number, networks: number, sectors: string) => string;
  resolvedPrefix: string;
  ruleOperators: (operators: number, networks: number, minimum: number) => string;
  ruleSector: (sector: string, degraded: number, total: number, percent: number, minimumPercent: number, minimum: number) => string;
  ruleShared: (network: string, operators: string) => string;
  opened: (time: string) => string;
  updated: (time: string) => string;
  resolvedAt: (time: string, duration: string) => string;
  membersHeading: string;
  member: (operator: string, sector: string, since: string, failures: string, median: string, addresses: string) => string;
  recoveredMark: (time: string) => string;
  medianMs: (ms: number) => string;
  linkedIncident: (incident: number) => string;
  declareStep: (command: string) => string;
  changeJoined: (operators: string) => string;
  changeRecovered: (operators: string) => string;
  changeDegradedAgain: (operators: string) => string;
  changeRule: (from: string, to: string) => string;
  /** Line of the alert message that repeats the latest update's changes. */
  changedAtLastUpdate: (changes: string) => string;
  noteTitle: (ref: string) => string;
  resolvedNote: (ref: string, duration: string, quietMinutes: number) => string;
  linkedNote: (ref: string, incident: number, opened: boolean) => string;
  connectivityTitle: (ref: string, failed: number, total: number) => string;
  connectivityStory: string;
  canaryLine: (canary: string, result: string) => string;
  connectivityResolvedNote: (ref: string, duration: string) => string;
  listTitle: (open: number, recent: number) => string;
  listEmpty: string;
  listLine: (ref: string, state: string, rule: string, operators: number, opened: string, incident: string) => string;
  listState: { open: string; resolved: string };
  listLineConnectivity: (ref: string, state: string, rule: string, failed: number, total: number, opened: string) => string;
  /** Result of a canary that responded over HTTP, with its status code. */
  canaryReached: (statusCode: number, totalMs: number) => string;
  connectivityRule: string;
  silencesHeading: string;
  silenceLine: (ref: string, name: string, scope: string, from: string, until: string, reason: string) => string;
  scopeNames: { operator: string; sector: string };
  silenceCreated: (ref: string, name: string, scope: string, from: string, until: string) => string;
  silenceCancelled: (ref: string, name: string) => string;
  declaredOpened: (ref: string, incident: number) => string;
  declaredLinked: (ref: string, incident: number) => string;
  errors: {
    alertNotFound: (ref: string) => string;
    alertNotCorrelated: (ref: string) => string;
    alertAlreadyLinked: (ref: string, incident: number) => string;
    silenceNotFound: (ref: string) => string;
    adminOnly: string;
    unknownSilenceTarget: (name: string) => string;
    ambiguousSilenceTarget: (name: string) => string;
    endNotAfterStart: string;
    endInPast: string;
  };
}

const ja: AlertMessages = {
  ruleNames: { operators: "複数事業者", sector: "分野集中", shared: "共有基盤" },
  stories: {
    operators: "独立した複数のネットワークで同時に応答が低下しています。同時多発的な攻撃の可能性があります。",
    sector: "一つの分野の事業者に応答低下が集中しています。",
    shared: "同じアドレスまたはプレフィックスを共有する事業者だけが低下しています。ホスティングや CDN 側の障害の可能性があります。",
  },
  title: (ref, operators, networks, sectors) => `同時多発的な応答低下 ${ref}: ${operators}事業者 / ${networks}ネットワーク (${sectors})`,
  resolvedPrefix: "【解消】",
  ruleOperators: (operators, networks, minimum) => `判定 複数事業者: ${operators}事業者、独立ネットワーク ${networks} (基準 ${minimum} 以上)`,
  ruleSector: (sector, degraded, total, percent, minimumPercent, minimum) =>
    `判定 分野集中: ${sector} ${degraded}/${total}事業者 (${percent}%、基準 ${minimumPercent}% 以上かつ ${minimum} 事業者以上)`,
  ruleShared: (network, operators) => `判定 共有基盤: ${network} に ${operators}`,
  opened: (time) => `発生 ${time}`,
  updated: (time) => `最終更新 ${time}`,
  resolvedAt: (time, duration) => `解消 ${time} (継続 ${duration})`,
  membersHeading: "事業者:",
  member: (operator, sector, since, failures, median, addresses) => `・${operator} (${sector}) ${since} から ${failures}${median}${addresses}`,
  recoveredMark: (time) => ` — ${time} 回復`,
  medianMs: (ms) => `、中央値 ${ms} ms`,
  linkedIncident: (incident) => `連携した事案: #${incident}`,
  declareStep: (command) => `検知を宣言する: ${command}`,
  changeJoined: (operators) => `追加: ${operators}`,
  changeRecovered: (operators) => `回復: ${operators}`,
  changeDegradedAgain: (operators) => `再び低下: ${operators}`,
  changeRule: (from, to) => `判定の変更: ${from} → ${to}`,
  changedAtLastUpdate: (changes) => `前回の更新での変化: ${changes}`,
  noteTitle: (ref) => `${ref} の更新`,
  resolvedNote: (ref, duration, quietMinutes) => `${ref} は解消しました。全事業者が ${quietMinutes} 分以上回復しています (継続 ${duration})`,
  linkedNote: (ref, incident, opened) => (opened ? `${ref} から検知を宣言し、事案 #${incident} を開きました` : `${ref} を既存の事案 #${incident} に連携しました`),
  connectivityTitle: (ref, failed, total) => `観測側の接続障害の可能性 ${ref}: カナリア ${failed}/${total} が失敗`,
  connectivityStory: "観測する側のネットワークに問題がある可能性があります。この間の観測失敗は「不明」として扱い、同時多発的な応答低下のアラートを止めています。",
  canaryLine: (canary, result) => `・${canary}: ${result}`,
  connectivityResolvedNote: (ref, duration) => `${ref} は解消しました。カナリアが応答しています (継続 ${duration})`,
  listTitle: (open, recent) => `ホームページ観測のアラート: 継続中 ${open} 件、直近 7 日 ${recent} 件`,
  listEmpty: "直近 7 日のアラートはありません",
  listLine: (ref, state, rule, operators, opened, incident) => `${ref} [${state}] ${rule} ${operators}事業者 ${opened} 発生${incident}`,
  listState: { open: "継続中", resolved: "解消" },
  listLineConnectivity: (ref, state, rule, failed, total, opened) => `${ref} [${state}] ${rule} カナリア ${failed}/${total} 失敗 ${opened} 発生`,
  canaryReached: (statusCode, totalMs) => `到達 (HTTP ${statusCode}) ${totalMs} ms`,
  connectivityRule: "観測側の接続障害",
  silencesHeading: "抑止・メンテナンス:",
  silenceLine: (ref, name, scope, from, until, reason) => `${ref} ${name} (${scope}) ${from} 〜 ${until}${reason}`,
  scopeNames: { operator: "事業者", sector: "分野" },
  silenceCreated: (ref, name, scope, from, until) => `${ref}: ${name} (${scope}) を ${from} から ${until} まで同時多発的な応答低下のアラートの対象外にしました。観測は続けます`,
  silenceCancelled: (ref, name) => `${ref} (${name}) の抑止を解除しました`,
  declaredOpened: (ref, incident) => `${ref} から事案 #${incident} を開き、検知を登録しました`,
  declaredLinked: (ref, incident) => `${ref} の対象を含む継続中の事案 #${incident} に検知を登録し、アラートを連携しました`,
  errors: {
    alertNotFound: (ref) => `アラート ${ref} はありません。/dos 観測 アラート で一覧を確認してください`,
    alertNotCorrelated: (ref) => `${ref} は観測側の接続障害の通知です。検知を宣言できるのは同時多発的な応答低下のアラートだけです`,
    alertAlreadyLinked: (ref, incident) => `${ref} は事案 #${incident} に連携済みです。/dos 状況 #${incident} で確認してください`,
    silenceNotFound: (ref) => `抑止 ${ref} はないか、すでに終了しています。/dos 観測 アラート で一覧を確認してください`,
    adminOnly: "抑止とメンテナンスの設定は管理者だけが行えます",
    unknownSilenceTarget: (name) => `「${name}」という事業者または分野は観測対象にありません。/dos 観測 一覧 で名前を確認してください`,
    ambiguousSilenceTarget: (name) => `「${name}」は分野名でも事業者名でもあります。事業者=${name} か 分野=${name} のように指定してください`,
    endNotAfterStart: "終了 (until) は開始 (from) より後にしてください",
    endInPast: "終了 (until) が過去の時刻です。これから先の時刻を指定してください",
  },
};

const en: AlertMessages = {
  ruleNames: { operators: "several operators", sector: "one sector", shared: "shared infrastructure" },
  stories: {
    operators: "Responses degraded at the same time on independent networks. This may be a simultaneous attack campaign.",
    sector: "Degraded responses are concentrated in one sector.",
    shared: "Only operators that share an address or prefix degraded. A hosting or CDN outage is a likely cause.",
  },
  title: (ref, operators, networks, sectors) => `Correlated degradation ${ref}: ${operators} operators on ${networks} networks (${sectors})`,
  resolvedPrefix: "[Resolved] ",
  ruleOperators: (operators, networks, minimum) => `Rule several operators: ${operators} operators on ${networks} independent networks (threshold ${minimum})`,
  ruleSector: (sector, degraded, total, percent, minimumPercent, minimum) =>
    `Rule one sector: ${sector} ${degraded} of ${total} operators (${percent}%, threshold ${minimumPercent}% and at least ${minimum})`,
  ruleShared: (network, operators) => `Rule shared infrastructure: ${operators} on ${network}`,
  opened: (time) => `Started ${time}`,
  updated: (time) => `Last update ${time}`,
  resolvedAt: (time, duration) => `Resolved ${time} (lasted ${duration})`,
  membersHeading: "Operators:",
  member: (operator, sector, since, failures, median, addresses) => `• ${operator} (${sector}) since ${since}: ${failures}${median}${addresses}`,
  recoveredMark: (time) => ` (recovered ${time})`,
  medianMs: (ms) => `, median ${ms} ms`,
  linkedIncident: (incident) => `Linked incident: #${incident}`,
  declareStep: (command) => `Declare a detection: ${command}`,
  changeJoined: (operators) => `Joined: ${operators}`,
  changeRecovered: (operators) => `Recovered: ${operators}`,
  changeDegradedAgain: (operators) => `Degraded again: ${operators}`,
  changeRule: (from, to) => `Rule changed: ${from} → ${to}`,
  changedAtLastUpdate: (changes) => `Changed at the last update: ${changes}`,
  noteTitle: (ref) => `Update of ${ref}`,
  resolvedNote: (ref, duration, quietMinutes) => `${ref} resolved: every operator has been up for at least ${quietMinutes} minutes (lasted ${duration})`,
  linkedNote: (ref, incident, opened) => (opened ? `Detection declared from ${ref}; incident #${incident} opened` : `${ref} linked to the open incident #${incident}`),
  connectivityTitle: (ref, failed, total) => `Prober connectivity may be lost ${ref}: ${failed} of ${total} canaries failed`,
  connectivityStory: "The prober's own network may be at fault. Probe failures meanwhile count as unknown, and correlated alerts are paused.",
  canaryLine: (canary, result) => `• ${canary}: ${result}`,
  connectivityResolvedNote: (ref, duration) => `${ref} resolved: the canaries answer again (lasted ${duration})`,
  listTitle: (open, recent) => `Homepage probe alerts: ${open} open, ${recent} in the last 7 days`,
  listEmpty: "No alerts in the last 7 days",
  listLine: (ref, state, rule, operators, opened, incident) =>
    `${ref} [${state}] ${rule}, ${operators} operator${operators === 1 ? "" : "s"}, started ${opened}${incident}`,
  listState: { open: "open", resolved: "resolved" },
  listLineConnectivity: (ref, state, rule, failed, total, opened) => `${ref} [${state}] ${rule}, ${failed} of ${total} canaries failed, started ${opened}`,
  canaryReached: (statusCode, totalMs) => `reached (HTTP ${statusCode}) ${totalMs} ms`,
  connectivityRule: "prober connectivity",
  silencesHeading: "Silences and maintenance windows:",
  silenceLine: (ref, name, scope, from, until, reason) => `${ref} ${name} (${scope}) ${from} to ${until}${reason}`,
  scopeNames: { operator: "operator", sector: "sector" },
  silenceCreated: (ref, name, scope, from, until) => `${ref}: ${name} (${scope}) is left out of correlated alerts from ${from} until ${until}. Probing continues`,
  silenceCancelled: (ref, name) => `Silence ${ref} (${name}) cancelled`,
  declaredOpened: (ref, incident) => `Incident #${incident} opened from ${ref} with your detection`,
  declaredLinked: (ref, incident) => `Your detection was added to the open incident #${incident}, which names targets of ${ref}; the alert is linked to it`,
  errors: {
    alertNotFound: (ref) => `Alert ${ref} not found. List alerts with /dos probe alerts`,
    alertNotCorrelated: (ref) => `${ref} is a prober connectivity warning. Detections can be declared only from correlated-degradation alerts`,
    alertAlreadyLinked: (ref, incident) => `${ref} is already linked to incident #${incident}. See /dos status #${incident}`,
    silenceNotFound: (ref) => `Silence ${ref} not found or already ended. List silences with /dos probe alerts`,
    adminOnly: "Only administrators can set silences and maintenance windows",
    unknownSilenceTarget: (name) => `No probed operator or sector is named "${name}". Check the names with /dos probe list`,
    ambiguousSilenceTarget: (name) => `"${name}" names both a sector and an operator. Give operator="${name}" or sector="${name}"`,
    endNotAfterStart: "The end (until) must be later than the start (from)",
    endInPast: "The end (until) is in the past. Give a time in the future",
  },
};

export function alertMessages(locale: Locale): AlertMessages {
  return locale === "ja" ? ja : en;
}

/** Reference of an alert as members type it, such as A12. */
export function alertRef(id: number): string {
  return `A${id}`;
}

/** Reference of a silence as members type it, such as S3. */
export function silenceRef(id: number): string {
  return `S${id}`;
}
