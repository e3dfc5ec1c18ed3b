// Tests of the alert episode decision: open, join, recover, degrade again,
// escalate only upward, touch, and resolve after the quiet period.

import { describe, expect, it } from "vitest";

import { decideEpisode, type EpisodeSettings } from "../../../src/probe/correlate/episode.ts";
import type { AlertMember, AlertState, CorrelationRule, DegradedOperator, EpisodeDecision, Evaluation, FiredRule } from "../../../src/probe/correlate/types.ts";

const NOW = new Date("2026-12-04T12:00:00Z");
const MINUTE_MS = 60_000;
const SETTINGS: EpisodeSettings = { resolveAfterMinutes: 5 };

function before(ms: number): Date {
  return new Date(NOW.getTime() - ms);
}

function nameOf(operatorId: number): string {
  return `Operator ${operatorId}`;
}

function operator(operatorId: number, degradedNow = true): DegradedOperator {
  return {
    operatorId,
    operator: nameOf(operatorId),
    sector: "energy",
    since: before(2 * MINUTE_MS),
    degradedNow,
    network: `198.18.${operatorId}.0/24`,
    addresses: [`198.18.${operatorId}.10`],
    failures: { timeout: 3 },
    medianMs: 5000,
    urls: [`https://operator-${operatorId}.test/`],
  };
}

/** Builds a member that joined ten minutes before NOW. A non-null `recoveredAt` marks it as recovered. */
function member(operatorId: number, recoveredAt: Date | null = null): AlertMember {
  return {
    operatorId,
    operator: nameOf(operatorId),
    sector: "energy",
    since: before(12 * MINUTE_MS).toISOString(),
    joinedAt: before(10 * MINUTE_MS).toISOString(),
    recoveredAt: recoveredAt?.toISOString() ?? null,
    network: `198.18.${operatorId}.0/24`,
    addresses: [`198.18.${operatorId}.10`],
    failures: { timeout: 3 },
    medianMs: 5000,
    urls: [`https://operator-${operatorId}.test/`],
  };
}

function fired(rule: CorrelationRule): FiredRule {
  if (rule === "operators") return { rule, operators: 3, networks: 3, minimum: 3 };
  if (rule === "sector") return { rule, sector: "energy", degraded: 2, total: 4, share: 0.5, minimumShare: 0.5, minimum: 2 };
  return { rule, network: "198.18.1.10", operators: [nameOf(1), nameOf(2)], minimum: 2 };
}

function evaluation(operators: DegradedOperator[], rules: CorrelationRule[] = [], silencedOperatorIds: number[] = []): Evaluation {
  return { at: NOW, operators, rules: rules.map(fired), silencedOperatorIds };
}

function alert(members: AlertMember[], fields: Partial<AlertState> = {}): AlertState {
  return {
    id: 7,
    rule: "operators",
    rules: [fired("operators")],
    members,
    openedAt: before(10 * MINUTE_MS),
    lastDegradedAt: before(MINUTE_MS),
    revision: 1,
    ...fields,
  };
}

/** Asserts the decision kind and returns the decision narrowed to it. */
function expectKind<K extends EpisodeDecision["kind"]>(decision: EpisodeDecision, kind: K): Extract<EpisodeDecision, { kind: K }> {
  expect(decision.kind).toBe(kind);
  return decision as Extract<EpisodeDecision, { kind: K }>;
}

describe("decideEpisode without open alert", () => {
  it("no rule, no alert", () => {
    const decision = decideEpisode(null, evaluation([operator(1)]), SETTINGS);

    expect(decision).toEqual({ kind: "none" });
  });

  it.each([
    { name: "shared alone", rules: ["shared"] as CorrelationRule[], rule: "shared" },
    { name: "shared and sector", rules: ["shared", "sector"] as CorrelationRule[], rule: "sector" },
    { name: "all three", rules: ["sector", "shared", "operators"] as CorrelationRule[], rule: "operators" },
  ])("opens with $name", ({ rules, rule }) => {
    const open = expectKind(decideEpisode(null, evaluation([operator(1), operator(2)], rules), SETTINGS), "open");

    expect(open.rule).toBe(rule);
  });

  it("recovered operators alone stay quiet", () => {
    const decision = decideEpisode(null, evaluation([operator(1, false), operator(2, false), operator(3, false)], ["operators"]), SETTINGS);

    expect(decision).toEqual({ kind: "none" });
  });

  it("open lists every operator", () => {
    const open = expectKind(decideEpisode(null, evaluation([operator(1), operator(2, false)], ["operators"]), SETTINGS), "open");

    expect(open.members.map((entry) => entry.operatorId)).toEqual([1, 2]);
  });

  it("open marks recovered operator", () => {
    const open = expectKind(decideEpisode(null, evaluation([operator(1), operator(2, false)], ["operators"]), SETTINGS), "open");

    expect(open.members.map((entry) => entry.recoveredAt)).toEqual([null, NOW.toISOString()]);
  });

  it("open member joins now", () => {
    const open = expectKind(decideEpisode(null, evaluation([operator(1)], ["operators"]), SETTINGS), "open");

    expect(open.members[0]?.joinedAt).toBe(NOW.toISOString());
  });
});

