// Texts of the console itself (its banner and its own switches), ja and en.
import type { Locale } from "../../config.ts";
import type { DatabaseOpenProblem } from "../../db/client.ts";

const JA_DATABASE_PROBLEMS: Record<DatabaseOpenProblem, string> = {
  cannot_create_directory: "保存先のディレクトリを作成できません",
  is_directory: "ファイルではなくディレクトリです",
  no_permission: "読み書きの権限がありません",
  migration_failed: "マイグレーションを適用できません",
  locked: "別のプロセスが使用中のため、マイグレーションを適用できません",
};

// Next step per problem. A lock needs the other process stopped, not another file.
const JA_DATABASE_ADVICE: Record<DatabaseOpenProblem, string> = {
  cannot_create_directory: "DATABASE_URL に書き込み可能な場所のファイルを指定してください（例: DATABASE_URL=file:./data/dos-bot.db）",
  is_directory: "DATABASE_URL にファイルのパスを指定してください（例: DATABASE_URL=file:./data/dos-bot.db）",
  no_permission: "DATABASE_URL に書き込み可能な場所のファイルを指定してください（例: DATABASE_URL=file:./data/dos-bot.db）",
  migration_failed: "ログの詳細を確認し、DATABASE_URL のファイルがこのボットのデータベースか確かめてください",
  locked: "同じファイルを使っている別のボットを止めてから起動するか、別のファイルを DATABASE_URL に指定してください",
};

const EN_DATABASE_PROBLEMS: Record<DatabaseOpenProblem, string> = {
  cannot_create_directory: "its directory cannot be created",
  is_directory: "it is a directory, not a file",
  no_permission: "no read and write permission",
  migration_failed: "the migrations cannot be applied",
  locked: "another process is using it, so the migrations cannot be applied",
};

const EN_DATABASE_ADVICE: Record<DatabaseOpenProblem, string> = {
  cannot_create_directory: "Set DATABASE_URL to a file in a writable place, for example DATABASE_URL=file:./data/dos-bot.db",
  is_directory: "Set DATABASE_URL to a file path, for example DATABASE_URL=file:./data/dos-bot.db",
  no_permission: "Set DATABASE_URL to a file in a writable place, for example DATABASE_URL=file:./data/dos-bot.db",
  migration_failed: "Check the detail and that the DATABASE_URL file is this bot's database",
  locked: "Stop the other bot that uses this file before starting, or set DATABASE_URL to another file",
};

interface ConsoleTexts {
  banner: (org: string, user: string) => string;
  invalidIdentity: (value: string) => string;
  usage: (problem: string) => string;
  databaseError: (file: string, problem: DatabaseOpenProblem, detail: string) => string;
}

export const consoleTexts: Record<Locale, ConsoleTexts> = {
  ja: {
    banner: (org, user) =>
      `dos-bot コンソール（${org}/${user} として操作）。/dos の後に続けるコマンドを入力してください。例: help、notice target=example.co.jp。終了は Ctrl+D。`,
    invalidIdentity: (value) => `--as の値「${value}」を読み取れません。組織ID/ユーザーID の形で指定してください。例: --as example-net/noc detect #1`,
    databaseError: (file, problem, detail) =>
      `データベース ${file} を開けません: ${JA_DATABASE_PROBLEMS[problem]}${detail ? `（${detail}）` : ""}。${JA_DATABASE_ADVICE[problem]}。`,
    usage: (problem) => `起動オプションが正しくありません（${problem}）。使えるオプションは --as 組織ID/ユーザーID だけです。例: npm start -- --as example-net/noc`,
  },
  en: {
    banner: (org, user) =>
      `dos-bot console (acting as ${org}/${user}). Type what follows /dos, for example: help, notice target=example.co.jp. Ctrl+D ends the session.`,
    invalidIdentity: (value) => `Cannot read the --as value "${value}". Use ORG/USER, for example: --as example-net/noc detect #1`,
    databaseError: (file, problem, detail) =>
      `Cannot open the database ${file}: ${EN_DATABASE_PROBLEMS[problem]}${detail ? ` (${detail})` : ""}. ${EN_DATABASE_ADVICE[problem]}.`,
    usage: (problem) => `Invalid command-line option (${problem}). The only option is --as ORG/USER, for example: npm start -- --as example-net/noc`,
  },
};
