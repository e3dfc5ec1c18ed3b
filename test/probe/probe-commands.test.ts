import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, test } from "vitest";

import type { ProbeCommand } from "../../src/bot/commands/types.ts";
import type { Actor } from "../../src/phases/actor.ts";
import { executeProbeCommand, type ProbeCommandDeps } from "../../src/probe/commands.ts";
import { createResultWriter } from "../../src/probe/storage/result-writer.ts";
import type { TestDatabase } from "../support/database.ts";
import { addTargets, openProbeDatabase, recordsFor, testConfig } from "./support/storage.ts";

const member: Actor = { org: "isp-a", user: "alice", platform: "console", admin: false, registered: true };
const admin: Actor = { ...member, user: "root", admin: true };
const NOW = new Date(Date.UTC(2026, 11, 1, 3, 10));

let database: TestDatabase;
let importDirectory: string;
let deps: ProbeCommandDeps;

beforeEach(async () => {
  database = await openProbeDatabase();
  importDirectory = mkdtempSync(path.join(tmpdir(), "probe-import-"));
  deps = { db: database.db, config: testConfig({ importDirectory }), timeZone: "Asia/Tokyo", now: () => NOW };
});

afterEach(async () => {
  await database.close();
  rmSync(importDirectory, { recursive: true, force: true });
});

function run(command: ProbeCommand, locale: "ja" | "en" = "ja", actor: Actor = member) {
  return executeProbeCommand(deps, command, actor, locale);
}

const ADD: ProbeCommand = {
  name: "probe",
  action: "add",
  operator: "例示銀行",
  sector: "finance",
  url: "https://www.bank.example/",
  expectedStatus: "200",
};

describe("probe add", () => {
  test("adds target in Japanese", async () => {
    const reply = await run(ADD);

    expect(reply.isError).toBe(false);
    expect(reply.title).toBe("観測対象 #1 を追加しました");
    expect(reply.lines).toEqual(["URL: https://www.bank.example/", "事業者: 例示銀行 (金融)", "期待ステータス: 200"]);
    expect(reply.next).toEqual(["観測状況を見る: /dos probe status https://www.bank.example/"]);
  });

  test("adds target in English", async () => {
    const reply = await run({ ...ADD, keyword: "Online banking" }, "en");

    expect(reply.title).toBe("Added probe target #1");
    expect(reply.lines).toEqual([
      "URL: https://www.bank.example/",
      "Operator: 例示銀行 (Finance)",
      "Expected status: 200",
      "Keyword: Online banking",
    ]);
  });

  test("second add reports update", async () => {
    await run(ADD);

    expect((await run({ ...ADD, keyword: "ログイン" })).title).toBe("観測対象 #1 を更新しました");
    expect((await run({ ...ADD, keyword: "ログイン" }, "en")).title).toBe("Probe target #1 already exists unchanged");
  });

  test.each([
    [{ sector: "宇宙" }, "分野「宇宙」はありません。使える分野: 情報通信、金融、航空、空港、鉄道、電力、ガス、政府・行政サービス、医療、水道、物流、化学、クレジット、石油", 'Unknown sector "宇宙". Sectors: 情報通信, 金融, 航空, 空港, 鉄道, 電力, ガス, 政府・行政サービス, 医療, 水道, 物流, 化学, クレジット, 石油 (English names and aliases work too)'],
    [
      { url: "http://169.254.169.254/latest/" },
      "アドレス 169.254.169.254 は観測できない範囲 (cloud-metadata) です。設定の allowedCidrs で許可されたものだけ観測できます",
      "Address 169.254.169.254 is in a range that is not probed (cloud-metadata). Only ranges in the allowedCidrs setting may be probed",
    ],
    [
      { url: "http://localhost:8080/" },
      "アドレス localhost は観測できない範囲 (loopback) です。設定の allowedCidrs で許可されたものだけ観測できます",
      "Address localhost is in a range that is not probed (loopback). Only ranges in the allowedCidrs setting may be probed",
    ],
    [{ group: "slow" }, "グループ「slow」は設定にありません。使えるグループ: default", 'Unknown group "slow". Configured groups: default'],
  ])("rejects %j", async (change, ja, en) => {
    const japanese = await run({ ...ADD, ...change } as ProbeCommand);
    const english = await run({ ...ADD, ...change } as ProbeCommand, "en");

    expect(japanese).toMatchObject({ isError: true, title: "観測対象を追加できませんでした", lines: [ja] });
    expect(english).toMatchObject({ isError: true, title: "Probe target not added", lines: [en] });
    expect(await database.db.probeTarget.count()).toBe(0);
  });

  test("operator bound to its sector", async () => {
    await run(ADD);

    const reply = await run({ ...ADD, sector: "電力", url: "https://power.example/" }, "en");

    expect(reply.lines).toEqual(['Operator "例示銀行" is already stored in sector "金融"']);
  });
});

