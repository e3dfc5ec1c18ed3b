// Texts of the weekly summary and of the `/dos summary [week]` argument
// errors. Terms shared with the other replies (states, vectors, actions,
// field names) come from src/bot/messages/catalog.
import type { Locale } from "../../config.ts";
import type { WeekArgumentErrorCode } from "../../phases/summary/week-argument.ts";

export interface SummaryTexts {
  title: (isoWeek: string, firstDay: string, lastDay: string) => string;
  late: (scheduledAt: string) => string;
  inProgress: (asOf: string) => string;
  /** The whole summary is withheld because the audience may not receive even its counts. */
  withheldSummary: (tlp: string) => string;
  notices: (count: number) => string;
  noticeLine: (notice: string, incident: string, targets: string, attacker: string | undefined) => string;
  incidents: (opened: number, closed: number) => string;
  opened: string;
  closed: string;
  states: (asOfEnd: boolean) => string;
  detections: (count: number) => string;
  unspecifiedVector: string;
  affectedOrgs: (count: number) => string;
  mitigations: (count: number) => string;
  detectionToMitigation: string;
  requestToAcknowledgement: string;
  stats: (median: string, max: string, of: string, count: number) => string;
  none: string;
  openRequests: (count: number) => string;
  openRequestLine: (request: string, incident: string, from: string, to: string, state: string, age: string) => string;
  urgent: string;
  openRetrospectives: (count: number) => string;
  openRetrospectiveLine: (incident: string, title: string, state: string, status: string) => string;
  retrospectiveStatus: Record<"not_started" | "in_progress", string>;
  /** Count of items withheld by TLP, with the labels, e.g. "TLP:RED 2". */
  withheld: (count: number, labels: string) => string;
  withheldLabel: (tlp: string, count: number) => string;
  more: (count: number) => string;
  probes: (alerts: number) => string;
  probeCorrelated: (count: number) => string;
  probeSector: (sector: string, availability: string, targets: number, alerts: number) => string;
  noProbes: string;
  listHint: string;
  weekArgumentErrors: Record<WeekArgumentErrorCode, (value: string) => string>;
}

