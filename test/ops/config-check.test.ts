// `scripts/config-check.ts` as a child process: every problem of an invalid
// config file and environment in one run, in Japanese by default and in
// English on request, and a summary for a valid configuration.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const directory = mkdtempSync(path.join(tmpdir(), "dos-bot-config-check-"));
const SECRET_TOKEN = "xoxb-9999-8888-secretvalue";

afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeConfig(name: string, content: unknown): string {
  const file = path.join(directory, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

interface CheckRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the check with only the given variables, so the test machine's environment cannot leak in. */
function runCheck(env: Record<string, string>, args: string[] = []): CheckRun {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/config-check.ts", ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const VALID_CONFIG = {
  organizations: [
    { id: "isp-a", name: "ISP A", slackTeamIds: ["T0123ABCD"] },
    { id: "isp-b", name: "ISP B" },
  ],
  members: [
    { org: "isp-a", user: "alice", slackUserId: "U0123ABCD" },
    { org: "isp-b", user: "bob" },
    { org: "isp-b", user: "carol", admin: true },
  ],
  slack: { channel: "C0123ABCD" },
};

const INVALID_CONFIG = {
  defaultTlp: "PURPLE",
  slack: { channel: "general" },
  organizations: [
    { id: "ISP A", name: "" },
    { id: "isp-b", name: "ISP B", slackTeamIds: ["X1"] },
    { id: "isp-b", name: "ISP B again" },
  ],
  members: [
    { org: "isp-z", user: "alice", slackUserId: "alice" },
    { org: "isp-b", user: "bob", admin: "yes" },
  ],
};

// Each environment variable below breaks one rule; together with the file they give PROBLEM_PATHS.
const INVALID_ENV = {
  BOT_TIMEZONE: "Mars/Olympus",
  SLACK_BOT_TOKEN: SECRET_TOKEN,
  SLACK_APP_TOKEN: "not-an-app-token",
  PORT: "70000",
  MATRIX_HOMESERVER_URL: "https://matrix.example.org",
  DATABASE_URL: "postgres://db.example.org/dosbot",
  OPS_PORT: "http",
  LOG_LEVEL: "verbose",
};

const PROBLEM_PATHS = [
  "defaultTlp",
  "slack.channel",
  "organizations[0].id",
  "organizations[0].name",
  "organizations[1].slackTeamIds[0]",
  "organizations[2].id",
  "members[0].org",
  "members[0].slackUserId",
  "members[1].admin",
  "BOT_TIMEZONE",
  "SLACK_APP_TOKEN",
  "PORT",
  "MATRIX_ACCESS_TOKEN",
  "DATABASE_URL",
  "OPS_PORT",
  "LOG_LEVEL",
];

describe("config check", () => {
  it("config errors carry structured problems", () => {
    const file = writeConfig("structured.json", { organizations: [] });
    let error: unknown;
    try {
      loadConfig({ DOS_BOT_CONFIG: file });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const first = (error as ConfigError).problems[0] as unknown;
    // Fails while src/config.ts still builds ConfigError from English strings.
    expect(typeof first, "ConfigError.problems must hold { source, path, code, params } objects").toBe("object");
  });

  it("reports every problem in Japanese", () => {
    const file = writeConfig("invalid.json", INVALID_CONFIG);
    const run = runCheck({ DOS_BOT_CONFIG: file, ...INVALID_ENV });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(`設定に問題が ${PROBLEM_PATHS.length} 件あります（設定ファイル: ${file}）:`);
    for (const keyPath of PROBLEM_PATHS) {
      expect(lines.some((line) => line.startsWith(`  - ${keyPath}: `) || line.startsWith(`  - 環境変数 ${keyPath}: `)), keyPath).toBe(true);
    }
    expect(run.stderr).toContain('  - defaultTlp: 次のどれかにしてください: CLEAR, GREEN, AMBER, AMBER+STRICT, RED（値: "PURPLE"）');
    expect(run.stderr).toContain("  - organizations[2].id: 組織 ID「isp-b」が重複しています");
    expect(run.stderr).toContain("  - members[0].org: 組織「isp-z」は organizations にありません");
    expect(run.stderr).toContain("  - 環境変数 MATRIX_ACCESS_TOKEN: MATRIX_HOMESERVER_URL と MATRIX_ACCESS_TOKEN は両方とも設定してください");
    expect(lines.at(-1)).toBe("すべて直すまでボットは起動しません。直したら npm run config:check で確かめられます。");
    expect(run.stderr).not.toContain(SECRET_TOKEN);
  });

  it("BOT_LOCALE en gives English", () => {
    const file = writeConfig("invalid-en.json", INVALID_CONFIG);
    const run = runCheck({ DOS_BOT_CONFIG: file, ...INVALID_ENV, BOT_LOCALE: "en" });
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(`The configuration has ${PROBLEM_PATHS.length} problems (config file: ${file}):`);
    expect(run.stderr).toContain('  - defaultTlp: must be one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED, got "PURPLE"');
    expect(run.stderr).toContain("  - environment variable SLACK_APP_TOKEN: must be an app-level token starting with xapp-");
    expect(run.stderr).toContain('  - environment variable PORT: must be a TCP port number from 0 to 65535, got "70000"');
    expect(run.stderr).not.toMatch(/[ぁ-んァ-ン]/);
  });

  it("locale option gives English", () => {
    const file = writeConfig("invalid-option.json", INVALID_CONFIG);
    const run = runCheck({ DOS_BOT_CONFIG: file, ...INVALID_ENV }, ["--locale", "en"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("  - members[1].admin: must be true or false, got a string");
  });

  it("broken JSON reported with environment", () => {
    const file = writeConfig("broken.json", '{\n  "organizations": []\n  "members": []\n}\n');
    const run = runCheck({ DOS_BOT_CONFIG: file, SLACK_BOT_TOKEN: SECRET_TOKEN });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`  - 設定ファイル ${file} は JSON として正しくありません（3 行 3 列: `);
    expect(run.stderr).toContain("  - 環境変数 SLACK_BOT_TOKEN が設定されていますが、SLACK_SIGNING_SECRET（HTTP モード）も SLACK_APP_TOKEN（Socket Mode）もありません。");
    expect(run.stderr.split("\n")[0]).toBe(`設定に問題が 2 件あります（設定ファイル: ${file}）:`);
  });

  it("missing file and section reported", () => {
    const absent = path.join(directory, "absent.json");
    const run = runCheck({ DOS_BOT_CONFIG: absent, BOT_LOCALE: "en" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`  - config file ${absent} does not exist: check the path in DOS_BOT_CONFIG`);

    const file = writeConfig("no-slack.json", { organizations: VALID_CONFIG.organizations, members: [] });
    const noSection = runCheck({ DOS_BOT_CONFIG: file, BOT_LOCALE: "en", SLACK_BOT_TOKEN: SECRET_TOKEN, SLACK_SIGNING_SECRET: "signing-secret-value" });
    expect(noSection.status).toBe(1);
    expect(noSection.stderr).toContain('  - environment variable SLACK_BOT_TOKEN is set, but the config file has no "slack" section, e.g. "slack": { "channel": "C0123ABCD" }');
  });

  it("valid config exits 0 with summary", () => {
    const file = writeConfig("valid.json", VALID_CONFIG);
    const run = runCheck({ DOS_BOT_CONFIG: file, SLACK_BOT_TOKEN: SECRET_TOKEN, SLACK_SIGNING_SECRET: "signing-secret-value", PORT: "3100" });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n")).toEqual([
      "設定に問題はありません。",
      `  設定ファイル: ${file}`,
      "  組織: 2 (isp-a, isp-b)",
      "  メンバー: 3",
      "  プラットフォーム: Slack（HTTP モード、ポート 3100）",
      "  運用エンドポイント（/healthz /readyz /metrics）: Slack の HTTP ポート 3100",
      "",
    ]);
  });

  it("valid console config in English", () => {
    const file = writeConfig("console.json", { ...VALID_CONFIG, slack: undefined, locale: "en" });
    const run = runCheck({ DOS_BOT_CONFIG: file, OPS_PORT: "9500" });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("The configuration is valid.\n");
    expect(run.stdout).toContain("  Platforms: console\n");
    expect(run.stdout).toContain("  Operations endpoints (/healthz /readyz /metrics): http://127.0.0.1:9500\n");
  });

  it("unknown locale option exits 2", () => {
    const file = writeConfig("valid-usage.json", VALID_CONFIG);
    const run = runCheck({ DOS_BOT_CONFIG: file }, ["--locale", "fr"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("--locale には ja か en を指定してください（指定された値: fr）\n");
  });
});
