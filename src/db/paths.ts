import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Returns the nearest folder at or above `start` that contains package.json.
 * This file runs from src/db/ under tsx and from dist/src/db/ when compiled.
 */
function findProjectRoot(start: string): string {
  for (let directory = start; ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, "package.json"))) return directory;
    if (path.dirname(directory) === directory) {
      throw new Error(`package.json not found in ${start} or any folder above it, so the project root is unknown`);
    }
  }
}

/** Repository root: the folder of package.json. */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");
