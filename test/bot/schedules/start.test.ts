import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BroadcastRenderers } from "../../../src/bot/delivery/broadcast.ts";
import { resolveScheduleConfig, schedulesConfigSchema } from "../../../src/bot/schedules/config.ts";
import { registerScheduleRenderers } from "../../../src/bot/schedules/renderers.ts";
import { startSchedules, type ScheduleDependencies } from "../../../src/bot/schedules/start.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { silentLogger } from "../../support/handler.ts";
import { testDirectory } from "../../support/members.ts";
import { destination } from "./context.ts";

let database: TestDatabase;
let dependencies: ScheduleDependencies;

beforeEach(async () => {
  database = await createTestDatabase();
  const broadcasts = new BroadcastRenderers();
  registerScheduleRenderers(broadcasts);
  dependencies = {
    db: database.db,
    directory: testDirectory(),
    destinations: [destination("C1", "AMBER")],
    broadcasts,
    logger: silentLogger,
    config: resolveScheduleConfig(schedulesConfigSchema.parse({}), "Asia/Tokyo"),
    // Monday 2026-12-07 10:00 in Tokyo: the bot comes back an hour after the 09:00 run.
    now: () => new Date("2026-12-07T01:00:00Z"),
  };
});

afterEach(async () => {
  await database.close();
});

const keys = async () => (await database.db.outboxPost.findMany({ orderBy: { id: "asc" } })).map((post) => post.key);

describe("startSchedules", () => {
  it("catches up a missed summary at start", async () => {
    const schedules = startSchedules(dependencies);
    await schedules.settled();
    await schedules.stop();
    expect(await keys()).toEqual(["weekly_summary:2026-11-30:slack:C1"]);
    const post = await database.db.outboxPost.findFirstOrThrow();
    expect(JSON.parse(post.payload!)).toEqual({
      type: "weekly_summary",
      payload: { weekStart: "2026-11-30", timeZone: "Asia/Tokyo", scheduledAt: "2026-12-07T00:00:00.000Z", late: true },
    });
  });

  it("does not repeat it on restart", async () => {
    for (let start = 0; start < 2; start++) {
      const schedules = startSchedules(dependencies);
      await schedules.settled();
      await schedules.stop();
    }
    expect(await keys()).toEqual(["weekly_summary:2026-11-30:slack:C1"]);
  });

  it("does nothing without destinations", async () => {
    const schedules = startSchedules({ ...dependencies, destinations: [] });
    await schedules.stop();
    expect(await keys()).toEqual([]);
  });

  it("requires the renderers", () => {
    expect(() => startSchedules({ ...dependencies, broadcasts: new BroadcastRenderers() })).toThrow(/weekly_summary/);
  });
});

describe("startSchedules retry", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("retries a failed summary run", async () => {
    // Only timers and Date are fake, so the database keeps working.
    vi.useFakeTimers({ now: new Date("2026-12-07T01:00:00Z"), toFake: ["setTimeout", "clearTimeout", "Date"] });
    let calls = 0;
    const now = () => {
      calls += 1;
      if (calls === 1) throw new Error("clock unavailable");
      return new Date();
    };
    const schedules = startSchedules({ ...dependencies, now });
    await schedules.settled();
    expect(await keys()).toEqual([]);

    await vi.advanceTimersByTimeAsync(60_000);
    await schedules.settled();
    await schedules.stop();
    expect(await keys()).toEqual(["weekly_summary:2026-11-30:slack:C1"]);
  });
});