export const summaryTexts: Record<Locale, SummaryTexts> = {
  ja: {
    title: (isoWeek, firstDay, lastDay) => `週次サマリー ${isoWeek}（${firstDay}〜${lastDay}）`,
    late: (scheduledAt) => `※ 予定時刻 ${scheduledAt} より遅れて投稿しています。`,
    inProgress: (asOf) => `※ 週の途中の集計です（${asOf} 時点）。`,
    withheldSummary: (tlp) => `週次サマリーは TLP:${tlp} のため、この宛先には表示しません。/dos summary で確認できます。`,
    notices: (count) => `予知（攻撃予告）: ${count}件`,
    noticeLine: (notice, incident, targets, attacker) => `${notice} ${incident} 標的: ${targets}${attacker ? ` / 攻撃者: ${attacker}` : ""}`,
    incidents: (opened, closed) => `事案: 新規 ${opened}件 / 終結 ${closed}件`,
    opened: "新規",
    closed: "終結",
    states: (asOfEnd) => (asOfEnd ? "週末時点の事案の状態" : "現時点の事案の状態"),
    detections: (count) => `検知（影響ありの報告、事案・会員企業ごと）: ${count}件`,
    unspecifiedVector: "手法の記載なし",
    affectedOrgs: (count) => `影響を受けた会員企業: ${count}組織`,
    mitigations: (count) => `対処: ${count}件`,
    detectionToMitigation: "検知から初回対処まで",
    requestToAcknowledgement: "協調対処依頼から受領まで",
    stats: (median, max, of, count) => `中央値 ${median} / 最長 ${max}（${of}） / ${count}件`,
    none: "なし",
    openRequests: (count) => `未完了の協調対処依頼: ${count}件`,
    openRequestLine: (request, incident, from, to, state, age) => `${request} ${incident} ${from} → ${to}: ${state}、${age}経過`,
    urgent: "緊急",
    openRetrospectives: (count) => `未完了の振り返り: ${count}件`,
    openRetrospectiveLine: (incident, title, state, status) => `${incident} ${title} — ${state}（${status}）`,
    retrospectiveStatus: { not_started: "振り返り未開始", in_progress: "振り返り未終結" },
    withheld: (count, labels) => `+${count}件 非表示（${labels}）`,
    withheldLabel: (tlp, count) => `TLP:${tlp} ${count}件`,
    more: (count) => `ほか ${count}件`,
    probes: (alerts) => `ホームページ監視: 警報 ${alerts}件`,
    probeCorrelated: (count) => `同時多発的な応答低下のアラート ${count}件`,
    probeSector: (sector, availability, targets, alerts) => `${sector}: 可用性 ${availability}（対象 ${targets}件、警報 ${alerts}件）`,
    noProbes: "観測なし",
    listHint: "対応中の事案: /dos list",
    weekArgumentErrors: {
      invalid_week: (value) =>
        `週の指定「${value}」を読み取れません。省略（先週）、this / 今週、last / 先週、ISO 週番号（例: 2026-W49）、または週に含まれる日付（例: 2026-12-03、12/3）を指定してください。`,
      no_such_iso_week: (value) => `「${value}」: その年にこの週番号はありません。ISO 週番号は 1 から 52（年によっては 53）です。`,
      future_week: (value) => `「${value}」の週はまだ始まっていません。今週の途中経過は /dos summary this で表示できます。`,
    },
  },
  en: {
    title: (isoWeek, firstDay, lastDay) => `Weekly summary ${isoWeek} (${firstDay} to ${lastDay})`,
    late: (scheduledAt) => `Note: this summary was due at ${scheduledAt} and is posted late.`,
    inProgress: (asOf) => `Note: the week is not over; figures as of ${asOf}.`,
    withheldSummary: (tlp) => `The weekly summary is labelled TLP:${tlp}, so it is not shown here. Members can read it with /dos summary.`,
    notices: (count) => `Attack notices: ${count}`,
    noticeLine: (notice, incident, targets, attacker) => `${notice} ${incident} targets: ${targets}${attacker ? ` / attacker: ${attacker}` : ""}`,
    incidents: (opened, closed) => `Incidents: ${opened} opened / ${closed} closed`,
    opened: "opened",
    closed: "closed",
    states: (asOfEnd) => (asOfEnd ? "Incident states at the end of the week" : "Incident states now"),
    detections: (count) => `Detections (affected reports, one per incident and member): ${count}`,
    unspecifiedVector: "vector not given",
    affectedOrgs: (count) => `Member organizations affected: ${count}`,
    mitigations: (count) => `Mitigations: ${count}`,
    detectionToMitigation: "Detection to first mitigation",
    requestToAcknowledgement: "Coordination request to acknowledgement",
    stats: (median, max, of, count) => `median ${median} / max ${max} (${of}) / ${count} in total`,
    none: "none",
    openRequests: (count) => `Open coordination requests: ${count}`,
    openRequestLine: (request, incident, from, to, state, age) => `${request} ${incident} ${from} → ${to}: ${state}, open for ${age}`,
    urgent: "urgent",
    openRetrospectives: (count) => `Open retrospectives: ${count}`,
    openRetrospectiveLine: (incident, title, state, status) => `${incident} ${title} — ${state} (${status})`,
    retrospectiveStatus: { not_started: "retrospective not started", in_progress: "retrospective not closed" },
    withheld: (count, labels) => `+${count} withheld (${labels})`,
    withheldLabel: (tlp, count) => `TLP:${tlp} ${count}`,
    more: (count) => `${count} more`,
    probes: (alerts) => `Homepage probes: ${alerts} alerts`,
    probeCorrelated: (count) => `Correlated-degradation alerts: ${count}`,
    probeSector: (sector, availability, targets, alerts) => `${sector}: availability ${availability} (${targets} targets, ${alerts} alerts)`,
    noProbes: "no probes",
    listHint: "Open incidents: /dos list",
    weekArgumentErrors: {
      invalid_week: (value) =>
        `Cannot read the week "${value}". Leave it out for last week, or give this, last, an ISO week such as 2026-W49, or a date in the week such as 2026-12-03 or 12/3.`,
      no_such_iso_week: (value) => `"${value}": that year has no such week. ISO weeks run from 1 to 52, or 53 in some years.`,
      future_week: (value) => `The week of "${value}" has not started yet. For this week so far, use /dos summary this.`,
    },
  },
};