describe("decideEpisode members", () => {
  it("new degraded operator joins", () => {
    const open = alert([member(1), member(2)]);

    const update = expectKind(decideEpisode(open, evaluation([operator(1), operator(2), operator(3)]), SETTINGS), "update");

    expect(update.change.joined).toEqual([nameOf(3)]);
    expect(update.members.map((entry) => entry.operatorId)).toEqual([1, 2, 3]);
    expect(update.members[2]?.joinedAt).toBe(NOW.toISOString());
  });

  it("recovered newcomer does not join", () => {
    const open = alert([member(1)]);

    const decision = decideEpisode(open, evaluation([operator(1), operator(2, false)]), SETTINGS);

    expect(decision.kind).toBe("touch");
  });

  it.each([
    { name: "missing from evaluation", operators: [operator(1)] },
    { name: "recovered inside window", operators: [operator(1), operator(2, false)] },
  ])("member recovers, $name", ({ operators }) => {
    const open = alert([member(1), member(2)]);

    const update = expectKind(decideEpisode(open, evaluation(operators), SETTINGS), "update");

    expect(update.change.recovered).toEqual([nameOf(2)]);
    expect(update.members[1]?.recoveredAt).toBe(NOW.toISOString());
    expect(update.degradedNow).toBe(true);
  });

  it("recovered member not reported again", () => {
    const open = alert([member(1), member(2, before(2 * MINUTE_MS))]);

    const touch = expectKind(decideEpisode(open, evaluation([operator(1)]), SETTINGS), "touch");

    expect(touch.degradedNow).toBe(true);
  });

  it("member degrades again", () => {
    const open = alert([member(1), member(2, before(2 * MINUTE_MS))]);

    const update = expectKind(decideEpisode(open, evaluation([operator(1), operator(2)]), SETTINGS), "update");

    expect(update.change.degradedAgain).toEqual([nameOf(2)]);
    expect(update.members[1]?.recoveredAt).toBeNull();
  });

  it("degraded member refreshes figures", () => {
    const open = alert([member(1), member(2, before(2 * MINUTE_MS))]);
    const fresh = { ...operator(2), failures: { connection_refused: 2 }, medianMs: 40, urls: ["https://operator-2.test/other"] };

    const update = expectKind(decideEpisode(open, evaluation([operator(1), fresh]), SETTINGS), "update");

    expect(update.members[1]?.failures).toEqual({ connection_refused: 2 });
    expect(update.members[1]?.medianMs).toBe(40);
    expect(update.members[1]?.urls).toEqual(["https://operator-2.test/", "https://operator-2.test/other"]);
    expect(update.members[1]?.joinedAt).toBe(before(10 * MINUTE_MS).toISOString());
  });
});

describe("decideEpisode silences", () => {
  it("silenced member is not recovered", () => {
    const decision = decideEpisode(alert([member(1), member(2)]), evaluation([operator(2)], [], [1]), SETTINGS);

    expect(expectKind(decision, "touch").degradedNow).toBe(true);
  });

  it("silenced members do not hold alert", () => {
    const open = alert([member(1), member(2, before(6 * MINUTE_MS))], { lastDegradedAt: before(5 * MINUTE_MS) });

    const decision = decideEpisode(open, evaluation([], [], [1]), SETTINGS);

    expect(decision.kind).toBe("resolve");
  });
});

