// Boundary tests of the correlation rules: which operators count inside the
// window, and when the operators, sector and shared rules hold.

import { describe, expect, it } from "vitest";

import { applyRules, collectDegradedOperators, evaluate, operatorsPerSector, strongestRule, type RuleSettings, type SilenceCheck } from "../../../src/probe/correlate/rules.ts";
import type { CorrelationRule, FiredRule, TargetView } from "../../../src/probe/correlate/types.ts";
import type { HealthEvidence } from "../../../src/probe/health.ts";

const NOW = new Date("2026-12-04T12:00:00Z");
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const SETTINGS: RuleSettings = {
  windowMinutes: 5,
  minOperators: 3,
  sectorShare: 0.5,
  sectorMinOperators: 2,
  sharedMinOperators: 2,
  standingOutageHours: 6,
};

const NOTHING_SILENCED: SilenceCheck = () => false;

function before(ms: number): Date {
  return new Date(NOW.getTime() - ms);
}

function nameOf(operatorId: number): string {
  return `Operator ${operatorId}`;
}

/** Default address of an operator: one /24 of 198.18.0.0/15 per operator, so every operator is its own network. */
function addressOf(operatorId: number): string {
  return `198.18.${operatorId}.10`;
}

type ViewFields = Partial<Omit<TargetView, "operatorId" | "operator">>;

/** Builds a target of operator `operatorId` that degraded two minutes before NOW, in sector "energy". */
function degraded(operatorId: number, fields: ViewFields = {}): TargetView {
  return {
    targetId: operatorId * 100,
    url: `https://operator-${operatorId}.test/`,
    operatorId,
    operator: nameOf(operatorId),
    sector: "energy",
    state: "degraded",
    degradedSince: before(2 * MINUTE_MS),
    recoveredAt: null,
    address: addressOf(operatorId),
    evidence: [],
    ...fields,
  };
}

/** Builds a target that is up. Pass `recoveredAt` for one that recovered from a degraded episode. */
function up(operatorId: number, fields: ViewFields = {}): TargetView {
  return degraded(operatorId, { state: "up", degradedSince: null, ...fields });
}

function evidence(outcome: HealthEvidence["outcome"], verdict: HealthEvidence["verdict"], totalMs: number): HealthEvidence {
  return { at: before(MINUTE_MS).toISOString(), outcome, totalMs, verdict, slowLimitMs: null };
}

function firedOf(views: readonly TargetView[], rule: CorrelationRule, settings: Partial<RuleSettings> = {}, silenced: SilenceCheck = NOTHING_SILENCED): FiredRule[] {
  return evaluate(views, NOW, { ...SETTINGS, ...settings }, silenced).rules.filter((fired) => fired.rule === rule);
}

function countedIds(views: readonly TargetView[], silenced: SilenceCheck = NOTHING_SILENCED): number[] {
  return collectDegradedOperators(views, NOW, SETTINGS, silenced).map((operator) => operator.operatorId);
}

describe("collectDegradedOperators window", () => {
  it.each([
    { name: "degraded two minutes", view: degraded(1), counted: true },
    { name: "degraded just now", view: degraded(1, { degradedSince: NOW }), counted: true },
    { name: "degraded at standing limit", view: degraded(1, { degradedSince: before(6 * HOUR_MS) }), counted: true },
    { name: "degraded past standing limit", view: degraded(1, { degradedSince: before(6 * HOUR_MS + 1) }), counted: false },
    { name: "recovered just now", view: up(1, { recoveredAt: NOW }), counted: true },
    { name: "recovered at window edge", view: up(1, { recoveredAt: before(5 * MINUTE_MS) }), counted: true },
    { name: "recovered past window edge", view: up(1, { recoveredAt: before(5 * MINUTE_MS + 1) }), counted: false },
    { name: "up without recovery", view: up(1), counted: false },
    { name: "unknown state", view: degraded(1, { state: "unknown", degradedSince: null }), counted: false },
  ])("$name", ({ view, counted }) => {
    expect(countedIds([view])).toEqual(counted ? [1] : []);
  });

  it("standing outage beside fresh target", () => {
    const views = [degraded(1, { degradedSince: before(7 * HOUR_MS), targetId: 101 }), degraded(1, { targetId: 102, url: "https://operator-1.test/fresh" })];

    const [operator] = collectDegradedOperators(views, NOW, SETTINGS, NOTHING_SILENCED);

    expect(operator?.urls).toEqual(["https://operator-1.test/fresh"]);
  });
});

