// Tells, without the schema engine, whether a database file still needs
// migrations: every folder in prisma/migrations must appear as finished and
// not rolled back in Prisma's _prisma_migrations table. When nothing is
// pending the bot skips the schema engine, which cannot apply migrations
// while another process has the file open.
import { existsSync, readdirSync } from "node:fs";
import Database from "better-sqlite3";

/** Names of the migration folders, in the order Prisma applies them. */
export function migrationNames(migrationsDir: string): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Returns the migrations not yet applied to the file at `filePath`, or all
 * of them for a new file.
 * NOTE: checksums are not compared, so a migration edited after it was
 * applied goes unnoticed here. The schema engine reports it when a later
 * migration is applied.
 */
export function pendingMigrations(filePath: string, migrationsDir: string): string[] {
  const names = migrationNames(migrationsDir);
  if (!existsSync(filePath)) return names;
  const db = new Database(filePath, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (table === undefined) return names;
    const applied = new Set(
      (db.prepare("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as Array<{ name: string }>).map(
        (row) => row.name,
      ),
    );
    return names.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}
