// Pending-migration check and opening a database that another process (here,
// another connection) already has open.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseOpenError, openDatabase } from "../../src/db/client.ts";
import { MIGRATIONS_DIR } from "../../src/db/paths.ts";
import { migrationNames, pendingMigrations } from "../../src/db/pending-migrations.ts";

const directory = mkdtempSync(path.join(tmpdir(), "dos-bot-pending-"));

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("pendingMigrations", () => {
  it("lists all for a new file", () => {
    expect(pendingMigrations(path.join(directory, "new.db"), MIGRATIONS_DIR)).toEqual(migrationNames(MIGRATIONS_DIR));
  });

  it("lists all without the table", () => {
    const file = path.join(directory, "empty.db");
    new Database(file).close();

    expect(pendingMigrations(file, MIGRATIONS_DIR)).toEqual(migrationNames(MIGRATIONS_DIR));
  });

  it("lists only the missing ones", async () => {
    const file = path.join(directory, "partial.db");
    const { db } = await openDatabase(`file:${file}`);
    await db.$disconnect();
    const [first, ...rest] = migrationNames(MIGRATIONS_DIR).reverse();
    const raw = new Database(file);
    raw.prepare("DELETE FROM _prisma_migrations WHERE migration_name = ?").run(first);
    raw.prepare("UPDATE _prisma_migrations SET rolled_back_at = CURRENT_TIMESTAMP WHERE migration_name = ?").run(rest[0]);
    raw.close();

    expect(pendingMigrations(file, MIGRATIONS_DIR).sort()).toEqual([first, rest[0]].sort());
  });
});

describe("openDatabase beside another process", () => {
  it("opens a migrated file already in use", async () => {
    const url = `file:${path.join(directory, "shared.db")}`;
    const first = await openDatabase(url);
    await first.db.incident.count();

    const second = await openDatabase(url);

    expect(second.appliedMigrations).toEqual([]);
    expect(await second.db.incident.count()).toBe(0);
    await second.db.$disconnect();
    await first.db.$disconnect();
  });

  it("names a lock that blocks a migration", async () => {
    const file = path.join(directory, "locked.db");
    const first = await openDatabase(`file:${file}`);
    await first.db.incident.count();
    const [last] = migrationNames(MIGRATIONS_DIR).reverse();
    await first.db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${last}'`);

    const error = await openDatabase(`file:${file}`).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).problem).toBe("locked");
    await first.db.$disconnect();
  }, 20_000);
});
