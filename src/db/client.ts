// Opens the SQLite database through Prisma's better-sqlite3 driver adapter,
// creating its folder and applying pending migrations first (in a child
// process, so the schema engine's memory is not kept).
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import { applyMigrationsInChild } from "./migrate-in-child.ts";
import { MIGRATIONS_DIR } from "./paths.ts";
import { pendingMigrations } from "./pending-migrations.ts";

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

export type DatabaseOpenProblem = "cannot_create_directory" | "is_directory" | "no_permission" | "migration_failed" | "locked";

/** The database file cannot be created, opened or migrated; `filePath` names it. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly filePath: string,
    readonly problem: DatabaseOpenProblem,
    readonly detail = "",
  ) {
    super(`cannot open the SQLite database ${filePath}: ${problem}${detail ? ` (${detail})` : ""}`);
    this.name = "DatabaseOpenError";
  }
}

function checkDatabaseFile(filePath: string): void {
  const directory = path.dirname(filePath);
  try {
    mkdirSync(directory, { recursive: true });
  } catch (error) {
    throw new DatabaseOpenError(filePath, "cannot_create_directory", (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  if (existsSync(filePath) && statSync(filePath).isDirectory()) throw new DatabaseOpenError(filePath, "is_directory");
  try {
    accessSync(existsSync(filePath) ? filePath : directory, constants.R_OK | constants.W_OK);
  } catch {
    throw new DatabaseOpenError(filePath, "no_permission");
  }
}

export async function openDatabase(url: string): Promise<OpenedDatabase> {
  const filePath = sqliteFilePath(url);
  checkDatabaseFile(filePath);
  const fileUrl = `file:${filePath}`;
  let appliedMigrations: string[] = [];
  try {
    if (pendingMigrations(filePath, MIGRATIONS_DIR).length > 0) appliedMigrations = await applyMigrationsInChild(fileUrl);
  } catch (error) {
    const message = (error as Error).message.split("\n")[0] ?? "";
    // The schema engine reports a lock held by another process as a garbled timeout.
    const locked = /SQLITE_BUSY|database is locked|SocketTimeout/i.test(message);
    throw new DatabaseOpenError(filePath, locked ? "locked" : "migration_failed", message);
  }

  // WAL lets readers run beside the single writer. The busy timeout is short
  // because better-sqlite3 waits synchronously, blocking the event loop;
  // transactions retry asynchronously instead (busy-retry.ts).
  const db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: fileUrl, timeout: BUSY_TIMEOUT_MS }) });
  await db.$executeRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  return { db, appliedMigrations };
}
