// Judges one replayed scenario: which alert was the right one, how many
// rounds it took, and which alerts were false.

import type { AlertRecord, ReplayResult } from "./detect-replay.ts";
import type { Scenario } from "./detect-scenarios.ts";

export interface FalseAlert {
  alert: AlertRecord;
  reason: string;
}

export interface ScenarioVerdict {
  scenario: Scenario;
  replay: ReplayResult;
  /** First round at or after the start in which each involved operator degraded; absent when it never did. */
  firstDegraded: Map<string, number>;
  /** Round in which the third involved operator degraded, or null with fewer than three. */
  thirdDegradedRound: number | null;
  /** The alert the scenario expects, if it fired. */
  rightAlert: AlertRecord | null;
  /** For correlated expectations: the right alert opened with the expected rule and never showed another. */
  ruleCorrect: boolean;
  roundsAfterThird: number | null;
  roundsAfterStart: number | null;
  falseAlerts: FalseAlert[];
  /** Some alert of this scenario carried the rule "operators" at any round. */
  reportedAsCampaign: boolean;
}

function firstDegradedRounds(scenario: Scenario, replay: ReplayResult): Map<string, number> {
  const first = new Map<string, number>();
  for (const round of replay.rounds) {
    if (round.round < scenario.startRound) continue;
    for (const operator of round.degraded) {
      if (scenario.involved.includes(operator) && !first.has(operator)) first.set(operator, round.round);
    }
  }
  return first;
}

function findRightAlert(scenario: Scenario, alerts: readonly AlertRecord[]): AlertRecord | null {
  const afterStart = alerts.filter((alert) => alert.openedRound >= scenario.startRound);
  switch (scenario.expect) {
    case "none":
      return null;
    case "connectivity":
      return afterStart.find((alert) => alert.kind === "connectivity") ?? null;
    default:
      return afterStart.find((alert) => alert.kind === "correlated" && alert.members.some((member) => scenario.involved.includes(member))) ?? null;
  }
}

function falseReason(scenario: Scenario, alert: AlertRecord, right: AlertRecord | null): string | null {
  if (alert === right) {
    if (scenario.expect === "operators" || scenario.expect === "shared") {
      const wrong = alert.rulesSeen.filter((rule) => rule !== scenario.expect);
      return wrong.length === 0 ? null : `rule ${alert.rulesSeen.join(" -> ")} where ${scenario.expect} was expected`;
    }
    return null;
  }
  if (alert.openedRound < scenario.startRound) return "opened during the warm-up, before any scripted trouble";
  if (alert.kind === "connectivity") return right?.kind === "connectivity" ? "second connectivity alert" : "connectivity alert without a connectivity loss";
  if (scenario.expect === "none") return `correlated alert (rule ${alert.rulesSeen.join(" -> ")}) where none should fire`;
  if (scenario.expect === "connectivity") return `correlated alert (rule ${alert.rulesSeen.join(" -> ")}) during the prober's own connectivity loss`;
  return right === null ? "correlated alert without an involved operator" : "second correlated alert in one scenario";
}

export function judgeScenario(scenario: Scenario, replay: ReplayResult): ScenarioVerdict {
  const firstDegraded = firstDegradedRounds(scenario, replay);
  const ordered = [...firstDegraded.values()].sort((a, b) => a - b);
  const thirdDegradedRound = ordered.length >= 3 ? ordered[2]! : null;
  const rightAlert = findRightAlert(scenario, replay.alerts);

  const falseAlerts: FalseAlert[] = [];
  for (const alert of replay.alerts) {
    const reason = falseReason(scenario, alert, rightAlert);
    if (reason !== null) falseAlerts.push({ alert, reason });
  }
  const ruleCorrect = rightAlert !== null && rightAlert.rulesSeen.every((rule) => rule === scenario.expect);
  return {
    scenario,
    replay,
    firstDegraded,
    thirdDegradedRound,
    rightAlert,
    ruleCorrect,
    roundsAfterThird: rightAlert !== null && thirdDegradedRound !== null ? rightAlert.openedRound - thirdDegradedRound : null,
    roundsAfterStart: rightAlert === null ? null : rightAlert.openedRound - scenario.startRound,
    falseAlerts,
    reportedAsCampaign: replay.alerts.some((alert) => alert.rulesSeen.includes("operators")),
  };
}
