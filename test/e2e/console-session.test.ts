// Starts the real `npm start` process on a fresh database, pipes a scripted
// session through the console, and checks the replies and the stored rows.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBot(script: string, env: Record<string, string>, args: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["start", "--silent", "--", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(script);
  });
}

const SESSION = [
  "# scripted session: the four phases of one campaign",
  'notice target=example.co.jp,198.51.100.0/24 attacker="Anon JP" source=sns when="2026/12/24 21:00〜23:00" credibility=medium 年末に攻撃予告あり',
  "--as example-net/noc detect #1 vector=udp-flood,dns-amp bps=12G pps=3M 当社顧客で観測",
  "--as sample-carrier/soc ｄｅｔｅｃｔ　＃１　observed=no",
  "--as example-net/noc mitigate #1 action=rtbh prefix=198.51.100.10/32 effect=effective",
  "--as example-net/noc request #1 to=demo-isp urgent=yes 送信元が貴社網内です。上流でのフィルタをお願いします",
  "ack R1",
  "done R1 FlowSpec を投入しました",
  "--as example-net/noc detect #1 status=ended",
  "review #1 attacker=\"Anon JP\" damage=no lessons=\"連絡先を事前に共有\"",
  "status #1",
  "list state=all",
  "mitigate #1 action=teleport",
].join("\n");

describe("console session end to end", () => {
  let directory: string;
  let databasePath: string;
  let run: Run;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), "dos-bot-e2e-"));
    databasePath = path.join(directory, "e2e.db");
    run = await runBot(SESSION + "\n", { DATABASE_URL: `file:${databasePath}`, BOT_LOCALE: "ja", BOT_TIMEZONE: "Asia/Tokyo" });
  }, 120_000);

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it("exits with status 0", () => {
    expect(run.stderr).not.toMatch(/"level":50/);
    expect(run.code).toBe(0);
  });

  it("replies in Japanese with next steps", () => {
    expect(run.stdout).toContain("[TLP:AMBER] 事案 #1 を作成しました。 予知 N1 を事案 #1 に登録しました。");
    expect(run.stdout).toContain("攻撃を検知したら: /dos detect #1");
    expect(run.stdout).toContain("事案 #1 に example-net の検知を登録しました。");
    expect(run.stdout).toContain("事案の状態: 対処中");
    expect(run.stdout).toContain("協調対処依頼 R1 を demo-isp に送りました。");
    expect(run.stdout).toContain("依頼 R1 を完了にしました。");
    expect(run.stdout).toContain("振り返りを開始: /dos review #1");
    expect(run.stdout).toContain("事案 #1 の振り返りを開始しました。");
  });

  it("shows the whole incident in status", () => {
    expect(run.stdout).toContain("影響あり: example-net");
    expect(run.stdout).toContain("影響なし: sample-carrier");
    expect(run.stdout).toContain("未回答: demo-isp");
    expect(run.stdout).toContain("ピーク: 12 Gbps / 3 Mpps");
    expect(run.stdout).toContain("予告日時: 2026-12-24 21:00 +09:00 – 2026-12-24 23:00 +09:00");
  });

  it("rejects a bad value with an example", () => {
    const lastReply = run.stdout.slice(run.stdout.lastIndexOf("mitigate #1 action=teleport"));
    expect(lastReply).toContain("action");
    expect(lastReply).toContain("teleport");
    expect(lastReply).toContain("rtbh");
  });

  it("stores every record once", () => {
    const db = new Database(databasePath, { readonly: true });
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;

    expect(count("Incident")).toBe(1);
    expect(count("Notice")).toBe(1);
    expect(count("Detection")).toBe(3);
    expect(count("Mitigation")).toBe(1);
    expect(count("CoordinationRequest")).toBe(1);
    expect(count("Retrospective")).toBe(1);
    const incident = db.prepare('SELECT state, tlp FROM "Incident" WHERE id = 1').get();
    expect(incident).toEqual({ state: "under_review", tlp: "AMBER" });
    const request = db.prepare('SELECT state, toOrg, fromOrg FROM "CoordinationRequest"').get();
    expect(request).toEqual({ state: "done", toOrg: "demo-isp", fromOrg: "example-net" });
    const notice = db.prepare('SELECT text, attacker FROM "Notice"').get();
    expect(notice).toEqual({ text: "年末に攻撃予告あり", attacker: "Anon JP" });
    db.close();
  });
});
