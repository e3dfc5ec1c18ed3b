// Run `prisma generate` without network access.
// The Prisma CLI tries to download its native schema engine before any command,
// even though `generate` never runs it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at
// an existing file skips that download; migrations use the WebAssembly engine
// instead (src/db/migrate.ts).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