describe("decideEpisode rule changes", () => {
  it.each([
    { name: "shared to sector", from: "shared", rules: ["shared", "sector"], kind: "update", rule: "sector" },
    { name: "shared to operators", from: "shared", rules: ["operators"], kind: "update", rule: "operators" },
    { name: "sector to operators", from: "sector", rules: ["operators", "sector"], kind: "update", rule: "operators" },
    { name: "sector stays over shared", from: "sector", rules: ["shared"], kind: "touch", rule: "sector" },
    { name: "operators stays over sector", from: "operators", rules: ["sector"], kind: "touch", rule: "operators" },
    { name: "operators stays over shared", from: "operators", rules: ["shared"], kind: "touch", rule: "operators" },
    { name: "same rule again", from: "sector", rules: ["sector"], kind: "touch", rule: "sector" },
    { name: "no rule holds", from: "sector", rules: [], kind: "touch", rule: "sector" },
  ] as { name: string; from: CorrelationRule; rules: CorrelationRule[]; kind: "update" | "touch"; rule: CorrelationRule }[])(
    "$name",
    ({ from, rules, kind, rule }) => {
      const open = alert([member(1), member(2)], { rule: from, rules: [fired(from)] });

      const decision = decideEpisode(open, evaluation([operator(1), operator(2)], rules), SETTINGS);

      expect(decision.kind).toBe(kind);
      if (decision.kind === "update") {
        expect(decision.rule).toBe(rule);
        expect(decision.change.ruleFrom).toBe(from);
        expect(decision.change.ruleTo).toBe(rule);
      }
    },
  );

  it("member change keeps rule", () => {
    const open = alert([member(1), member(2)], { rule: "operators", rules: [fired("operators")] });

    const update = expectKind(decideEpisode(open, evaluation([operator(1)], ["sector"]), SETTINGS), "update");

    expect(update.rule).toBe("operators");
    expect(update.change.ruleFrom).toBeNull();
    expect(update.change.ruleTo).toBeNull();
  });

  it("touch passes current rules", () => {
    const open = alert([member(1)]);

    const touch = expectKind(decideEpisode(open, evaluation([operator(1)], ["shared"]), SETTINGS), "touch");

    expect(touch.rules).toEqual([fired("shared")]);
  });

  it("touch keeps rules without any", () => {
    const open = alert([member(1)], { rules: [fired("operators")] });

    const touch = expectKind(decideEpisode(open, evaluation([operator(1)]), SETTINGS), "touch");

    expect(touch.rules).toEqual([fired("operators")]);
  });
});

describe("decideEpisode resolve", () => {
  it.each([
    { name: "quiet just under limit", quietMs: 5 * MINUTE_MS - 1, kind: "touch" },
    { name: "quiet at limit", quietMs: 5 * MINUTE_MS, kind: "resolve" },
    { name: "quiet past limit", quietMs: 6 * MINUTE_MS, kind: "resolve" },
  ])("$name", ({ quietMs, kind }) => {
    const open = alert([member(1, before(quietMs)), member(2, before(quietMs))], { lastDegradedAt: before(quietMs) });

    expect(decideEpisode(open, evaluation([]), SETTINGS).kind).toBe(kind);
  });

  it("quiet touch is not degraded", () => {
    const open = alert([member(1, before(MINUTE_MS))], { lastDegradedAt: before(MINUTE_MS) });

    const touch = expectKind(decideEpisode(open, evaluation([]), SETTINGS), "touch");

    expect(touch.degradedNow).toBe(false);
  });

  it("duration counts from opening", () => {
    const open = alert([member(1, before(10 * MINUTE_MS))], { openedAt: before(42 * MINUTE_MS), lastDegradedAt: before(10 * MINUTE_MS) });

    const resolve = expectKind(decideEpisode(open, evaluation([]), SETTINGS), "resolve");

    expect(resolve.durationMs).toBe(42 * MINUTE_MS);
  });

  it("degraded member blocks resolve", () => {
    const open = alert([member(1), member(2, before(10 * MINUTE_MS))], { lastDegradedAt: before(10 * MINUTE_MS) });

    const decision = decideEpisode(open, evaluation([operator(1)]), SETTINGS);

    expect(decision.kind).toBe("touch");
  });

  it("joining operator blocks resolve", () => {
    const open = alert([member(1, before(10 * MINUTE_MS))], { lastDegradedAt: before(10 * MINUTE_MS) });

    const update = expectKind(decideEpisode(open, evaluation([operator(2)]), SETTINGS), "update");

    expect(update.change.joined).toEqual([nameOf(2)]);
    expect(update.degradedNow).toBe(true);
  });

  it("recovered-in-window operator allows resolve", () => {
    const open = alert([member(1, before(10 * MINUTE_MS))], { lastDegradedAt: before(10 * MINUTE_MS) });

    const decision = decideEpisode(open, evaluation([operator(1, false)]), SETTINGS);

    expect(decision.kind).toBe("resolve");
  });
});
