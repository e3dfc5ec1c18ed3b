// Configuration problems from real zod issues of the members config schema,
// rendered in Japanese and English.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileConfigSchema } from "../../src/config.ts";
import { describeConfigProblem, formatConfigProblems } from "../../src/ops/config-messages.ts";
import { envProblem, fileProblem, formatKeyPath, issueToProblem, PROBLEM_CODES, readConfigJson, type ConfigProblem } from "../../src/ops/config-problems.ts";

const VALID = {
  organizations: [{ id: "isp-a", name: "ISP A" }],
  members: [{ org: "isp-a", user: "alice" }],
};

/** Parses `input` with the members config schema and returns the problem at `keyPath`. */
function problemAt(input: object, keyPath: string, overriddenBy: Record<string, string> = {}): ConfigProblem {
  const parsed = fileConfigSchema.safeParse(input);
  if (parsed.success) throw new Error("expected the input to be invalid");
  const problems = parsed.error.issues.map((issue) => issueToProblem(issue, input, overriddenBy));
  const problem = problems.find((candidate) => candidate.path === keyPath);
  if (!problem) throw new Error(`no problem at ${keyPath}; got ${problems.map((candidate) => candidate.path).join(", ")}`);
  return problem;
}

const directory = mkdtempSync(path.join(tmpdir(), "dos-bot-config-messages-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("config problem paths", () => {
  it("key path shows array indices", () => {
    expect(formatKeyPath(["members", 2, "org"])).toBe("members[2].org");
    expect(formatKeyPath(["organizations", 0, "slackTeamIds", 1])).toBe("organizations[0].slackTeamIds[1]");
    expect(formatKeyPath([])).toBe("");
  });

  it("environment override names variable", () => {
    const problem = problemAt({ ...VALID, locale: "fr" }, "BOT_LOCALE", { locale: "BOT_LOCALE" });
    expect(problem.source).toBe("env");
    expect(describeConfigProblem(problem, "ja")).toBe('環境変数 BOT_LOCALE: 次のどれかにしてください: ja, en（値: "fr"）');
    expect(describeConfigProblem(problem, "en")).toBe('environment variable BOT_LOCALE: must be one of ja, en, got "fr"');
  });
});