describe("probe remove and list", () => {
  beforeEach(async () => {
    await addTargets(database.db, [
      { operator: "例示銀行", sector: "金融", url: "https://www.bank.example/" },
      { operator: "例示電力", sector: "電力", url: "https://www.power.example/" },
    ]);
  });

  test("remove by id keeps history", async () => {
    const reply = await run({ name: "probe", action: "remove", entry: "1" });

    expect(reply.title).toBe("観測対象 #1 (https://www.bank.example/) を削除しました");
    const stored = await database.db.probeTarget.findUniqueOrThrow({ where: { id: 1 } });
    expect(stored.removedAt).toEqual(NOW);
    expect(stored.enabled).toBe(false);
  });

  test("remove by URL, then again", async () => {
    await run({ name: "probe", action: "remove", entry: "https://www.power.example" });

    const again = await run({ name: "probe", action: "remove", entry: "https://www.power.example/" }, "en");

    expect(again).toMatchObject({ isError: true, title: "Probe target #2 (https://www.power.example/) was already removed" });
  });

  test("remove unknown entry", async () => {
    const reply = await run({ name: "probe", action: "remove", entry: "99" }, "en");

    expect(reply).toMatchObject({ isError: true, title: 'Probe target "99" not found. /dos probe list shows ids and URLs' });
  });

  test("list filters by sector", async () => {
    const reply = await run({ name: "probe", action: "list", filter: "電力" });

    expect(reply.title).toBe("分野「電力」の観測対象 1 件");
    expect(reply.lines).toEqual(["#2 https://www.power.example/ — 例示電力 (電力) [不明]"]);
    expect(reply.tlp).toBe("AMBER");
  });

  test("list all in English", async () => {
    const reply = await run({ name: "probe", action: "list" }, "en");

    expect(reply.title).toBe("2 probe targets");
    expect(reply.lines).toEqual([
      "#1 https://www.bank.example/ — 例示銀行 (Finance) [unknown]",
      "#2 https://www.power.example/ — 例示電力 (Electric power) [unknown]",
    ]);
  });

  test("export replies CSV lines", async () => {
    const reply = await run({ name: "probe", action: "export" }, "en");

    expect(reply.title).toBe("Exported 2 probe targets as CSV");
    expect(reply.lines).toEqual([
      "operator,sector,url,expected_status,keyword,notes,group",
      "例示銀行,金融,https://www.bank.example/,,,,default",
      "例示電力,電力,https://www.power.example/,,,,default",
    ]);
  });
});