describe("collectDegradedOperators silences", () => {
  it.each([
    { name: "silenced operator left out", silenced: ((operator) => operator === "Operator 1") as SilenceCheck, ids: [2] },
    { name: "silenced sector left out", silenced: ((_operator, sector) => sector === "water") as SilenceCheck, ids: [1] },
    { name: "unrelated silence keeps both", silenced: ((operator) => operator === "Operator 9") as SilenceCheck, ids: [1, 2] },
  ])("$name", ({ silenced, ids }) => {
    const views = [degraded(1), degraded(2, { sector: "water" })];

    expect(countedIds(views, silenced)).toEqual(ids);
  });
});

describe("collectDegradedOperators grouping", () => {
  it.each([
    { name: "degraded target", views: [degraded(1)], degradedNow: true },
    { name: "recovered target", views: [up(1, { recoveredAt: before(MINUTE_MS) })], degradedNow: false },
    { name: "recovered and degraded", views: [up(1, { recoveredAt: before(MINUTE_MS), targetId: 101 }), degraded(1, { targetId: 102 })], degradedNow: true },
  ])("degradedNow for $name", ({ views, degradedNow }) => {
    const [operator] = collectDegradedOperators(views, NOW, SETTINGS, NOTHING_SILENCED);

    expect(operator?.degradedNow).toBe(degradedNow);
  });

  it("two targets make one operator", () => {
    const views = [degraded(1, { targetId: 101, url: "https://a.test/" }), degraded(1, { targetId: 102, url: "https://b.test/" })];

    const operators = collectDegradedOperators(views, NOW, SETTINGS, NOTHING_SILENCED);

    expect(operators).toHaveLength(1);
    expect(operators[0]?.urls).toEqual(["https://a.test/", "https://b.test/"]);
  });

  it("since is the earliest start", () => {
    const views = [degraded(1, { targetId: 101, degradedSince: before(MINUTE_MS) }), up(1, { targetId: 102, recoveredAt: before(4 * MINUTE_MS) })];

    const [operator] = collectDegradedOperators(views, NOW, SETTINGS, NOTHING_SILENCED);

    expect(operator?.since).toEqual(before(4 * MINUTE_MS));
  });

  it("shared address listed once", () => {
    const views = [degraded(1, { targetId: 101 }), degraded(1, { targetId: 102 })];

    const [operator] = collectDegradedOperators(views, NOW, SETTINGS, NOTHING_SILENCED);

    expect(operator?.addresses).toEqual([addressOf(1)]);
  });

  it("operators sorted by since", () => {
    const views = [degraded(1, { degradedSince: before(MINUTE_MS) }), degraded(2, { degradedSince: before(3 * MINUTE_MS) }), degraded(3, { degradedSince: before(3 * MINUTE_MS) })];

    expect(countedIds(views)).toEqual([2, 3, 1]);
  });
});

describe("collectDegradedOperators addresses", () => {
  it.each([
    { name: "IPv4 address", address: "198.18.1.10", addresses: ["198.18.1.10"], network: "198.18.1.0/24" },
    { name: "IPv4-mapped IPv6 address", address: "::ffff:198.18.1.10", addresses: ["198.18.1.10"], network: "198.18.1.0/24" },
    // A URL with a mapped literal, such as http://[::ffff:198.18.1.10]/, is
    // serialized by the WHATWG URL parser in this hex form.
    { name: "hex IPv4-mapped IPv6 address", address: "::ffff:c612:10a", addresses: ["198.18.1.10"], network: "198.18.1.0/24" },
    { name: "IPv6 address", address: "2001:db8:1:2::5", addresses: ["2001:db8:1:2::5"], network: "2001:db8:1::/48" },
    { name: "no address", address: null, addresses: [], network: null },
  ])("$name", ({ address, addresses, network }) => {
    const [operator] = collectDegradedOperators([degraded(1, { address })], NOW, SETTINGS, NOTHING_SILENCED);

    expect.soft(operator?.addresses).toEqual(addresses);
    expect.soft(operator?.network).toBe(network);
  });
});

