// Texts of the reminders posted in incident threads and of the
// retrospective meeting (振り返り会) reminder in the shared channel.
import type { Locale } from "../../config.ts";

export interface ReminderTexts {
  /** The situation changed after the reminder was decided, e.g. the request was acknowledged meanwhile. */
  noLongerNeeded: string;
  expectedStart: {
    title: (incident: number, notice: number) => string;
    question: string;
    noAnswer: (orgs: string) => string;
    allAnswered: string;
  };
  requestAck: {
    title: (request: string, org: string, repeat: number) => string;
    waiting: (elapsed: string) => string;
  };
  mitigationOverdue: {
    title: (incident: number) => string;
    body: (days: number, since: string) => string;
  };
  retrospectiveOverdue: {
    title: (incident: number) => string;
    body: (days: number, since: string) => string;
  };
  meeting: {
    monthTitle: (year: number, month: number) => string;
    quarterTitle: (fiscalYear: number, quarter: number, firstMonth: string, lastMonth: string) => string;
    intro: string;
    /** The whole reminder is withheld because the audience may not receive even its counts. */
    withheld: (tlp: string) => string;
    count: (count: number) => string;
    incidentLine: (incident: string, tlp: string, title: string, state: string, status: string) => string;
    empty: string;
    retrospective: Record<"none" | "open" | "closed", string>;
    reviewHint: string;
  };
}

export const reminderTexts: Record<Locale, ReminderTexts> = {
  ja: {
    noLongerNeeded: "この通知の後に状況が変わったため、対応は不要です。",
    expectedStart: {
      title: (incident, notice) => `事案 #${incident}: 予知 N${notice} の予告時刻になりました`,
      question: "攻撃を観測していますか？ 観測していれば検知を、影響がなければ「影響なし」を報告してください。",
      noAnswer: (orgs) => `未回答の会員企業: ${orgs}`,
      allAnswered: "全ての会員企業が回答済みです。",
    },
    requestAck: {
      title: (request, org, repeat) => `協調対処依頼 ${request}: ${org} の受領をお待ちしています（再通知 ${repeat}回目）`,
      waiting: (elapsed) => `依頼から${elapsed}が経過しましたが、まだ受領されていません。`,
    },
    mitigationOverdue: {
      title: (incident) => `事案 #${incident}: 攻撃中ですが対処が記録されていません`,
      body: (days, since) => `攻撃中になってから ${days}日以上（${since} から）、対処の記録がありません。実施した対処を記録するか、他の会員企業に協調対処を依頼してください。`,
    },
    retrospectiveOverdue: {
      title: (incident) => `事案 #${incident}: 振り返りが始まっていません`,
      body: (days, since) => `攻撃が沈静化してから ${days}日以上（${since} から）経過しました。振り返りを開始してください。`,
    },
    meeting: {
      monthTitle: (year, month) => `振り返り会のご案内: ${year}年${month}月の事案`,
      quarterTitle: (fiscalYear, quarter, firstMonth, lastMonth) => `振り返り会のご案内: ${fiscalYear}年度 第${quarter}四半期（${firstMonth}〜${lastMonth}）の事案`,
      intro: "振り返り会で取り上げる事案の一覧です（期間中に作成された事案）。",
      withheld: (tlp) => `この案内は TLP:${tlp} のため、この宛先には表示しません。/dos list で事案を確認できます。`,
      count: (count) => `事案: ${count}件`,
      incidentLine: (incident, tlp, title, state, status) => `${incident} [TLP:${tlp}] ${title} — ${state}（${status}）`,
      empty: "この期間に作成された事案はありません。",
      retrospective: { none: "振り返り未開始", open: "振り返り中", closed: "終結済み" },
      reviewHint: "振り返りを記録: /dos review #事案番号 lessons=…",
    },
  },
  en: {
    noLongerNeeded: "The situation changed after this reminder was scheduled, so no action is needed.",
    expectedStart: {
      title: (incident, notice) => `Incident #${incident}: the expected start of notice N${notice} has come`,
      question: "Do you observe the attack? Report a detection if you do, or report that you are not affected.",
      noAnswer: (orgs) => `Members that have not answered: ${orgs}`,
      allAnswered: "Every member organization has answered.",
    },
    requestAck: {
      title: (request, org, repeat) => `Coordination request ${request}: waiting for ${org} to acknowledge (reminder ${repeat})`,
      waiting: (elapsed) => `${elapsed} since the request, and it has not been acknowledged yet.`,
    },
    mitigationOverdue: {
      title: (incident) => `Incident #${incident}: under attack, but no mitigation is recorded`,
      body: (days, since) =>
        `The incident has been under attack for ${days} day(s) or more (since ${since}) without a recorded mitigation. Log the mitigation you applied, or ask another member for coordinated response.`,
    },
    retrospectiveOverdue: {
      title: (incident) => `Incident #${incident}: the retrospective has not started`,
      body: (days, since) => `The attack subsided ${days} day(s) or more ago (since ${since}). Please open the retrospective.`,
    },
    meeting: {
      monthTitle: (year, month) => `Retrospective meeting: incidents of ${year}-${String(month).padStart(2, "0")}`,
      quarterTitle: (fiscalYear, quarter, firstMonth, lastMonth) => `Retrospective meeting: incidents of FY${fiscalYear} Q${quarter} (${firstMonth} to ${lastMonth})`,
      intro: "Incidents to discuss at the retrospective meeting (opened during the period).",
      withheld: (tlp) => `This reminder is labelled TLP:${tlp}, so it is not shown here. Members can list the incidents with /dos list.`,
      count: (count) => `Incidents: ${count}`,
      incidentLine: (incident, tlp, title, state, status) => `${incident} [TLP:${tlp}] ${title} — ${state} (${status})`,
      empty: "No incidents were opened during this period.",
      retrospective: { none: "retrospective not started", open: "retrospective in progress", closed: "closed" },
      reviewHint: "Record the retrospective: /dos review #<incident> lessons=…",
    },
  },
};
