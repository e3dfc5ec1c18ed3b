import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

import { runRound, type ProbeResult, type ProbeTarget } from "../../src/probe/index.ts";
import { fakeResult, recordingLogger, targets } from "./support/results.ts";

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Returns a probe that takes `durationMs` of fake time and records start offsets and the peak in flight. */
function timedProbe(durationMs: number) {
  const origin = Date.now();
  const starts: Record<string, number> = {};
  let inFlight = 0;
  let peak = 0;
  const probe = async (target: ProbeTarget): Promise<ProbeResult> => {
    starts[target.id] = Date.now() - origin;
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    inFlight -= 1;
    return fakeResult(target);
  };
  return { probe, starts, peak: () => peak };
}

describe("probe round", () => {
  test("starts spread over window", async () => {
    const timed = timedProbe(0);
    const results: string[] = [];

    const round = runRound(targets(5), {
      spreadMs: 1000,
      probe: timed.probe,
      onResult: (result) => {
        results.push(result.targetId);
      },
    });
    await vi.advanceTimersByTimeAsync(1000);
    const summary = await round;

    expect(timed.starts).toEqual({ t0: 0, t1: 200, t2: 400, t3: 600, t4: 800 });
    expect(results).toEqual(["t0", "t1", "t2", "t3", "t4"]);
    expect(summary.completed).toBe(5);
    expect(summary.outcomes).toEqual({ ok: 5 });
  });

  test("zero spread starts burst", async () => {
    const timed = timedProbe(50);

    const round = runRound(targets(4), { spreadMs: 0, probe: timed.probe, onResult: () => {} });
    await vi.advanceTimersByTimeAsync(50);
    await round;

    expect(Object.values(timed.starts)).toEqual([0, 0, 0, 0]);
    expect(timed.peak()).toBe(4);
  });

  test("concurrency bounds probes in flight", async () => {
    const timed = timedProbe(100);
    let delivered = 0;

    const round = runRound(targets(10), {
      spreadMs: 0,
      concurrency: 3,
      probe: timed.probe,
      onResult: () => {
        delivered += 1;
      },
    });
    await vi.advanceTimersByTimeAsync(400);
    const summary = await round;

    expect(timed.peak()).toBe(3);
    expect(delivered).toBe(10);
    expect(Object.values(timed.starts)).toEqual([0, 0, 0, 100, 100, 100, 200, 200, 200, 300]);
    expect(summary.durationMs).toBe(400);
  });

  test("busy slots delay starts", async () => {
    const timed = timedProbe(400);

    const round = runRound(targets(4), { spreadMs: 1000, concurrency: 1, probe: timed.probe, onResult: () => {} });
    await vi.advanceTimersByTimeAsync(1600);
    await round;

    expect(timed.starts).toEqual({ t0: 0, t1: 400, t2: 800, t3: 1200 });
  });

  test("probe and sink failures counted", async () => {
    const logger = recordingLogger();
    const probe = async (target: ProbeTarget): Promise<ProbeResult> => {
      if (target.id === "t1") {
        throw new TypeError("bug in probe");
      }
      return fakeResult(target, target.id === "t3" ? "timeout" : "ok");
    };

    const summary = await runRound(targets(4), {
      spreadMs: 0,
      probe,
      logger,
      onResult: (result) => {
        if (result.targetId === "t2") {
          throw new Error("database unavailable");
        }
      },
    });

    expect(summary.completed).toBe(3);
    expect(summary.probeErrors).toBe(1);
    expect(summary.sinkErrors).toBe(1);
    expect(summary.outcomes).toEqual({ ok: 2, timeout: 1 });
    expect(logger.calls.filter((call) => call.level === "error").map((call) => call.fields.targetId)).toEqual([
      "t1",
      "t2",
    ]);
  });

  test("abort stops new starts", async () => {
    const timed = timedProbe(10);
    const abort = new AbortController();

    const round = runRound(targets(5), { spreadMs: 1000, probe: timed.probe, signal: abort.signal, onResult: () => {} });
    await vi.advanceTimersByTimeAsync(450);
    abort.abort();
    await vi.advanceTimersByTimeAsync(10);
    const summary = await round;

    expect(Object.keys(timed.starts)).toEqual(["t0", "t1", "t2"]);
    expect(summary.notStarted).toBe(2);
    expect(summary.completed).toBe(3);
  });

  test("invalid spread throws RangeError", async () => {
    await expect(runRound(targets(1), { spreadMs: -1, onResult: () => {} })).rejects.toThrow(RangeError);
  });
});
