// Markdown section of the detection benchmark for docs/benchmarks.md: setup,
// per-scenario results, the quiet week, and each aim met or missed.

import { DEFAULT_CORRELATION } from "../src/probe/correlate/config.ts";
import { DEFAULT_HEALTH_CONFIG } from "../src/probe/health.ts";
import { BEHAVIOURS } from "./detect-behaviour.ts";
import type { ProbeSample } from "./detect-replay.ts";
import type { ScenarioVerdict } from "./detect-results.ts";
import type { Scenario } from "./detect-scenarios.ts";
import type { Topology } from "./detect-topology.ts";
import type { RecordedProbe, WeekResult } from "./detect-week.ts";
import type { Machine } from "./machine.ts";

export interface RecordedNoise {
  probes: number;
  badProbes: number;
  /** Share of unscripted probes whose outcome was not ok. */
  badRate: number;
  okPool: RecordedProbe[];
  badPool: RecordedProbe[];
  /** Outcome counts per behaviour the server played, over all probes. */
  outcomesByBehaviour: Map<string, Map<string, number>>;
}

export interface DetectReportInput {
  command: string;
  date: string;
  machine: Machine;
  seed: number;
  noiseRate: number;
  topology: Topology;
  verdicts: ScenarioVerdict[];
  recorded: RecordedNoise;
  weeks: WeekResult[];
  totalSeconds: number;
}

/** Pools the unscripted probes of all replays for the quiet week, and counts outcomes per behaviour. */
export function summarizeSamples(verdicts: readonly ScenarioVerdict[]): RecordedNoise {
  const samples: ProbeSample[] = verdicts.flatMap((verdict) => verdict.replay.samples);
  const okPool: RecordedProbe[] = [];
  const badPool: RecordedProbe[] = [];
  const outcomesByBehaviour = new Map<string, Map<string, number>>();
  for (const sample of samples) {
    const counts = outcomesByBehaviour.get(sample.behaviour) ?? new Map<string, number>();
    counts.set(sample.outcome, (counts.get(sample.outcome) ?? 0) + 1);
    outcomesByBehaviour.set(sample.behaviour, counts);
    if (sample.scripted) continue;
    (sample.outcome === "ok" ? okPool : badPool).push({ outcome: sample.outcome, totalMs: sample.totalMs });
  }
  const probes = okPool.length + badPool.length;
  return { probes, badProbes: badPool.length, badRate: probes === 0 ? 0 : badPool.length / probes, okPool, badPool, outcomesByBehaviour };
}

function percent(value: number, digits = 2): string {
  return `${(value * 100).toFixed(digits)}%`;
}

function troubleRounds(scenario: Scenario, topology: Topology): string {
  const rounds: number[] = [];
  for (let round = 0; round < scenario.rounds; round += 1) {
    const scripted = scenario.canaryBehaviour(round) !== null || topology.operators.some((operator) => scenario.operatorBehaviour(round, operator.name) !== null);
    if (scripted) rounds.push(round);
  }
  return rounds.length === 0 ? "none" : `${rounds[0]}–${rounds.at(-1)}`;
}

function expectationLabel(scenario: Scenario): string {
  switch (scenario.expect) {
    case "none":
      return "no alert";
    case "connectivity":
      return "connectivity alert";
    default:
      return `correlated, rule ${scenario.expect}`;
  }
}

function resultRow(verdict: ScenarioVerdict, topology: Topology): string {
  const { scenario, rightAlert: alert } = verdict;
  const cell = (value: number | null | undefined) => (value === null || value === undefined ? "–" : String(value));
  let fired = alert === null ? "**missed**" : `${alert.kind} #${alert.id}`;
  if (alert === null && scenario.expect === "none") fired = "none (right)";
  const rule = alert === null || alert.kind !== "correlated" ? "–" : alert.rulesSeen.join(" → ");
  const falseCount = verdict.falseAlerts.length === 0 ? "0" : `**${verdict.falseAlerts.length}**`;
  return `| ${scenario.title} | ${troubleRounds(scenario, topology)} | ${expectationLabel(scenario)} | ${fired} | ${rule} | ${cell(alert?.openedRound)} | ${cell(verdict.thirdDegradedRound)} | ${cell(verdict.roundsAfterThird)} | ${cell(verdict.roundsAfterStart)} | ${alert === null ? "–" : (alert.resolvedRound ?? "open at end")} | ${falseCount} |`;
}

