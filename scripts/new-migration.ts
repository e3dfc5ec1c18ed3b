// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
// takes the existing migrations to prisma/schema.prisma. This stands in for
// `prisma migrate dev --create-only`, which needs a native engine download.
// Usage: npm run db:migration -- add_probe_tables
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { diffSchemaAgainstMigrations } from "../src/db/migrate.ts";
import { MIGRATIONS_DIR } from "../src/db/paths.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name in lower_snake_case>");
  process.exit(2);
}

const sql = await diffSchemaAgainstMigrations();
if (sql.trim() === "") {
  console.log("prisma/schema.prisma matches the migrations; nothing to write.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, "migration.sql"), sql);
console.log(`wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