describe("config problem sentences", () => {
  it("invalid id names rule", () => {
    const problem = problemAt({ ...VALID, organizations: [{ id: "ISP A", name: "ISP A" }], members: [] }, "organizations[0].id");
    expect(problem.params.rule).toBe("id");
    expect(describeConfigProblem(problem, "ja")).toBe(
      'organizations[0].id: 英小文字か数字で始まり、英小文字・数字・「-」・「_」からなる 63 文字以内の ID で指定してください（値: "ISP A"）',
    );
    expect(describeConfigProblem(problem, "en")).toBe(
      "organizations[0].id: must be an id of lower-case letters, digits, '-' or '_' that starts with a letter or digit, at most 63 characters, got \"ISP A\"",
    );
  });

  it("Slack ids name examples", () => {
    const input = { ...VALID, slack: { channel: "general" }, members: [{ org: "isp-a", user: "alice", slackUserId: "alice" }] };
    expect(describeConfigProblem(problemAt(input, "slack.channel"), "ja")).toBe('slack.channel: Slack のチャンネル ID（例: C0123ABCD）で指定してください（値: "general"）');
    expect(describeConfigProblem(problemAt(input, "members[0].slackUserId"), "en")).toBe('members[0].slackUserId: must be a Slack user id such as U0123ABCD, got "alice"');
  });

  it("canary host:port names example", () => {
    const problem = problemAt({ ...VALID, probe: { correlation: { canaries: { tcp: ["resolver"] } } } }, "probe.correlation.canaries.tcp[0]");
    expect(describeConfigProblem(problem, "ja")).toBe(
      'probe.correlation.canaries.tcp[0]: ホスト名かアドレスとポート番号（例: 192.0.2.53:53、[2001:db8::53]:53）で指定してください（値: "resolver"）',
    );
    expect(describeConfigProblem(problem, "en")).toBe(
      'probe.correlation.canaries.tcp[0]: must be a host or address with a port, such as 192.0.2.53:53 or [2001:db8::53]:53, got "resolver"',
    );
  });

  it("blocked canary names range", () => {
    const input = { ...VALID, probe: { correlation: { canaries: { urls: ["http://127.70.1.1:8080/"] } } } };
    const problem = problemAt(input, "probe.correlation.canaries.urls[0]");
    expect(describeConfigProblem(problem, "en")).toBe(
      "probe.correlation.canaries.urls[0]: canary address 127.70.1.1 is in the blocked range 127.0.0.0/8; add it to allowedCidrs or remove the canary",
    );
    expect(describeConfigProblem(problem, "ja")).toContain("観測できない範囲 (127.0.0.0/8)");
  });

  it("allowed canary passes", () => {
    const input = { ...VALID, probe: { allowedCidrs: ["127.70.0.0/16"], correlation: { canaries: { urls: ["http://127.70.1.1:8080/"], tcp: ["127.70.1.2:53"] } } } };
    expect(fileConfigSchema.safeParse(input).success).toBe(true);
  });

  it("probe interval in Japanese", () => {
    const problem = problemAt({ ...VALID, probe: { intervalSeconds: 7 } }, "probe.intervalSeconds");
    expect(describeConfigProblem(problem, "ja")).toBe("probe.intervalSeconds: 60 を割り切る秒数、60 を割り切る分数、または 24 を割り切る時間数（秒で指定）にしてください（値: 7）");
  });

  it("misspelled keys are rejected", () => {
    const input = { ...VALID, consle: {}, probe: { enable: true, correlation: { resolveAfterMinute: 1 } } };
    expect(describeConfigProblem(problemAt(input, "probe"), "en")).toBe("probe: has unknown keys: enable");
    expect(describeConfigProblem(problemAt(input, "probe.correlation"), "ja")).toBe("probe.correlation: 知らないキーがあります: resolveAfterMinute");
    expect(describeConfigProblem(problemAt(input, ""), "en")).toContain("consle");
  });

  it("missing key is required", () => {
    const problem = problemAt({ members: [] }, "organizations");
    expect(describeConfigProblem(problem, "ja")).toBe("organizations: 必須です。配列（[...]）で指定してください");
    expect(describeConfigProblem(problem, "en")).toBe("organizations: is required: set it to an array ([...])");
  });

  it("wrong type names received type", () => {
    const problem = problemAt({ ...VALID, members: [{ org: "isp-a", user: "alice", admin: "yes" }] }, "members[0].admin");
    expect(describeConfigProblem(problem, "ja")).toBe("members[0].admin: true か false で指定してください（指定されたのは文字列）");
    expect(describeConfigProblem(problem, "en")).toBe("members[0].admin: must be true or false, got a string");
  });

  it("enum lists allowed values", () => {
    const problem = problemAt({ ...VALID, defaultTlp: "PURPLE" }, "defaultTlp");
    expect(describeConfigProblem(problem, "ja")).toBe('defaultTlp: 次のどれかにしてください: CLEAR, GREEN, AMBER, AMBER+STRICT, RED（値: "PURPLE"）');
  });

  it("empty string and array", () => {
    const input = { organizations: [], members: [{ org: "isp-a", user: "" }] };
    expect(describeConfigProblem(problemAt(input, "organizations"), "ja")).toBe("organizations: 1 件以上必要です");
    expect(describeConfigProblem(problemAt(input, "organizations"), "en")).toBe("organizations: must contain at least 1 entry");
    expect(describeConfigProblem(problemAt(input, "members[0].user"), "ja")).toBe("members[0].user: 空にはできません");
    expect(describeConfigProblem(problemAt(input, "members[0].user"), "en")).toBe("members[0].user: must not be empty");
  });

  it("string too long shows maximum", () => {
    const problem = problemAt({ ...VALID, members: [{ org: "isp-a", user: "u".repeat(129) }] }, "members[0].user");
    expect(describeConfigProblem(problem, "ja")).toMatch(/^members\[0\]\.user: 128 文字以下にしてください（値: "u+…"）$/);
    expect(describeConfigProblem(problem, "en")).toMatch(/^members\[0\]\.user: must be at most 128 characters long, got "u+…"$/);
  });

  it("custom rules in both languages", () => {
    const duplicate = fileProblem("organizations[1].id", "custom", { rule: "duplicate_organization", value: "isp-a" });
    const unknown = fileProblem("members[0].org", "custom", { rule: "unknown_organization", value: "isp-z" });
    const zone = envProblem("BOT_TIMEZONE", "custom", { rule: "time_zone", value: "Mars/Olympus" });
    expect(describeConfigProblem(duplicate, "ja")).toBe("organizations[1].id: 組織 ID「isp-a」が重複しています");
    expect(describeConfigProblem(unknown, "en")).toBe('members[0].org: organization "isp-z" is not listed in organizations');
    expect(describeConfigProblem(zone, "ja")).toBe('環境変数 BOT_TIMEZONE: IANA のタイムゾーン名（例: Asia/Tokyo）で指定してください（値: "Mars/Olympus"）');
  });

  it("custom without rule keeps message", () => {
    const problem = fileProblem("probe.retention.cron", "custom", { message: "expected a node-cron expression such as 0 30 18 * * *" });
    expect(describeConfigProblem(problem, "ja")).toBe("probe.retention.cron: 値が正しくありません（expected a node-cron expression such as 0 30 18 * * *）");
    expect(describeConfigProblem(problem, "en")).toBe("probe.retention.cron: is invalid: expected a node-cron expression such as 0 30 18 * * *");
  });

  it("secret variable value is hidden", () => {
    const problem = envProblem("SLACK_APP_TOKEN", "token_prefix", { prefix: "xapp-", value: "xoxb-secret-value" });
    expect(describeConfigProblem(problem, "en")).toBe("environment variable SLACK_APP_TOKEN: must be an app-level token starting with xapp-");
    expect(describeConfigProblem(problem, "ja")).not.toContain("xoxb-secret-value");
  });

  it("every problem code has sentences", () => {
    const params = { file: "/etc/dos-bot/x.json", variable: "SLACK_BOT_TOKEN", section: "slack", example: "e", prefix: "xapp-", variables: ["A", "B"], minimum: 1, value: "v", reason: "r" };
    for (const code of PROBLEM_CODES) {
      for (const locale of ["ja", "en"] as const) {
        const text = describeConfigProblem(envProblem("SOME_VARIABLE", code, params), locale);
        expect(text, `${code} in ${locale}`).not.toMatch(/値が正しくありません|is invalid/);
      }
    }
  });
});

