// Texts that only the Matrix front end shows: the introduction posted when
// the bot joins a room, the notice for encrypted rooms and markers for long
// content. The shared reply texts live in src/bot/messages/catalog.
import type { Locale } from "../../config.ts";

export interface MatrixTexts {
  /** Appended to the title of the second and later events of a long reply. */
  continued: string;
  /** Ends a root edit that was cut to fit one event. `command` shows the whole incident. */
  truncated: (command: string) => string;
  welcomeTitle: string;
  welcomeLines: (prefix: string) => string[];
  encryptedTitle: string;
  encryptedLines: string[];
}

export const matrixTexts: Record<Locale, MatrixTexts> = {
  ja: {
    continued: "（続き）",
    truncated: (command) => `（長いため省略しました。全体は ${command} で確認できます）`,
    welcomeTitle: "DDoS 対応ボット（dos-bot）です。",
    welcomeLines: (prefix) => [
      `「${prefix} サブコマンド」と書くと、DDoS 事案の予知・検知・協調対処・振り返りを記録・照会できます。使い方: ${prefix} help`,
      "事案ごとにこのルームへ概要のメッセージを投稿し、経過はそのスレッドに書き込みます。",
      "事案のスレッドの中では、コマンドの事案番号（#N）を省略できます。",
      "記録には TLP ラベルが付きます。このルームの表示上限を超える記録は、内容を表示しません。",
    ],
    encryptedTitle: "このルームはエンドツーエンド暗号化されているため、ボットはメッセージを読めません。",
    encryptedLines: [
      "このボットは暗号化に対応していないため、このルームで送られたコマンドは実行されません。",
      "ISAC の事案ルームには暗号化していないルームを使い、ボットをそのルームに招待してください（一度有効にした暗号化は解除できません）。",
    ],
  },
  en: {
    continued: "(continued)",
    truncated: (command) => `(Shortened because it is long. See the whole incident with ${command})`,
    welcomeTitle: "This is the DDoS response bot (dos-bot).",
    welcomeLines: (prefix) => [
      `Write "${prefix} <subcommand>" to record or look up attack notices, detections, coordinated response and retrospectives of DDoS incidents. Usage: ${prefix} help`,
      "Each incident gets a summary message in this room, and its progress is posted in that message's thread.",
      "Inside an incident's thread, commands may leave out the incident number (#N).",
      "Records carry a TLP label. Records above this room's TLP clearance are posted without their content.",
    ],
    encryptedTitle: "This room is end-to-end encrypted, so the bot cannot read its messages.",
    encryptedLines: [
      "The bot does not support encryption, so commands sent in this room are not run.",
      "Use an unencrypted room as the ISAC incident room and invite the bot there (encryption cannot be turned off once enabled).",
    ],
  },
};
