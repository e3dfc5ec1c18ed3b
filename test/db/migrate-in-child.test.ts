import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrationsInChild } from "../../src/db/migrate-in-child.ts";
import { MIGRATIONS_DIR } from "../../src/db/paths.ts";

const directory = mkdtempSync(path.join(tmpdir(), "dos-bot-migrate-child-"));

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("migrations in a child process", () => {
  it("applies every migration once", async () => {
    const file = path.join(directory, "fresh.db");
    const folders = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    const first = await applyMigrationsInChild(`file:${file}`);
    const second = await applyMigrationsInChild(`file:${file}`);

    expect(first).toEqual(folders);
    expect(second).toEqual([]);
  });

  it("leaves the tables in the file", async () => {
    const file = path.join(directory, "tables.db");
    await applyMigrationsInChild(`file:${file}`);

    const connection = new BetterSqlite3(file, { readonly: true });
    const tables = connection.prepare(`SELECT "name" FROM sqlite_master WHERE "type" = 'table'`).pluck().all();
    const recorded = connection.prepare(`SELECT COUNT(*) FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`).pluck().get();
    connection.close();

    expect(tables).toEqual(expect.arrayContaining(["ProbeResult", "TargetHealth", "Incident"]));
    expect(recorded).toBe(readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).length);
  });

  it("rejects a file that is not a database", async () => {
    const file = path.join(directory, "not-a-database.db");
    writeFileSync(file, "this is plain text, not SQLite\n".repeat(200));

    await expect(applyMigrationsInChild(`file:${file}`)).rejects.toThrow("file is not a database");
  });
});