describe("collectDegradedOperators evidence", () => {
  it("failures counted by outcome", () => {
    const view = degraded(1, { evidence: [evidence("timeout", "failure", 5000), evidence("timeout", "failure", 5000), evidence("ok", "slow", 3000)] });

    const [operator] = collectDegradedOperators([view], NOW, SETTINGS, NOTHING_SILENCED);

    expect(operator?.failures).toEqual({ timeout: 2, slow: 1 });
  });

  it.each([
    { name: "odd count", totals: [3000, 5000, 4000], medianMs: 4000 },
    { name: "even count", totals: [100, 300], medianMs: 200 },
    { name: "no probes", totals: [], medianMs: null },
  ])("median for $name", ({ totals, medianMs }) => {
    const view = degraded(1, { evidence: totals.map((totalMs) => evidence("timeout", "failure", totalMs)) });

    const [operator] = collectDegradedOperators([view], NOW, SETTINGS, NOTHING_SILENCED);

    expect(operator?.medianMs).toBe(medianMs);
  });

  it("recovered target evidence ignored", () => {
    const view = up(1, { recoveredAt: before(MINUTE_MS), evidence: [evidence("ok", "good", 100)] });

    const [operator] = collectDegradedOperators([view], NOW, SETTINGS, NOTHING_SILENCED);

    expect(operator?.medianMs).toBeNull();
    expect(operator?.failures).toEqual({});
  });

  it("recovered episode keeps its start", () => {
    const view = up(1, {
      recoveredAt: before(MINUTE_MS),
      recoveredEpisodeSince: before(4 * MINUTE_MS),
      recoveredEpisodeEvidence: [evidence("timeout", "failure", 5000), evidence("http_error", "failure", 120)],
    });

    const [operator] = collectDegradedOperators([view], NOW, SETTINGS, NOTHING_SILENCED);

    expect(operator?.since).toEqual(before(4 * MINUTE_MS));
    expect(operator?.failures).toEqual({ timeout: 1, http_error: 1 });
  });

  it("median rounds to whole ms", () => {
    const view = degraded(1, { evidence: [evidence("timeout", "failure", 1000.4), evidence("timeout", "failure", 1001.3)] });

    const [operator] = collectDegradedOperators([view], NOW, SETTINGS, NOTHING_SILENCED);

    expect(operator?.medianMs).toBe(1001);
  });
});

describe("operators rule", () => {
  it.each([
    { name: "two networks below minimum", views: [degraded(1), degraded(2)], fires: false },
    { name: "three networks at minimum", views: [degraded(1), degraded(2), degraded(3)], fires: true },
    { name: "three operators two networks", views: [degraded(1), degraded(2, { address: "198.18.1.20" }), degraded(3)], fires: false },
    { name: "addressless operators count apart", views: [degraded(1, { address: null }), degraded(2, { address: null }), degraded(3, { address: null })], fires: true },
    { name: "one IPv6 /48 counts once", views: [degraded(1, { address: "2001:db8:1:a::1" }), degraded(2, { address: "2001:db8:1:b::1" }), degraded(3)], fires: false },
    { name: "two IPv6 /48 count apart", views: [degraded(1, { address: "2001:db8:1::1" }), degraded(2, { address: "2001:db8:2::1" }), degraded(3)], fires: true },
    { name: "mapped and plain share /24", views: [degraded(1, { address: "::ffff:198.18.1.10" }), degraded(2, { address: "198.18.1.20" }), degraded(3)], fires: false },
    { name: "recovered inside window counts", views: [degraded(1), degraded(2), up(3, { recoveredAt: before(5 * MINUTE_MS) })], fires: true },
    { name: "recovered past window ignored", views: [degraded(1), degraded(2), up(3, { recoveredAt: before(5 * MINUTE_MS + 1) })], fires: false },
    { name: "standing outage at limit counts", views: [degraded(1), degraded(2), degraded(3, { degradedSince: before(6 * HOUR_MS) })], fires: true },
    { name: "standing outage past limit ignored", views: [degraded(1), degraded(2), degraded(3, { degradedSince: before(6 * HOUR_MS + 1) })], fires: false },
    { name: "up operator ignored", views: [degraded(1), degraded(2), up(3)], fires: false },
  ])("$name", ({ views, fires }) => {
    expect(firedOf(views, "operators")).toHaveLength(fires ? 1 : 0);
  });

  it.each([
    { name: "two networks", networks: 2, fires: false },
    { name: "three networks", networks: 3, fires: true },
  ])("minimum three, $name", ({ networks, fires }) => {
    const views = Array.from({ length: networks }, (_, index) => degraded(index + 1));

    expect(firedOf(views, "operators", { minOperators: 3 })).toHaveLength(fires ? 1 : 0);
  });

  it.each([
    { name: "three networks", networks: 3, fires: false },
    { name: "four networks", networks: 4, fires: true },
  ])("minimum four, $name", ({ networks, fires }) => {
    const views = Array.from({ length: networks }, (_, index) => degraded(index + 1));

    expect(firedOf(views, "operators", { minOperators: 4 })).toHaveLength(fires ? 1 : 0);
  });

  it("silenced operator not counted", () => {
    const views = [degraded(1), degraded(2), degraded(3)];

    expect(firedOf(views, "operators", {}, (operator) => operator === "Operator 3")).toEqual([]);
  });

  it("figures count operators and networks", () => {
    const views = [degraded(1), degraded(2, { address: "198.18.1.20" }), degraded(3), degraded(4)];

    expect(firedOf(views, "operators")).toEqual([{ rule: "operators", operators: 4, networks: 3, minimum: 3 }]);
  });
});