describe("config problem list", () => {
  it("header counts problems", () => {
    const problems = [envProblem("PORT", "invalid_port", { value: "http" }), fileProblem("members", "invalid_type", { expected: "array", received: "object" })];
    expect(formatConfigProblems(problems, "ja", "/etc/dos-bot/dos-bot.json").split("\n")).toEqual([
      "設定に問題が 2 件あります（設定ファイル: /etc/dos-bot/dos-bot.json）:",
      '  - 環境変数 PORT: 0 から 65535 までの TCP ポート番号にしてください（値: "http"）',
      "  - members: 配列（[...]）で指定してください（指定されたのはオブジェクト（{...}））",
      "すべて直すまでボットは起動しません。直したら npm run config:check で確かめられます。",
    ]);
    expect(formatConfigProblems(problems, "en").split("\n")[0]).toBe("The configuration has 2 problems:");
  });
});

describe("config file reading", () => {
  it("invalid JSON gives line and column", () => {
    const file = path.join(directory, "broken.json");
    writeFileSync(file, '{\n  "organizations": [],\n  "members": []\n  "locale": "ja"\n}\n');
    const result = readConfigJson(file);
    if (result.ok) throw new Error("expected a problem");
    expect(result.problem.code).toBe("invalid_json");
    expect(result.problem.params.line).toBe(4);
    expect(result.problem.params.column).toBe(3);
    expect(describeConfigProblem(result.problem, "ja")).toMatch(/^設定ファイル .*broken\.json は JSON として正しくありません（4 行 3 列: /);
  });

  it("invalid JSON stays on one line", () => {
    const file = path.join(directory, "comma.json");
    writeFileSync(file, '{\n  "organizations": [],\n  "members": [,]\n}\n');
    const result = readConfigJson(file);
    if (result.ok) throw new Error("expected a problem");
    expect(describeConfigProblem(result.problem, "en")).not.toContain("\n");
    expect(describeConfigProblem(result.problem, "en")).toMatch(/^config file .*comma\.json is not valid JSON \(Unexpected token/);
  });

  it("array root is wrong type", () => {
    const file = path.join(directory, "array.json");
    writeFileSync(file, "[]");
    const result = readConfigJson(file);
    if (result.ok) throw new Error("expected a problem");
    expect(describeConfigProblem(result.problem, "en")).toBe("config file: must be an object ({...}), got an array ([...])");
  });

  it("missing file names variable", () => {
    const result = readConfigJson(path.join(directory, "absent.json"));
    if (result.ok) throw new Error("expected a problem");
    expect(result.problem.params.errno).toBe("ENOENT");
    expect(describeConfigProblem(result.problem, "en")).toMatch(/^config file .*absent\.json does not exist: check the path in DOS_BOT_CONFIG$/);
  });
});
