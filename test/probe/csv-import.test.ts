import { readFileSync } from "node:fs";

import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { exportTargetsCsv, importTargetsCsv } from "../../src/probe/targets/csv-import.ts";
import { listTargets } from "../../src/probe/targets/target-store.ts";
import type { TestDatabase } from "../support/database.ts";
import { DEFAULT_SECTORS } from "../../src/probe/sectors.ts";
import { addTargets, openProbeDatabase, testRules } from "./support/storage.ts";

let database: TestDatabase;

beforeEach(async () => {
  database = await openProbeDatabase();
});

afterEach(async () => {
  await database.close();
});

const HEADER = "operator,sector,url,expected_status,keyword,notes";

describe("CSV import", () => {
  test("good rows load, bad rows reported", async () => {
    const csv = [
      HEADER,
      "例示銀行,金融,https://www.bank.example/,200,お知らせ,トップ",
      "例示銀行,金融,https://www.bank.example/,,,",
      "例示電力,電力会社,https://www.power.example/,,,",
      "例示鉄道,鉄道,ftp://rail.example/,,,",
      "例示ガス,ガス,http://10.0.0.1/,,,",
      "例示空港,空港,https://airport.example/,20x,,",
      '"Example Air, Inc.",航空,https://air.example/,200-299,"say ""hi""",',
      "例示銀行,電力,https://other.bank.example/,,,",
      "短い行,金融",
      "例示水道,水道,https://water.example/,,,",
    ].join("\r\n");

    const report = await importTargetsCsv(database.db, csv, testRules());

    expect(report.rows).toBe(10);
    expect(report.counts).toEqual({ created: 3, updated: 0, restored: 0, unchanged: 0 });
    expect(report.issues).toEqual([
      { line: 3, problem: { code: "duplicate_url", firstLine: 2 } },
      { line: 4, problem: { code: "unknown_sector", value: "電力会社", known: DEFAULT_SECTORS.map((sector) => sector.name) } },
      { line: 5, problem: { code: "invalid_url", value: "ftp://rail.example/" } },
      { line: 6, problem: { code: "blocked_address", value: "10.0.0.1", label: "private" } },
      { line: 7, problem: { code: "invalid_status", value: "20x" } },
      { line: 9, problem: { code: "operator_sector_conflict", operator: "例示銀行", sector: "金融" } },
      { line: 10, problem: { code: "field_count", expected: 6, actual: 2 } },
    ]);
    const stored = await listTargets(database.db);
    expect(stored.map((target) => target.url).sort()).toEqual([
      "https://air.example/",
      "https://water.example/",
      "https://www.bank.example/",
    ]);
    const air = stored.find((target) => target.url === "https://air.example/")!;
    expect(air).toMatchObject({ operator: "Example Air, Inc.", sector: "航空", expectedStatus: "200-299", keyword: 'say "hi"', notes: null });
  });

  test("upsert keeps stored targets", async () => {
    await addTargets(database.db, [
      { operator: "例示銀行", sector: "金融", url: "https://www.bank.example/" },
      { operator: "例示銀行", sector: "金融", url: "https://net.bank.example/" },
    ]);

    const report = await importTargetsCsv(
      database.db,
      "operator,sector,url,keyword\n例示銀行,金融,https://www.bank.example/,ログイン\n例示電力,電力,https://www.power.example/,\n",
      testRules(),
    );

    expect(report.counts).toEqual({ created: 1, updated: 1, restored: 0, unchanged: 0 });
    const stored = await listTargets(database.db);
    expect(stored.map((target) => target.url).sort()).toEqual([
      "https://net.bank.example/",
      "https://www.bank.example/",
      "https://www.power.example/",
    ]);
    expect(stored.find((target) => target.url === "https://www.bank.example/")!.keyword).toBe("ログイン");
  });

  test("byte order mark and Japanese headers", async () => {
    const csv = "\uFEFF事業者,分野,URL,期待ステータス\r\n例示病院,医療,https://hospital.example/,200\r\n";

    const report = await importTargetsCsv(database.db, csv, testRules());

    expect(report.issues).toEqual([]);
    expect(report.counts.created).toBe(1);
    expect((await listTargets(database.db))[0]).toMatchObject({ operator: "例示病院", sector: "医療", expectedStatus: "200" });
  });

  test("missing column loads nothing", async () => {
    const report = await importTargetsCsv(database.db, "operator,url\nA,https://a.example/\n", testRules());

    expect(report.issues).toEqual([{ line: 1, problem: { code: "missing_column", column: "sector" } }]);
    expect(await listTargets(database.db)).toEqual([]);
  });

  test("unknown column reported, rows load", async () => {
    const report = await importTargetsCsv(database.db, "operator,sector,url,colour\nA,金融,https://a.example/,red\n", testRules());

    expect(report.issues).toEqual([{ line: 1, problem: { code: "unknown_column", column: "colour" } }]);
    expect(report.counts.created).toBe(1);
  });

  test("unclosed quote keeps earlier rows", async () => {
    const csv = `${HEADER}\nA,金融,https://a.example/,,,\nB,金融,"https://b.example/,,,\nC,金融,https://c.example/,,,\n`;

    const report = await importTargetsCsv(database.db, csv, testRules());

    expect(report.counts.created).toBe(1);
    expect(report.issues).toEqual([{ line: 3, problem: { code: "unclosed_quote" } }]);
  });

  test("removed target restored", async () => {
    const [id] = await addTargets(database.db, [{ operator: "A", sector: "金融", url: "https://a.example/" }]);
    await database.db.probeTarget.update({ where: { id: id! }, data: { removedAt: new Date(), enabled: false } });

    const report = await importTargetsCsv(database.db, "operator,sector,url\nA,金融,https://a.example/\n", testRules());

    expect(report.counts.restored).toBe(1);
    expect((await listTargets(database.db)).map((target) => target.id)).toEqual([id]);
  });
});

describe("CSV export", () => {
  test("round trip keeps every field", async () => {
    const csv = [
      `${HEADER},group`,
      '"Example Air, Inc.",航空,https://air.example/,200-299,"say ""hi""","two\r\nlines",fast',
      "例示銀行,金融,https://www.bank.example/,,,,default",
    ].join("\r\n");
    await importTargetsCsv(database.db, csv, testRules());

    const exported = await exportTargetsCsv(database.db);
    const second = await openProbeDatabase();
    try {
      const report = await importTargetsCsv(second.db, exported, testRules());
      expect(report.issues).toEqual([]);
      const strip = (targets: Awaited<ReturnType<typeof listTargets>>) => targets.map(({ id: _id, ...rest }) => rest);
      expect(strip(await listTargets(second.db))).toEqual(strip(await listTargets(database.db)));
      expect(await exportTargetsCsv(second.db)).toBe(exported);
    } finally {
      await second.close();
    }
  });

  test("header uses import names", async () => {
    expect(await exportTargetsCsv(database.db)).toBe("operator,sector,url,expected_status,keyword,notes,group\r\n");
  });
});

describe("sample CSV", () => {
  test("imports cleanly with reserved names", async () => {
    const text = readFileSync(new URL("../../config/probe-targets.sample.csv", import.meta.url), "utf8");

    const report = await importTargetsCsv(database.db, text, testRules());

    expect(report.issues).toEqual([]);
    expect(report.counts.created).toBeGreaterThanOrEqual(14);
    const targets = await listTargets(database.db);
    expect(new Set(targets.map((target) => target.sector)).size).toBeGreaterThanOrEqual(14);
    for (const target of targets) expect(new URL(target.url).hostname).toMatch(/\.(example|test)$/);
  });
});