/** Builds one sector with `degradedCount` degraded operators, then up operators to `totalCount`. */
function sectorViews(degradedCount: number, totalCount: number, fields: ViewFields = {}): TargetView[] {
  return Array.from({ length: totalCount }, (_, index) =>
    index < degradedCount ? degraded(index + 1, { sector: "water", ...fields }) : up(index + 1, { sector: "water" }),
  );
}

describe("sector rule", () => {
  it.each([
    { name: "share at threshold", views: sectorViews(2, 4), settings: {}, fires: true },
    { name: "share below threshold", views: sectorViews(2, 5), settings: {}, fires: false },
    { name: "share 0.6 at threshold", views: sectorViews(3, 5), settings: { sectorShare: 0.6 }, fires: true },
    { name: "share 0.6 just below", views: sectorViews(3, 5), settings: { sectorShare: 0.61 }, fires: false },
    { name: "count below minimum", views: sectorViews(2, 2), settings: { sectorMinOperators: 3 }, fires: false },
    { name: "count at minimum", views: sectorViews(3, 3), settings: { sectorMinOperators: 3 }, fires: true },
    { name: "single operator sector", views: sectorViews(1, 1), settings: {}, fires: false },
    { name: "one network only", views: sectorViews(2, 2, { address: "198.18.1.10" }), settings: {}, fires: false },
    { name: "addressless operators two networks", views: sectorViews(2, 2, { address: null }), settings: {}, fires: true },
    {
      name: "other sector not counted",
      views: [degraded(1, { sector: "water" }), up(2, { sector: "water" }), degraded(3, { sector: "energy" }), up(4, { sector: "energy" })],
      settings: {},
      fires: false,
    },
    {
      name: "recovered operator counts",
      views: [degraded(1, { sector: "water" }), up(2, { sector: "water", recoveredAt: before(MINUTE_MS) }), up(3, { sector: "water" }), up(4, { sector: "water" })],
      settings: {},
      fires: true,
    },
  ])("$name", ({ views, settings, fires }) => {
    expect(firedOf(views, "sector", settings)).toHaveLength(fires ? 1 : 0);
  });

  it("silenced operator not counted", () => {
    expect(firedOf(sectorViews(2, 4), "sector", {}, (operator) => operator === "Operator 2")).toEqual([]);
  });

  it("figures at threshold", () => {
    expect(firedOf(sectorViews(2, 4), "sector")).toEqual([
      { rule: "sector", sector: "water", degraded: 2, total: 4, share: 0.5, minimumShare: 0.5, minimum: 2 },
    ]);
  });

  it("totals count distinct operators", () => {
    const views = [degraded(1, { sector: "water", targetId: 101 }), degraded(1, { sector: "water", targetId: 102 }), up(2, { sector: "water" }), up(3)];

    expect(operatorsPerSector(views)).toEqual(new Map([["water", 2], ["energy", 1]]));
  });

  it("missing total uses degraded count", () => {
    const operators = collectDegradedOperators(sectorViews(2, 2), NOW, SETTINGS, NOTHING_SILENCED);

    const sector = applyRules(operators, new Map(), SETTINGS).filter((fired) => fired.rule === "sector");

    expect(sector).toEqual([{ rule: "sector", sector: "water", degraded: 2, total: 2, share: 1, minimumShare: 0.5, minimum: 2 }]);
  });
});