function scenarioNotes(verdict: ScenarioVerdict): string[] {
  const lines = [`- **${verdict.scenario.title}.** ${verdict.scenario.story}`];
  if (verdict.firstDegraded.size > 0) {
    const times = (operator: string) => verdict.replay.rounds.filter((round) => round.degraded.includes(operator)).length;
    const degraded = [...verdict.firstDegraded].map(([operator, round]) => `${operator} r${round}${times(operator) > 1 ? ` (${times(operator)} times)` : ""}`).join(", ");
    lines.push(`  First degraded: ${degraded}.`);
  }
  for (const { alert, reason } of verdict.falseAlerts) {
    lines.push(`  False alert: ${alert.kind} #${alert.id}, opened in round ${alert.openedRound}, members ${alert.members.join(", ") || "–"}: ${reason}.`);
  }
  const walls = verdict.replay.rounds.map((round) => round.wallMs).sort((a, b) => a - b);
  lines.push(`  ${walls.length} rounds in ${(verdict.replay.wallMs / 1000).toFixed(1)} s (round median ${walls[Math.floor(walls.length / 2)]!.toFixed(0)} ms, max ${walls.at(-1)!.toFixed(0)} ms).`);
  return lines;
}

interface Aim {
  text: string;
  met: boolean;
  detail: string;
}

function evaluateAims(input: DetectReportInput): Aim[] {
  const byKey = new Map(input.verdicts.map((verdict) => [verdict.scenario.key, verdict]));
  const aims: Aim[] = [];

  const campaigns = input.verdicts.filter((verdict) => verdict.scenario.expect === "operators");
  if (campaigns.length > 0) {
    const late = campaigns.filter((verdict) => !verdict.ruleCorrect || verdict.roundsAfterThird === null || verdict.roundsAfterThird > 2);
    aims.push({
      text: "Every campaign alerted (rule operators) within 2 rounds of its third operator degrading",
      met: late.length === 0,
      detail: campaigns.map((verdict) => `${verdict.scenario.key}: ${verdict.roundsAfterThird ?? "no alert"} rounds, rule ${verdict.rightAlert?.rulesSeen.join(" → ") ?? "–"}`).join("; "),
    });
  }

  const quiet = byKey.get("quiet");
  const week = input.weeks[0];
  if (quiet !== undefined || week !== undefined) {
    const quietAlerts = quiet?.replay.alerts.filter((alert) => alert.kind === "correlated").length ?? 0;
    const weekAlerts = week?.alerts.filter((alert) => alert.kind === "correlated").length ?? 0;
    aims.push({
      text: "Zero false correlated alerts in the quiet week",
      met: quietAlerts === 0 && weekAlerts === 0,
      detail: `${quietAlerts} in ${quiet?.replay.rounds.length ?? 0} real rounds; ${weekAlerts} in the ${week?.rounds ?? 0}-round replay at the recorded rate`,
    });
  }

  const notCampaign = ["single-site", "flapping", "own-network"].map((key) => byKey.get(key)).filter((verdict) => verdict !== undefined);
  if (notCampaign.length > 0) {
    aims.push({
      text: "Single-site, flapping and own-network cases never reported as a campaign (rule operators)",
      met: notCampaign.every((verdict) => !verdict.reportedAsCampaign),
      detail: notCampaign.map((verdict) => `${verdict.scenario.key}: ${verdict.replay.alerts.filter((alert) => alert.kind === "correlated").length} correlated alerts`).join("; "),
    });
  }

  const shared = byKey.get("shared-hosting");
  if (shared !== undefined) {
    aims.push({
      text: "Shared hosting reported as rule shared, never operators",
      met: shared.ruleCorrect && !shared.reportedAsCampaign,
      detail: `rules seen: ${shared.rightAlert?.rulesSeen.join(" → ") ?? "no alert"}`,
    });
  }

  const own = byKey.get("own-network");
  if (own !== undefined) {
    const connectivity = own.replay.alerts.filter((alert) => alert.kind === "connectivity").length;
    const correlated = own.replay.alerts.filter((alert) => alert.kind === "correlated").length;
    aims.push({
      text: "Own-network loss raises one connectivity alert and no correlated alert",
      met: connectivity === 1 && correlated === 0 && own.rightAlert !== null,
      detail: `${connectivity} connectivity, ${correlated} correlated`,
    });
  }
  return aims;
}

function weekRows(input: DetectReportInput): string[] {
  const quiet = input.verdicts.find((verdict) => verdict.scenario.key === "quiet");
  const rows = ["| Replay | Rounds | Bad probes | Target degrades | Max operators counted at once | Correlated alerts | Wall time |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"];
  if (quiet !== undefined) {
    const degrades = quiet.replay.rounds.reduce((sum, round) => sum + round.degraded.length, 0);
    const probes = quiet.replay.samples.length;
    const bad = quiet.replay.samples.filter((sample) => sample.outcome !== "ok").length;
    const alerts = quiet.replay.alerts.filter((alert) => alert.kind === "correlated").length;
    rows.push(`| Real probes through the service | ${quiet.replay.rounds.length} | ${bad} of ${probes} (${percent(bad / probes)}) | ${degrades} operator degrades | – | ${alerts} | ${(quiet.replay.wallMs / 1000).toFixed(0)} s |`);
  }
  for (const [index, week] of input.weeks.entries()) {
    const label = index === 0 ? "Synthetic week, recorded rate" : `Synthetic week, stress rate ${percent(week.badRate, 0)} (not an aim)`;
    const alerts = week.alerts.filter((alert) => alert.kind === "correlated");
    const byRule = new Map<string, number>();
    for (const alert of alerts) byRule.set(alert.rule ?? "-", (byRule.get(alert.rule ?? "-") ?? 0) + 1);
    const rules = alerts.length === 0 ? "" : ` (${[...byRule].map(([rule, count]) => `${count} rule ${rule}`).join(", ")})`;
    rows.push(`| ${label} | ${week.rounds} | ${week.badObservations} of ${week.observations} (${percent(week.badRate)}) | ${week.targetDegrades} | ${week.maxOperatorsCounted} | ${alerts.length}${rules} | ${(week.wallMs / 1000).toFixed(0)} s |`);
  }
  return rows;
}

