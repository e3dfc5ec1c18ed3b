import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, diffSchemaAgainstMigrations } from "../../src/db/migrate.ts";
import { MIGRATIONS_DIR } from "../../src/db/paths.ts";

const directory = mkdtempSync(path.join(tmpdir(), "dos-bot-migrate-"));
const url = `file:${path.join(directory, "migrate.db")}`;

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("migrations", () => {
  it("applies every migration once", async () => {
    const folders = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    const first = await applyMigrations(url);
    const second = await applyMigrations(url);

    expect(first).toEqual(folders);
    expect(second).toEqual([]);
  });

  it("match prisma/schema.prisma", async () => {
    const sql = await diffSchemaAgainstMigrations();

    expect(sql).toBe("");
  });
});
