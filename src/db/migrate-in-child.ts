// Applies migrations in a short-lived child process. The WebAssembly schema
// engine and its memory (about 45 MiB of RSS: process RSS before and after
// applyMigrations() on a new file, Node 20.20) then leave with that process
// instead of staying in the bot's for its lifetime.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { MigrationReply } from "./migrate-process.ts";

// Compiled to JavaScript (npm run build), this module and its sibling end in
// .js and the child needs no TypeScript loader.
const COMPILED = import.meta.url.endsWith(".js");
const ENTRY = fileURLToPath(new URL(COMPILED ? "./migrate-process.js" : "./migrate-process.ts", import.meta.url));
const LOADER_ARGS = COMPILED ? [] : ["--import", "tsx"];

/**
 * Applies every pending migration to the SQLite file at `url` (file:...) in a
 * child process and returns the names of those applied. Rejects with the
 * child's error message, or when the child exits without replying.
 */
export function applyMigrationsInChild(url: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // Other flags of this process (an inspector, --cpu-prof) are not passed on.
    const child = fork(ENTRY, [url], { execArgv: LOADER_ARGS, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let reply: MigrationReply | undefined;
    child.once("message", (message) => {
      reply = message as MigrationReply;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (reply?.ok) {
        resolve(reply.applied);
      } else if (reply) {
        reject(new Error(reply.message));
      } else {
        reject(new Error(`Migration process exited without a result (exit code ${code}, signal ${signal})`));
      }
    });
  });
}