function behaviourRows(recorded: RecordedNoise): string[] {
  const rows = ["| Server behaviour | Probe outcomes |", "| --- | --- |"];
  for (const behaviour of BEHAVIOURS) {
    const counts = recorded.outcomesByBehaviour.get(behaviour);
    if (counts === undefined) continue;
    const text = [...counts].sort(([, a], [, b]) => b - a).map(([outcome, count]) => `${outcome} ${count}`).join(", ");
    rows.push(`| ${behaviour} | ${text} |`);
  }
  return rows;
}

export function renderDetectReport(input: DetectReportInput): string {
  const { machine, topology, recorded } = input;
  const aims = evaluateAims(input);
  const correlation = DEFAULT_CORRELATION;
  const health = DEFAULT_HEALTH_CONFIG;
  return [
    "## Correlated-degradation detection",
    "",
    `Command: \`${input.command}\``,
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB memory, Node.js ${machine.node}, Linux ${machine.kernel}`,
    `Date: ${input.date}`,
    `Seed: ${input.seed} (rerun with \`--seed=${input.seed}\`); total run time ${(input.totalSeconds / 60).toFixed(1)} min`,
    "",
    `${topology.operators.length} operators in 6 sectors with ${topology.targets.length} plain-HTTP URLs, each its own`,
    "origin on a 127.x.y.z loopback address served by a local server process. Independent",
    "operators each have their own /24; six operators (one per sector) share one hosting",
    "/24. Each scenario runs on a fresh SQLite file through the real service (`startProbing`,",
    "`runTick` per round, real HTTP probes with `timeoutMs` 1500 and `slowThresholdMs` 1000)",
    "and then one `correlator.evaluate()` per round. Rounds are 60 s apart on an injected",
    "clock; the probe engine stamps results with the wall clock, so the benchmark wraps the",
    "real probe and moves `startedAt` onto the simulated clock.",
    `Detector settings are the defaults: window ${correlation.windowMinutes} min, ${correlation.minOperators} operators on distinct networks,`,
    `sector share ${correlation.sectorShare} with at least ${correlation.sectorMinOperators}, shared at ${correlation.sharedMinOperators} operators, resolve after ${correlation.resolveAfterMinutes} min;`,
    `a target degrades after ${health.degradeAfter} bad probes and recovers after ${health.recoverAfter} good ones.`,
    `Background noise: each probe (and canary) fails with probability ${percent(input.noiseRate)} (timeout, 503`,
    `or reset, equally likely); the unscripted probes recorded ${recorded.badProbes} bad outcomes in ${recorded.probes} (${percent(recorded.badRate)}).`,
    "",
    "Round numbers below are 0-based; one round is one simulated minute.",
    "",
    "| Scenario | Trouble in rounds | Expected | Alert | Rule | Opened in round | 3rd operator degraded in round | Rounds after 3rd | Rounds after start | Resolved in round | False alerts |",
    "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...input.verdicts.map((verdict) => resultRow(verdict, topology)),
    "",
    ...input.verdicts.flatMap(scenarioNotes),
    "",
    "### Quiet week",
    "",
    "10,080 rounds of real probes would take hours, so the week has two parts. The real part is",
    "scenario 7a above. The synthetic part replays 10,080 rounds for every target through the",
    "real `updateHealth`, the real correlator (rules, episodes, alert rows) and a real SQLite",
    "file, with observations drawn from the outcomes and times the real rounds recorded:",
    "bad with the recorded rate, otherwise a recorded ok probe. No HTTP is sent in that part,",
    "noise is independent per probe, and canaries are not configured.",
    "",
    ...weekRows(input),
    "",
    "### Aims",
    "",
    ...aims.map((aim) => `- ${aim.met ? "Met" : "**Missed**"}: ${aim.text} (${aim.detail}).`),
    "",
    "### Server behaviours as the prober saw them",
    "",
    ...behaviourRows(recorded),
  ].join("\n");
}
