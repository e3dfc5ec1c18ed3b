// The console bot stops cleanly on SIGTERM while waiting for input.
import { describe, expect, it } from "vitest";
import { startBotProcess } from "../support/bot-process.ts";

describe("console process on SIGTERM", () => {
  it("exits 0 and logs stopping", async () => {
    const bot = await startBotProcess({
      config: { organizations: [{ id: "isp-a", name: "ISP A" }], members: [{ org: "isp-a", user: "alice" }] },
      env: {},
      readyMessage: "bot started",
    });

    const code = await bot.stop();

    expect(code).toBe(0);
    expect(bot.stderr()).toContain('"msg":"stopping"');
  }, 60_000);
});

describe("database location errors", () => {
  it("names the file and the fix", async () => {
    const { spawnSync } = await import("node:child_process");
    const { tmpdir } = await import("node:os");

    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: new URL("../..", import.meta.url).pathname,
      env: { ...process.env, DATABASE_URL: `file:${tmpdir()}`, BOT_LOCALE: "en" },
      input: "help\n",
      encoding: "utf8",
    });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`Cannot open the database ${tmpdir()}: it is a directory, not a file.`);
    expect(result.stderr).toContain("DATABASE_URL=file:./data/dos-bot.db");
  }, 60_000);
});
