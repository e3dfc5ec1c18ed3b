// Texts of the console itself (its banner and its own switches), ja and en.
import type { Locale } from "../../config.ts";

interface ConsoleTexts {
  banner: (org: string, user: string) => string;
  invalidIdentity: (value: string) => string;
  usage: (problem: string) => string;
}

export const consoleTexts: Record<Locale, ConsoleTexts> = {
  ja: {
    banner: (org, user) =>
      `dos-bot コンソール（${org}/${user} として操作）。/dos の後に続けるコマンドを入力してください。例: help、notice target=example.co.jp。終了は Ctrl+D。`,
    invalidIdentity: (value) => `--as の値「${value}」を読み取れません。組織ID/ユーザーID の形で指定してください。例: --as example-net/noc detect #1`,
    usage: (problem) => `起動オプションが正しくありません（${problem}）。使えるオプションは --as 組織ID/ユーザーID だけです。例: npm start -- --as example-net/noc`,
  },
  en: {
    banner: (org, user) =>
      `dos-bot console (acting as ${org}/${user}). Type what follows /dos, for example: help, notice target=example.co.jp. Ctrl+D ends the session.`,
    invalidIdentity: (value) => `Cannot read the --as value "${value}". Use ORG/USER, for example: --as example-net/noc detect #1`,
    usage: (problem) => `Invalid command-line option (${problem}). The only option is --as ORG/USER, for example: npm start -- --as example-net/noc`,
  },
};
