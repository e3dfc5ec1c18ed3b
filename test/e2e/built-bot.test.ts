// The compiled bot (npm run build, then node dist/src/main.js) is what the
// systemd unit and the container image run. It must start, apply migrations
// in its child process and reply to a console command.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const directory = mkdtempSync(path.join(tmpdir(), "dos-bot-built-"));

beforeAll(() => {
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}, 120_000);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("compiled bot", () => {
  it("answers help and migrates", () => {
    const databaseFile = path.join(directory, "built.db");
    const configFile = path.join(directory, "config.json");
    writeFileSync(configFile, JSON.stringify({ organizations: [{ id: "isp-a", name: "ISP A" }], members: [{ org: "isp-a", user: "alice" }] }));

    const result = spawnSync(process.execPath, ["dist/src/main.js"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${databaseFile}`, DOS_BOT_CONFIG: configFile, BOT_LOCALE: "en" },
      input: "help\n",
      encoding: "utf8",
    });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain("/dos");
    expect(existsSync(databaseFile)).toBe(true);
    const connection = new BetterSqlite3(databaseFile, { readonly: true });
    const applied = connection.prepare(`SELECT COUNT(*) FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`).pluck().get();
    connection.close();
    expect(applied).toBeGreaterThan(0);
  }, 60_000);
});
