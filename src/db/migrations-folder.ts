// Reads prisma/migrations into the shape the schema engine expects, the same
// layout the Prisma CLI writes: one folder per migration holding
// migration.sql, plus migration_lock.toml.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";

export function readMigrationsFolder(baseDir: string): MigrationList {
  const lockPath = path.join(baseDir, "migration_lock.toml");
  const directories = readdirSync(baseDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => {
      const filePath = path.join(baseDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(filePath)
            ? { tag: "ok" as const, value: readFileSync(filePath, "utf8") }
            : { tag: "error" as const, value: `missing ${filePath}` },
        },
      };
    }),
  };
}
