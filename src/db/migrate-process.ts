// Entry point of the short-lived child process that applies migrations (see
// migrate-in-child.ts). It sends one IPC message with the applied migration
// names, or with the error message, and exits.
import { applyMigrations } from "./migrate.ts";

export type MigrationReply = { ok: true; applied: string[] } | { ok: false; message: string };

function reply(message: MigrationReply): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

const url = process.argv[2];
if (!process.send || url === undefined) {
  process.stderr.write("Usage: fork this module with an IPC channel and the database URL (file:...) as its only argument\n");
  process.exit(2);
}

try {
  await reply({ ok: true, applied: await applyMigrations(url) });
} catch (error) {
  await reply({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
process.disconnect();
