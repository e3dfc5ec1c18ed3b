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