describe("shared rule", () => {
  const shared = (network: string, operatorIds: number[], minimum = 2): FiredRule => ({ rule: "shared", network, operators: operatorIds.map(nameOf), minimum });

  it.each([
    { name: "two on one address", views: [degraded(1, { address: "198.18.1.10" }), degraded(2, { address: "198.18.1.10" })], settings: {}, expected: [shared("198.18.1.10", [1, 2])] },
    { name: "two on one /24", views: [degraded(1, { address: "198.18.1.10" }), degraded(2, { address: "198.18.1.20" })], settings: {}, expected: [shared("198.18.1.0/24", [1, 2])] },
    { name: "one operator only", views: [degraded(1, { address: "198.18.1.10" })], settings: {}, expected: [] },
    { name: "one operator two targets", views: [degraded(1, { targetId: 101 }), degraded(1, { targetId: 102 })], settings: {}, expected: [] },
    { name: "different /24", views: [degraded(1), degraded(2)], settings: {}, expected: [] },
    { name: "mapped and plain address", views: [degraded(1, { address: "::ffff:198.18.1.10" }), degraded(2, { address: "198.18.1.10" })], settings: {}, expected: [shared("198.18.1.10", [1, 2])] },
    { name: "two on one IPv6 /48", views: [degraded(1, { address: "2001:db8:1:a::1" }), degraded(2, { address: "2001:db8:1:b::1" })], settings: {}, expected: [shared("2001:db8:1::/48", [1, 2])] },
    { name: "different IPv6 /48", views: [degraded(1, { address: "2001:db8:1::1" }), degraded(2, { address: "2001:db8:2::1" })], settings: {}, expected: [] },
    { name: "no addresses", views: [degraded(1, { address: null }), degraded(2, { address: null })], settings: {}, expected: [] },
    // 198.18.1.10 and 198.18.2.10 in the hex form of IPv4-mapped IPv6 addresses.
    { name: "hex mapped, different /24", views: [degraded(1, { address: "::ffff:c612:10a" }), degraded(2, { address: "::ffff:c612:20a" })], settings: {}, expected: [] },
    {
      name: "minimum three, two share",
      views: [degraded(1, { address: "198.18.1.10" }), degraded(2, { address: "198.18.1.10" }), degraded(3)],
      settings: { sharedMinOperators: 3 },
      expected: [],
    },
    {
      name: "minimum three, three share",
      views: [degraded(1, { address: "198.18.1.10" }), degraded(2, { address: "198.18.1.10" }), degraded(3, { address: "198.18.1.10" })],
      settings: { sharedMinOperators: 3 },
      expected: [shared("198.18.1.10", [1, 2, 3], 3)],
    },
    {
      name: "two address groups, one /24",
      views: [
        degraded(1, { address: "198.18.1.10" }),
        degraded(2, { address: "198.18.1.10" }),
        degraded(3, { address: "198.18.1.20" }),
        degraded(4, { address: "198.18.1.20" }),
      ],
      settings: {},
      expected: [shared("198.18.1.10", [1, 2]), shared("198.18.1.20", [3, 4])],
    },
    {
      // The /24 adds operator 3, so it is reported too, with every operator on it.
      name: "address group plus /24 neighbor",
      views: [degraded(1, { address: "198.18.1.10" }), degraded(2, { address: "198.18.1.10" }), degraded(3, { address: "198.18.1.20" })],
      settings: {},
      expected: [shared("198.18.1.10", [1, 2]), shared("198.18.1.0/24", [1, 2, 3])],
    },
  ])("$name", ({ views, settings, expected }) => {
    expect(firedOf(views, "shared", settings)).toEqual(expected);
  });
});

describe("evaluate", () => {
  it("fires rules strongest first", () => {
    const views = [
      degraded(1, { sector: "water", address: "198.18.1.10" }),
      degraded(2, { sector: "water", address: "198.18.1.10" }),
      degraded(3, { sector: "water" }),
      degraded(4, { sector: "water" }),
    ];

    const evaluation = evaluate(views, NOW, SETTINGS, NOTHING_SILENCED);

    expect(evaluation.rules.map((fired) => fired.rule)).toEqual(["operators", "sector", "shared"]);
    expect(evaluation.at).toEqual(NOW);
  });

  it("no degraded targets, no rules", () => {
    const evaluation = evaluate([up(1), up(2), up(3)], NOW, SETTINGS, NOTHING_SILENCED);

    expect(evaluation.operators).toEqual([]);
    expect(evaluation.rules).toEqual([]);
  });
});

describe("strongestRule", () => {
  const fired = (rule: CorrelationRule): FiredRule =>
    rule === "operators"
      ? { rule, operators: 3, networks: 3, minimum: 3 }
      : rule === "sector"
        ? { rule, sector: "water", degraded: 2, total: 2, share: 1, minimumShare: 0.5, minimum: 2 }
        : { rule, network: "198.18.1.10", operators: ["Operator 1", "Operator 2"], minimum: 2 };

  it.each([
    { name: "no rules", rules: [] as CorrelationRule[], strongest: null },
    { name: "shared alone", rules: ["shared"] as CorrelationRule[], strongest: "shared" },
    { name: "shared and sector", rules: ["shared", "sector"] as CorrelationRule[], strongest: "sector" },
    { name: "shared and operators", rules: ["shared", "operators"] as CorrelationRule[], strongest: "operators" },
    { name: "all three", rules: ["sector", "shared", "operators"] as CorrelationRule[], strongest: "operators" },
  ])("$name", ({ rules, strongest }) => {
    expect(strongestRule(rules.map(fired))).toBe(strongest);
  });
});
