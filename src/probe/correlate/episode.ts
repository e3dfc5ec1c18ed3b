// Alert episodes as a pure function: given the open alert (if any) and a new
// evaluation, decide whether to open an alert, update it, only note that its
// operators are still degraded, or resolve it.
//
// One episode has one alert. Operators that degrade while it is open join it,
// even when they alone would not fire a rule, because they are part of the
// same picture. The alert resolves once none of its operators has been
// degraded for `resolveAfterMinutes`.

import { strongestRule } from "./rules.ts";
import { RULE_ORDER, type AlertChange, type AlertMember, type AlertState, type CorrelationRule, type DegradedOperator, type EpisodeDecision, type Evaluation } from "./types.ts";

export interface EpisodeSettings {
  resolveAfterMinutes: number;
}

function memberOf(operator: DegradedOperator, joinedAt: Date): AlertMember {
  return {
    operatorId: operator.operatorId,
    operator: operator.operator,
    sector: operator.sector,
    since: operator.since.toISOString(),
    joinedAt: joinedAt.toISOString(),
    recoveredAt: operator.degradedNow ? null : joinedAt.toISOString(),
    network: operator.network,
    addresses: operator.addresses,
    failures: operator.failures,
    medianMs: operator.medianMs,
    urls: operator.urls,
  };
}

/** Refreshes a member from the operator's current figures, keeping when it joined. */
function refreshed(member: AlertMember, operator: DegradedOperator | undefined, at: Date): AlertMember {
  if (operator === undefined || !operator.degradedNow) {
    return { ...member, recoveredAt: member.recoveredAt ?? at.toISOString() };
  }
  return {
    ...member,
    recoveredAt: null,
    network: operator.network ?? member.network,
    addresses: operator.addresses.length > 0 ? operator.addresses : member.addresses,
    failures: Object.keys(operator.failures).length > 0 ? operator.failures : member.failures,
    medianMs: operator.medianMs ?? member.medianMs,
    urls: [...new Set([...member.urls, ...operator.urls])],
  };
}

/** Decides what one evaluation does to the open alert, or whether it opens one. */
export function decideEpisode(open: AlertState | null, evaluation: Evaluation, settings: EpisodeSettings): EpisodeDecision {
  const at = evaluation.at;
  const rule = strongestRule(evaluation.rules);

  if (open === null) {
    // Operators that only recovered inside the window can join an alert, but cannot start one alone.
    if (rule === null || !evaluation.operators.some((operator) => operator.degradedNow)) return { kind: "none" };
    return { kind: "open", rule, rules: evaluation.rules, members: evaluation.operators.map((operator) => memberOf(operator, at)) };
  }

  const current = new Map(evaluation.operators.map((operator) => [operator.operatorId, operator]));
  const known = new Set(open.members.map((member) => member.operatorId));
  const joinedOperators = evaluation.operators.filter((operator) => !known.has(operator.operatorId) && operator.degradedNow);

  const change: AlertChange = { joined: [], recovered: [], degradedAgain: [], ruleFrom: null, ruleTo: null };
  // A silenced member keeps its last known state, because a silence is no evidence of recovery.
  const silenced = new Set(evaluation.silencedOperatorIds);
  const members = open.members.map((member) => {
    if (silenced.has(member.operatorId)) return member;
    const next = refreshed(member, current.get(member.operatorId), at);
    if (member.recoveredAt === null && next.recoveredAt !== null) change.recovered.push(member.operator);
    if (member.recoveredAt !== null && next.recoveredAt === null) change.degradedAgain.push(member.operator);
    return next;
  });
  for (const operator of joinedOperators) {
    members.push(memberOf(operator, at));
    change.joined.push(operator.operator);
  }

  // Silenced members do not keep the alert open.
  const degradedNow = members.some((member) => member.recoveredAt === null && !silenced.has(member.operatorId));
  if (!degradedNow && at.getTime() - open.lastDegradedAt.getTime() >= settings.resolveAfterMinutes * 60_000) {
    return { kind: "resolve", durationMs: at.getTime() - open.openedAt.getTime() };
  }

  // The alert keeps the strongest rule it reached: a campaign does not turn
  // back into a sector alert while its operators recover one by one.
  const nextRule = rule !== null && rankOf(rule) < rankOf(open.rule) ? rule : open.rule;
  if (nextRule !== open.rule) {
    change.ruleFrom = open.rule;
    change.ruleTo = nextRule;
  }
  const changed = change.joined.length + change.recovered.length + change.degradedAgain.length > 0 || change.ruleTo !== null;
  if (!changed) return { kind: "touch", rules: evaluation.rules.length > 0 ? evaluation.rules : open.rules, degradedNow };
  return { kind: "update", rule: nextRule, rules: evaluation.rules.length > 0 ? evaluation.rules : open.rules, members, change, degradedNow };
}

/** Returns the rule's position in RULE_ORDER; a lower rank is a stronger rule. */
function rankOf(rule: CorrelationRule): number {
  return RULE_ORDER.indexOf(rule);
}
