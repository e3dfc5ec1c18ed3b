// Path of the SQLite file behind a Prisma client, for code that opens its
// own better-sqlite3 connection to the same file.
import type { Database } from "./client.ts";

/** Returns the absolute path of the client's main database file. Throws for an in-memory or temporary database. */
export async function databaseFileOf(db: Database): Promise<string> {
  const rows = await db.$queryRawUnsafe<Array<{ name: string; file: string }>>("PRAGMA database_list");
  const file = rows.find((row) => row.name === "main")?.file ?? "";
  if (file === "") {
    throw new Error("The database has no file (in-memory or temporary), so no second connection can open it");
  }
  return file;
}
