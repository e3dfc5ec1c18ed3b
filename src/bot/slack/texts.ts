// Texts that only the Slack front end shows: buttons, modal titles and
// labels, and short notices. The shared reply texts live in
// src/bot/messages/catalog.
import type { Locale } from "../../config.ts";

export interface SlackTexts {
  buttons: {
    detect: string;
    notAffected: string;
    declareAlert: string;
    mitigate: string;
    request: string;
    ended: string;
    review: string;
    ack: string;
    done: string;
    decline: string;
  };
  modal: {
    submit: string;
    cancel: string;
    titles: Record<"notice" | "detect" | "mitigate" | "request" | "review", string>;
    incident: string;
    text: string;
    textHint: string;
  };
  continued: string;
}

export const slackTexts: Record<Locale, SlackTexts> = {
  ja: {
    buttons: {
      detect: "検知を報告",
      notAffected: "影響なし",
      declareAlert: "検知を宣言",
      mitigate: "対処を記録",
      request: "協調対処を依頼",
      ended: "終息を報告",
      review: "振り返り",
      ack: "受領",
      done: "完了",
      decline: "辞退",
    },
    modal: {
      submit: "登録",
      cancel: "キャンセル",
      titles: { notice: "予知（攻撃予告）", detect: "検知", mitigate: "対処", request: "協調対処依頼", review: "振り返り" },
      incident: "事案番号",
      text: "内容（自由記述）",
      textHint: "入力したとおりに保存されます。",
    },
    continued: "（続き）",
  },
  en: {
    buttons: {
      detect: "Report detection",
      notAffected: "Not affected",
      declareAlert: "Declare detection",
      mitigate: "Log mitigation",
      request: "Request coordination",
      ended: "Report ended",
      review: "Retrospective",
      ack: "Acknowledge",
      done: "Done",
      decline: "Decline",
    },
    modal: {
      submit: "Submit",
      cancel: "Cancel",
      titles: { notice: "Attack notice", detect: "Detection", mitigate: "Mitigation", request: "Coordination request", review: "Retrospective" },
      incident: "Incident number",
      text: "Details (free text)",
      textHint: "Stored as typed.",
    },
    continued: "(continued)",
  },
};
