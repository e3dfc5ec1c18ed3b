// Incident states and the one table of allowed transitions.

export const INCIDENT_STATES = ["predicted", "under_attack", "mitigating", "subsided", "under_review", "closed"] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

const ALLOWED: Record<IncidentState, readonly IncidentState[]> = {
  predicted: ["under_attack", "mitigating", "subsided", "under_review", "closed"],
  under_attack: ["mitigating", "subsided", "under_review", "closed"],
  mitigating: ["under_attack", "subsided", "under_review", "closed"],
  // A subsided or reviewed attack can flare up again.
  subsided: ["under_attack", "mitigating", "under_review", "closed"],
  under_review: ["under_attack", "mitigating", "closed"],
  closed: [],
};

export function canTransition(from: IncidentState, to: IncidentState): boolean {
  return ALLOWED[from].includes(to);
}

export function isIncidentState(value: string): value is IncidentState {
  return (INCIDENT_STATES as readonly string[]).includes(value);
}
