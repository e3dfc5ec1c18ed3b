import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

import {
  createProbeScheduler,
  intervalToCronExpression,
  type ProbeResult,
  type ProbeTarget,
} from "../../src/probe/index.ts";
import { fakeResult, recordingLogger, targets } from "./support/results.ts";

describe("interval to cron expression", () => {
  test.each([
    [1, "* * * * * *"],
    [10, "*/10 * * * * *"],
    [30, "*/30 * * * * *"],
    [60, "0 * * * * *"],
    [300, "0 */5 * * * *"],
    [3600, "0 0 * * * *"],
    [21600, "0 0 */6 * * *"],
    [86400, "0 0 0 * * *"],
  ])("%i seconds maps to %s", (seconds, expression) => {
    expect(intervalToCronExpression(seconds)).toBe(expression);
  });

  test.each([0, -60, 1.5, 7, 90, 5400, 90000])("%s seconds is rejected", (seconds) => {
    expect(() => intervalToCronExpression(seconds)).toThrow(RangeError);
  });
});

describe("probe scheduler", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-01-01T00:00:00.500Z"));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  /** Returns a probe that takes `durationMs` of fake time and tracks how many run at once. */
  function slowProbe(durationMs: number) {
    const state = { started: 0, inFlight: 0, peak: 0 };
    const probe = async (target: ProbeTarget): Promise<ProbeResult> => {
      state.started += 1;
      state.inFlight += 1;
      state.peak = Math.max(state.peak, state.inFlight);
      await new Promise((resolve) => setTimeout(resolve, durationMs));
      state.inFlight -= 1;
      return fakeResult(target);
    };
    return { probe, state };
  }

  test("overlapping tick is skipped", async () => {
    const logger = recordingLogger();
    const slow = slowProbe(1000);
    const scheduler = createProbeScheduler({
      groups: [{ name: "critical", intervalSeconds: 60, loadTargets: () => targets(1) }],
      probe: slow.probe,
      onResult: () => {},
      logger,
    });

    const first = scheduler.runTick("critical");
    await vi.advanceTimersByTimeAsync(10);
    const second = await scheduler.runTick("critical");

    expect(second).toEqual({ started: false, reason: "round_running" });
    expect(scheduler.stats("critical").ticksSkipped).toBe(1);
    expect(scheduler.stats("critical").running).toBe(true);
    const warning = logger.calls.find((call) => call.level === "warn");
    expect(warning?.fields).toMatchObject({ group: "critical", ticksSkipped: 1 });

    await vi.advanceTimersByTimeAsync(1000);
    expect((await first).started).toBe(true);
    const third = scheduler.runTick("critical");
    await vi.advanceTimersByTimeAsync(1000);
    expect((await third).started).toBe(true);
    expect(scheduler.stats("critical").roundsStarted).toBe(2);
    expect(slow.state.peak).toBe(1);
  });

  test("cron ticks never overlap", async () => {
    const logger = recordingLogger();
    const slow = slowProbe(5000);
    const scheduler = createProbeScheduler({
      groups: [{ name: "fast", intervalSeconds: 2, loadTargets: () => targets(1) }],
      probe: slow.probe,
      onResult: () => {},
      logger,
    });

    scheduler.start();
    await vi.advanceTimersByTimeAsync(11_000);
    const stats = scheduler.stats("fast");
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(5000);
    await stopping;

    // Ticks fire at 2, 4, 6, 8 and 10 s. Rounds start at 2 and 8 s, and the other ticks are skipped.
    expect(stats.roundsStarted).toBe(2);
    expect(stats.roundsCompleted).toBe(1);
    expect(stats.ticksSkipped).toBe(3);
    expect(slow.state.peak).toBe(1);
    expect(logger.calls.filter((call) => call.message.includes("tick was skipped"))).toHaveLength(3);
  });

  test("round spreads over interval share", async () => {
    const origin = Date.now();
    const starts: number[] = [];
    const scheduler = createProbeScheduler({
      groups: [{ name: "spread", intervalSeconds: 10, spreadRatio: 0.5, loadTargets: () => targets(5) }],
      probe: async (target) => {
        starts.push(Date.now() - origin);
        return fakeResult(target);
      },
      onResult: () => {},
    });

    const tick = scheduler.runTick("spread");
    await vi.advanceTimersByTimeAsync(5000);
    await tick;

    expect(starts).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  test("stop waits for running probes", async () => {
    const slow = slowProbe(1000);
    const scheduler = createProbeScheduler({
      groups: [{ name: "g", intervalSeconds: 10, loadTargets: () => targets(4) }],
      probe: slow.probe,
      onResult: () => {},
    });

    const tick = scheduler.runTick("g");
    await vi.advanceTimersByTimeAsync(2500);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);

    await vi.advanceTimersByTimeAsync(1000);
    await stopping;
    const result = await tick;

    expect(stopped).toBe(true);
    expect(result.started).toBe(true);
    expect(result.started ? result.summary.notStarted : null).toBe(2);
    expect(await scheduler.runTick("g")).toEqual({ started: false, reason: "stopped" });
  });

  test("failed target load is logged", async () => {
    const logger = recordingLogger();
    const scheduler = createProbeScheduler({
      groups: [
        {
          name: "g",
          loadTargets: () => {
            throw new Error("database locked");
          },
        },
      ],
      onResult: () => {},
      logger,
    });

    const result = await scheduler.runTick("g");

    expect(result).toEqual({ started: false, reason: "load_failed" });
    expect(logger.calls[0]).toMatchObject({ level: "warn", fields: { group: "g" } });
    expect(scheduler.stats("g").running).toBe(false);
  });

  test.each([
    { name: "duplicate group", groups: [{ name: "a" }, { name: "a" }] },
    { name: "spread ratio above one", groups: [{ name: "a", spreadRatio: 1.5 }] },
    { name: "uneven interval", groups: [{ name: "a", intervalSeconds: 45 }] },
    { name: "zero concurrency", groups: [{ name: "a", concurrency: 0 }] },
  ])("$name rejected", ({ groups }) => {
    const withTargets = groups.map((group) => ({ ...group, loadTargets: () => [] }));

    expect(() => createProbeScheduler({ groups: withTargets, onResult: () => {} })).toThrow(RangeError);
  });
});
