// Texts of the console itself (its banner and its own switches), ja and en.
import type { Locale } from "../../config.ts";

interface ConsoleTexts {
  banner: (org: string, user: string) => string;
  invalidIdentity: (value: string) => string;
}

export const consoleTexts: Record<Locale, ConsoleTexts> = {
  ja: {
    banner: (org, user) =>
      `dos-bot コンソール（${org}/${user} として操作）。/dos の後に続けるコマンドを入力してください。例: help、notice target=example.co.jp。終了は Ctrl+D。`,
    invalidIdentity: (value) => `--as の値「${value}」を読み取れません。組織ID/ユーザーID の形で指定してください。例: --as example-net/noc detect #1`,
  },
  en: {
    banner: (org, user) =>
      `dos-bot console (acting as ${org}/${user}). Type what follows /dos, for example: help, notice target=example.co.jp. Ctrl+D ends the session.`,
    invalidIdentity: (value) => `Cannot read the --as value "${value}". Use ORG/USER, for example: --as example-net/noc detect #1`,
  },
};
