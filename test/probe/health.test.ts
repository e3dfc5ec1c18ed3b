import { describe, expect, test } from "vitest";

import {
  initialHealth,
  parseHealthSnapshot,
  updateHealth,
  type HealthConfig,
  type HealthObservation,
  type HealthSnapshot,
  type HealthTransition,
  type Outcome,
} from "../../src/probe/index.ts";

type Step = [Outcome, number];

function observationAt(index: number, [outcome, totalMs]: Step): HealthObservation {
  return { at: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(), outcome, totalMs };
}

function replay(
  steps: readonly Step[],
  config: Partial<HealthConfig> = {},
  start: HealthSnapshot = initialHealth(),
): { snapshot: HealthSnapshot; transitions: HealthTransition[] } {
  let snapshot = start;
  const transitions: HealthTransition[] = [];
  steps.forEach((step, index) => {
    const update = updateHealth(snapshot, observationAt(index, step), config);
    snapshot = update.snapshot;
    if (update.transition) {
      transitions.push(update.transition);
    }
  });
  return { snapshot, transitions };
}

const ok = (ms = 100): Step => ["ok", ms];
const fail: Step = ["timeout", 10_000];
const repeat = (step: Step, times: number): Step[] => Array.from({ length: times }, () => step);

describe("health state machine", () => {
  test.each<{ name: string; steps: Step[]; config?: Partial<HealthConfig>; state: string; changes: string[] }>([
    { name: "one good probe", steps: [ok()], state: "unknown", changes: [] },
    { name: "two good probes", steps: [ok(), ok()], state: "up", changes: ["unknown>up:recovered"] },
    {
      name: "failures from start",
      steps: [fail, ["dns_failure", 5], ["connection_refused", 1]],
      state: "degraded",
      changes: ["unknown>degraded:failures"],
    },
    {
      name: "three failures after up",
      steps: [ok(), ok(), fail, fail, fail],
      state: "degraded",
      changes: ["unknown>up:recovered", "up>degraded:failures"],
    },
    {
      name: "two failures tolerated",
      steps: [ok(), ok(), fail, fail, ok(), fail, fail],
      state: "up",
      changes: ["unknown>up:recovered"],
    },
    {
      name: "slow against baseline",
      steps: [...repeat(ok(100), 5), ok(2000), ok(2000), ok(2000)],
      state: "degraded",
      changes: ["unknown>up:recovered", "up>degraded:slow_responses"],
    },
    {
      name: "within margin not slow",
      steps: [...repeat(ok(100), 5), ok(1100), ok(1100), ok(1100)],
      state: "up",
      changes: ["unknown>up:recovered"],
    },
    {
      name: "factor wins for slow baseline",
      steps: [...repeat(ok(2000), 5), ok(5900), ok(5900), ok(5900), ok(6100), ok(6100), ok(6100)],
      state: "degraded",
      changes: ["unknown>up:recovered", "up>degraded:slow_responses"],
    },
    {
      name: "baseline adapts while degraded",
      steps: [...repeat(ok(100), 5), ...repeat(ok(2000), 10)],
      state: "up",
      changes: ["unknown>up:recovered", "up>degraded:slow_responses", "degraded>up:recovered"],
    },
    {
      name: "small baseline never slow",
      steps: [ok(100), ok(100), ok(9000), ok(9000), ok(9000)],
      state: "up",
      changes: ["unknown>up:recovered"],
    },
    {
      name: "mixed slow and failures",
      steps: [...repeat(ok(100), 5), ok(2000), fail, ok(2000)],
      state: "degraded",
      changes: ["unknown>up:recovered", "up>degraded:failures_and_slow_responses"],
    },
    {
      name: "slow outcome counts bad",
      steps: [ok(), ok(), ["slow", 4000], ["slow", 4000], ["slow", 4000]],
      state: "degraded",
      changes: ["unknown>up:recovered", "up>degraded:slow_responses"],
    },
    {
      name: "recovery needs two good",
      steps: [ok(), ok(), fail, fail, fail, ok()],
      state: "degraded",
      changes: ["unknown>up:recovered", "up>degraded:failures"],
    },
    {
      name: "recovery after two good",
      steps: [ok(), ok(), fail, fail, fail, ok(), ok()],
      state: "up",
      changes: ["unknown>up:recovered", "up>degraded:failures", "degraded>up:recovered"],
    },
    {
      name: "interrupted recovery stays degraded",
      steps: [fail, fail, fail, ok(), fail, ok()],
      state: "degraded",
      changes: ["unknown>degraded:failures"],
    },
    {
      name: "custom thresholds",
      steps: [ok(), fail, ok()],
      config: { degradeAfter: 1, recoverAfter: 1 },
      state: "up",
      changes: ["unknown>up:recovered", "up>degraded:failures", "degraded>up:recovered"],
    },
  ])("$name", ({ steps, config, state, changes }) => {
    const { snapshot, transitions } = replay(steps, config);

    expect(snapshot.state).toBe(state);
    expect(transitions.map((change) => `${change.from}>${change.to}:${change.reason}`)).toEqual(changes);
  });

  test("transition carries its evidence", () => {
    const { transitions, snapshot } = replay([...repeat(ok(100), 5), fail, ok(2000), fail]);
    const degraded = transitions.at(-1)!;

    expect(degraded.at).toBe(observationAt(7, fail).at);
    expect(degraded.baselineMedianMs).toBe(100);
    expect(degraded.evidence.map((entry) => entry.verdict)).toEqual(["failure", "slow", "failure"]);
    expect(degraded.evidence.map((entry) => entry.outcome)).toEqual(["timeout", "ok", "timeout"]);
    expect(degraded.evidence[1]?.slowLimitMs).toBe(1100);
    expect(snapshot.since).toBe(degraded.at);
  });

  test("slow probes excluded from baseline", () => {
    const { snapshot } = replay([...repeat(ok(100), 5), ok(2000), ok(2000)]);

    expect(snapshot.baselineMs).toEqual([100, 100, 100, 100, 100]);
    expect(snapshot.badStreak).toBe(2);
  });

  test("baseline keeps recent ok times", () => {
    const steps = Array.from({ length: 25 }, (_, index): Step => ok(index));
    const { snapshot } = replay([...steps, fail]);

    expect(snapshot.baselineMs).toEqual(steps.slice(5).map(([, ms]) => ms));
  });

  test("update leaves input unchanged", () => {
    const before = replay([ok(), ok()]).snapshot;
    const copy = structuredClone(before);

    updateHealth(before, observationAt(3, fail));

    expect(before).toEqual(copy);
  });

  test("snapshot survives JSON round trip", () => {
    const steps: Step[] = [...repeat(ok(100), 6), fail, ok(2000)];
    const original = replay(steps).snapshot;
    const restored = parseHealthSnapshot(JSON.parse(JSON.stringify(original)));

    expect(restored).toEqual(original);
    const next: Step[] = [fail, ok(), ok()];
    expect(replay(next, {}, restored)).toEqual(replay(next, {}, original));
  });

  test("damaged snapshot is rejected", () => {
    const snapshot = replay([ok(), ok()]).snapshot;

    expect(() => parseHealthSnapshot({ ...snapshot, state: "down" })).toThrow();
    expect(() => parseHealthSnapshot({ ...snapshot, goodStreak: -1 })).toThrow();
    expect(() => parseHealthSnapshot({ ...snapshot, version: 2 })).toThrow();
  });

  test("invalid config throws RangeError", () => {
    expect(() => updateHealth(initialHealth(), observationAt(0, ok()), { degradeAfter: 0 })).toThrow(RangeError);
    expect(() => updateHealth(initialHealth(), observationAt(0, ok()), { minBaselineSamples: 30 })).toThrow(RangeError);
    expect(() => updateHealth(initialHealth(), observationAt(0, ok()), { slowFactor: 0.5 })).toThrow(RangeError);
  });
});
