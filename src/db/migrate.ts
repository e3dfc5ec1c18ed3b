// Applies pending migrations from prisma/migrations at start-up. The engine
// records them in Prisma's own _prisma_migrations table, so the history stays
// compatible with `prisma migrate deploy` where the native engine exists.
import { readFileSync } from "node:fs";
import { readMigrationsFolder } from "./migrations-folder.ts";
import { MIGRATIONS_DIR, SCHEMA_PATH } from "./paths.ts";
import { openSchemaEngine } from "./schema-engine.ts";

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** Applies every pending migration and returns the names of those applied. */
export async function applyMigrations(url: string): Promise<string[]> {
  const { engine, close } = await openSchemaEngine(url, { path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, "utf8") });
  try {
    const output = await engine.applyMigrations({ migrationsList: readMigrationsFolder(MIGRATIONS_DIR), filters: NO_FILTER });
    return output.appliedMigrationNames;
  } finally {
    await close();
  }
}

/** Returns the SQL that takes the migrations folder to the current schema, or "" when in step. */
export async function diffSchemaAgainstMigrations(): Promise<string> {
  const schema = { path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, "utf8") };
  const { engine, close } = await openSchemaEngine("file::memory:", schema);
  try {
    const result = await engine.diff({
      from: { tag: "migrations", ...readMigrationsFolder(MIGRATIONS_DIR) },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = result.stdout ?? "";
    return sql.includes("This is an empty migration") ? "" : sql;
  } finally {
    await close();
  }
}
