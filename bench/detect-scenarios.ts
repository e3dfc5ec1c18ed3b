// Scripted scenarios of the detection benchmark. Each names the operators it
// troubles, what their targets do in each round, and which alert the
// detector should raise. Rounds are one minute apart on the simulated clock.

import type { Behaviour } from "./detect-behaviour.ts";

/** Alert the scenario should raise: a correlated alert with this rule, a connectivity alert, or none. */
export type Expectation = "operators" | "shared" | "connectivity" | "none";

export interface Scenario {
  key: string;
  title: string;
  /** One sentence on what happens, for the report. */
  story: string;
  rounds: number;
  /** First round with scripted trouble. */
  startRound: number;
  expect: Expectation;
  /** Configure the three canary URLs. */
  canaries: boolean;
  /** Operators whose trouble is scripted. */
  involved: string[];
  /** Scripted behaviour of all targets of `operator` in `round`, or null to leave them to the background noise. */
  operatorBehaviour(round: number, operator: string): Behaviour | null;
  /** Scripted behaviour of every canary in `round`, or null for background noise. */
  canaryBehaviour(round: number): Behaviour | null;
}

/** Rounds before any scripted trouble: targets need 2 good probes to be up and 5 for a response-time baseline. */
const WARM_UP_ROUNDS = 8;

function inRange(round: number, first: number, count: number): boolean {
  return round >= first && round < first + count;
}

function campaign(): Scenario {
  const start = WARM_UP_ROUNDS;
  const attacked = new Map<string, Behaviour>([
    ["Finance 02", "hang"],
    ["Finance 05", "http503"],
    ["Power 03", "refused"],
    ["Power 07", "reset"],
    ["Railways 04", "slow"],
  ]);
  return {
    key: "campaign",
    title: "1. Campaign, 5 operators in 3 sectors",
    story: `From round ${start}, 5 operators on independent /24s in 3 sectors fail for 10 rounds (timeout, 503, refused, reset, slow), then recover.`,
    rounds: start + 20,
    startRound: start,
    expect: "operators",
    canaries: false,
    involved: [...attacked.keys()],
    operatorBehaviour: (round, operator) => (inRange(round, start, 10) ? (attacked.get(operator) ?? null) : null),
    canaryBehaviour: () => null,
  };
}

function spreadingCampaign(): Scenario {
  const start = WARM_UP_ROUNDS;
  const downRounds = 8;
  // Offsets alternate 3 and 4 rounds apart. Each operator is down for 8 rounds, so early ones recover while later ones fall.
  const waves: Array<[string, number, Behaviour]> = [
    ["Telecom 01", 0, "hang"],
    ["Medical 03", 3, "http503"],
    ["Logistics 06", 7, "refused"],
    ["Finance 08", 10, "reset"],
    ["Railways 02", 14, "hang"],
    ["Power 05", 17, "http503"],
  ];
  return {
    key: "spreading",
    title: "2. Slowly spreading campaign",
    story: `From round ${start}, a new operator on its own /24 fails every 3 or 4 rounds (6 operators, 5 sectors), each for ${downRounds} rounds.`,
    rounds: start + 17 + downRounds + 12,
    startRound: start,
    expect: "operators",
    canaries: false,
    involved: waves.map(([name]) => name),
    operatorBehaviour(round, operator) {
      const wave = waves.find(([name]) => name === operator);
      return wave !== undefined && inRange(round, start + wave[1], downRounds) ? wave[2] : null;
    },
    canaryBehaviour: () => null,
  };
}

function singleSite(): Scenario {
  const start = WARM_UP_ROUNDS;
  return {
    key: "single-site",
    title: "3. One site's outage",
    story: `From round ${start}, one operator (2 URLs on its own /24) times out for 20 rounds.`,
    rounds: start + 28,
    startRound: start,
    expect: "none",
    canaries: false,
    involved: ["Medical 06"],
    operatorBehaviour: (round, operator) => (operator === "Medical 06" && inRange(round, start, 20) ? "hang" : null),
    canaryBehaviour: () => null,
  };
}

function sharedHosting(): Scenario {
  const start = WARM_UP_ROUNDS;
  const hosted = ["Finance 10", "Power 10", "Railways 10", "Telecom 10"];
  return {
    key: "shared-hosting",
    title: "4. Shared-hosting outage",
    story: `From round ${start}, 4 of the 6 operators on one hosting /24 (4 sectors) time out together for 10 rounds.`,
    rounds: start + 20,
    startRound: start,
    expect: "shared",
    canaries: false,
    involved: hosted,
    operatorBehaviour: (round, operator) => (hosted.includes(operator) && inRange(round, start, 10) ? "hang" : null),
    canaryBehaviour: () => null,
  };
}

function flapping(): Scenario {
  const start = WARM_UP_ROUNDS;
  const cycles = 5;
  return {
    key: "flapping",
    title: "5. Flapping site",
    story: `From round ${start}, one operator returns 503 for 3 rounds and 200 for 2, ${cycles} times, so it degrades and recovers ${cycles} times.`,
    rounds: start + cycles * 5 + 8,
    startRound: start,
    expect: "none",
    canaries: false,
    involved: ["Logistics 04"],
    operatorBehaviour(round, operator) {
      if (operator !== "Logistics 04" || !inRange(round, start, cycles * 5)) return null;
      return (round - start) % 5 < 3 ? "http503" : null;
    },
    canaryBehaviour: () => null,
  };
}

function ownConnectivity(): Scenario {
  const start = WARM_UP_ROUNDS;
  const lostRounds = 6;
  return {
    key: "own-network",
    title: "6. Prober's own connectivity lost",
    story: `From round ${start}, the 3 canaries and every target time out for ${lostRounds} rounds.`,
    rounds: start + lostRounds + 8,
    startRound: start,
    expect: "connectivity",
    canaries: true,
    involved: [],
    operatorBehaviour: (round) => (inRange(round, start, lostRounds) ? "hang" : null),
    canaryBehaviour: (round) => (inRange(round, start, lostRounds) ? "hang" : null),
  };
}

function quietRounds(rounds: number): Scenario {
  return {
    key: "quiet",
    title: "7a. Quiet rounds, real probes",
    story: `${rounds} rounds (${(rounds / 60).toFixed(1)} simulated hours) of background noise only.`,
    rounds,
    startRound: 0,
    expect: "none",
    canaries: false,
    involved: [],
    operatorBehaviour: () => null,
    canaryBehaviour: () => null,
  };
}

/** Builds the scenarios that replay through real probes, in report order. */
export function buildScenarios(quietRoundCount: number): Scenario[] {
  return [campaign(), spreadingCampaign(), singleSite(), sharedHosting(), flapping(), ownConnectivity(), quietRounds(quietRoundCount)];
}