describe("probe import", () => {
  test("administrators only", async () => {
    writeFileSync(path.join(importDirectory, "targets.csv"), "operator,sector,url\nA,金融,https://a.example/\n");

    const reply = await run({ name: "probe", action: "import", path: "targets.csv" }, "en", member);

    expect(reply).toMatchObject({ isError: true, title: "Only administrators can import CSV files" });
    expect(await database.db.probeTarget.count()).toBe(0);
  });

  test("reports rows in Japanese", async () => {
    writeFileSync(
      path.join(importDirectory, "targets.csv"),
      "\uFEFFoperator,sector,url\r\nA,金融,https://a.example/\r\nB,宇宙,https://b.example/\r\nC,金融,notaurl\r\n",
    );

    const reply = await run({ name: "probe", action: "import", path: "targets.csv" }, "ja", admin);

    expect(reply.title).toBe("CSV を取り込みました: 追加 1 件、更新 0 件、再開 0 件、変更なし 0 件、不備 2 件");
    expect(reply.lines).toEqual([
      "3 行目: 分野「宇宙」はありません。使える分野: 情報通信、金融、航空、空港、鉄道、電力、ガス、政府・行政サービス、医療、水道、物流、化学、クレジット、石油",
      '4 行目: URL "notaurl" を読み取れません。認証情報を含まない http:// か https:// の URL を指定してください',
    ]);
  });

  test("path outside folder rejected", async () => {
    const outside = mkdtempSync(path.join(tmpdir(), "probe-outside-"));
    try {
      writeFileSync(path.join(outside, "x.csv"), "operator,sector,url\n");
      symlinkSync(path.join(outside, "x.csv"), path.join(importDirectory, "link.csv"));

      const parent = await run({ name: "probe", action: "import", path: "../x.csv" }, "en", admin);
      const link = await run({ name: "probe", action: "import", path: "link.csv" }, "en", admin);

      expect(parent).toMatchObject({ isError: true, title: `Path ../x.csv is outside the import folder ${importDirectory}` });
      expect(link).toMatchObject({ isError: true, title: `Path link.csv is outside the import folder ${importDirectory}` });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test("Shift_JIS file rejected", async () => {
    writeFileSync(path.join(importDirectory, "sjis.csv"), Buffer.from([0x6f, 0x70, 0x2c, 0x8b, 0xe0, 0x97, 0x5a, 0x0a]));

    const reply = await run({ name: "probe", action: "import", path: "sjis.csv" }, "ja", admin);

    expect(reply.title).toBe("ファイル sjis.csv は UTF-8 ではありません。Excel では「CSV UTF-8」形式で保存してください");
  });

  test("missing file named", async () => {
    const reply = await run({ name: "probe", action: "import", path: "none.csv" }, "en", admin);

    expect(reply.title).toBe("File none.csv not found. Check the path, relative to the import folder (importDirectory in the config)");
  });
});

describe("probe status", () => {
  beforeEach(async () => {
    const [bank, power] = await addTargets(database.db, [
      { operator: "例示銀行", sector: "金融", url: "https://www.bank.example/" },
      { operator: "例示電力", sector: "電力", url: "https://www.power.example/" },
    ]);
    const start = NOW.getTime() - 5 * 60_000;
    const specs = [0, 1, 2].flatMap((minute) => [
      { targetId: bank!, at: start + minute * 60_000, outcome: "timeout" as const, totalMs: 10_000, address: "192.0.2.5" },
      { targetId: power!, at: start + minute * 60_000, totalMs: 120, address: "192.0.2.5" },
    ]);
    const writer = createResultWriter({ databaseFile: database.file });
    for (const record of recordsFor(specs)) writer.add(record);
    await writer.close();
  });

  test("overview in Japanese", async () => {
    const reply = await run({ name: "probe", action: "status" });

    expect(reply.title).toBe("観測状況: 事業者 2、対象 2");
    expect(reply.lines).toEqual([
      "分野ごとの事業者数:",
      "  金融: 正常 0、低下 0、停止 1、不明 0",
      "  電力: 正常 1、低下 0、停止 0、不明 0",
      "状況の悪い事業者:",
      "  例示銀行 (金融): 停止、対象 1 件中 1 件に異常、1時間 0.0%",
      "同じ IP アドレスの対象:",
      "  192.0.2.5: 対象 2 (事業者 2)、停止 1、低下 0",
    ]);
    expect(reply.next).toEqual(["観測状況を見る: /dos probe status 金融"]);
    expect(reply.tlp).toBe("AMBER");
  });

  test("overview in English", async () => {
    const reply = await run({ name: "probe", action: "status" }, "en");

    // Kana would mean Japanese text; the operator names here are kanji only.
    expect(reply.lines.join("\n")).not.toMatch(/[\u3040-\u30ff]/u);
    expect(reply.lines).toContain("  Finance: 0 up, 0 degraded, 1 down, 0 unknown");
  });

  test("drill-down shows recent timings", async () => {
    const reply = await run({ name: "probe", action: "status", filter: "https://www.power.example/" }, "en");

    expect(reply.title).toBe("Probe status: https://www.power.example/ (1 target)");
    expect(reply.lines).toEqual([
      "Availability and median response time:",
      "  1 h 100.0% median 120 ms / 24 h 100.0% median 120 ms / 7 d 100.0% median 120 ms",
      "Targets:",
      "  #2 https://www.power.example/ (例示電力): up since 12/01 12:06:00",
      "  1 h 100.0% median 120 ms / 24 h 100.0% median 120 ms / 7 d 100.0% median 120 ms",
      "    Recent: 12/01 12:07:00 ok 120 ms, 12/01 12:06:00 ok 120 ms, 12/01 12:05:00 ok 120 ms",
      "    Latest breakdown: DNS 1 ms, connect 3 ms, TLS no data, first byte 110 ms, address 192.0.2.5",
      "Medians over several targets or over a day or more are estimates: count-weighted medians of per-target, per-hour medians",
    ]);
  });

  test("drill-down by address in Japanese", async () => {
    const reply = await run({ name: "probe", action: "status", filter: "192.0.2.5" });

    expect(reply.title).toBe("観測状況: IP アドレス 192.0.2.5 (対象 2 件)");
    expect(reply.lines).toContain("事業者:");
    expect(reply.lines.some((line) => line.startsWith("  例示銀行: 停止、対象 1 件、1時間 0.0% /"))).toBe(true);
    expect(reply.lines[0]).toBe("可用性と応答時間の中央値:");
  });

  test("unknown filter named", async () => {
    const japanese = await run({ name: "probe", action: "status", filter: "宇宙" });
    const english = await run({ name: "probe", action: "status", filter: "203.0.113.9" }, "en");

    expect(japanese).toMatchObject({ isError: true, title: "「宇宙」に当たる分野、事業者、URL、IP アドレスはありません" });
    expect(english).toMatchObject({ isError: true, title: "No probe target matches IP address 203.0.113.9" });
  });
});
