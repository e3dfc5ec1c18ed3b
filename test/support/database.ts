// A fresh, migrated SQLite file per test suite, through the same code the bot
// uses at start-up.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../../src/db/client.ts";

export interface TestDatabase {
  db: Database;
  url: string;
  /** Absolute path of the SQLite file. */
  file: string;
  directory: string;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const directory = mkdtempSync(path.join(tmpdir(), "dos-bot-test-"));
  const file = path.join(directory, "test.db");
  const url = `file:${file}`;
  const { db } = await openDatabase(url);
  return {
    db,
    url,
    file,
    directory,
    close: async () => {
      await db.$disconnect();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
