// Opens the SQLite database through Prisma's better-sqlite3 driver adapter,
// creating its folder and applying pending migrations first.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import { applyMigrations } from "./migrate.ts";

export type Database = PrismaClient;

const BUSY_TIMEOUT_MS = 100;

/** Resolves a `file:` URL relative to the working directory, as the Prisma CLI does for SQLite. */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite file URL such as file:./data/dos-bot.db, got "${url}"`);
  }
  return path.resolve(url.slice("file:".length));
}

export interface OpenedDatabase {
  db: Database;
  appliedMigrations: string[];
}

export async function openDatabase(url: string): Promise<OpenedDatabase> {
  const filePath = sqliteFilePath(url);
  mkdirSync(path.dirname(filePath), { recursive: true });
  const fileUrl = `file:${filePath}`;
  const appliedMigrations = await applyMigrations(fileUrl);

  // WAL lets readers run beside the single writer. The busy timeout is short
  // because better-sqlite3 waits synchronously, blocking the event loop;
  // transactions retry asynchronously instead (busy-retry.ts).
  const db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: fileUrl, timeout: BUSY_TIMEOUT_MS }) });
  await db.$executeRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  return { db, appliedMigrations };
}
