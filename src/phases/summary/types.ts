// The contents of a weekly summary before rendering. Items that carry record
// details (titles, targets, attacker names, free text) keep the TLP label of
// their record, so a renderer can show them only to audiences cleared for it
// and count the rest.
import type { Tlp } from "../../bot/commands/types.ts";
import type { IncidentState } from "../states.ts";
import type { Week } from "./week.ts";

export interface Labelled<T> {
  tlp: Tlp;
  item: T;
}

export interface NoticeItem {
  noticeId: number;
  incidentId: number;
  targets: string[];
  attacker?: string;
}

export interface IncidentItem {
  incidentId: number;
  title: string;
  /** State at the end of the week, or now for a week still in progress. */
  state: IncidentState;
}

export interface OpenRequestItem {
  requestId: number;
  incidentId: number;
  fromOrg: string;
  toOrg: string;
  text: string;
  urgent: boolean;
  state: "requested" | "acknowledged";
  requestedAt: Date;
}

export interface OpenRetrospectiveItem {
  incidentId: number;
  title: string;
  state: IncidentState;
  /**
   * not_started: subsided or under review without a retrospective.
   * in_progress: a retrospective exists and the incident is not closed.
   */
  retrospective: "not_started" | "in_progress";
}

/** Median and maximum of a set of durations, in milliseconds. */
export interface DurationStats {
  count: number;
  medianMs?: number;
  maxMs?: number;
  /** The incident (and request) of the maximum. */
  maxOf?: { incidentId: number; requestId?: number };
}

export interface WeeklySummary {
  week: Week;
  /** The moment the summary was computed. States and open items are as of min(week.end, computedAt). */
  computedAt: Date;
  /** True when the week had not ended at computedAt. */
  inProgress: boolean;
  /** Notices recorded in the week. */
  notices: Labelled<NoticeItem>[];
  /** Incidents opened in the week. */
  opened: Labelled<IncidentItem>[];
  /** Incidents closed in the week. */
  closed: Labelled<IncidentItem>[];
  /** Incidents open at some time in the week, counted by their state at its end. */
  byState: Record<IncidentState, number>;
  /** Affected reports in the week: incident and organization pairs with an observed detection. */
  observedDetections: number;
  /**
   * Affected reports per attack vector named in them. A report naming several
   * vectors counts once for each, and one naming none counts under "unspecified".
   */
  detectionsByVector: Record<string, number>;
  /** Organizations with an observed detection in the week, labelled with their least restrictive such detection. */
  affectedOrgs: Labelled<string>[];
  /** Mitigations logged in the week. */
  mitigations: number;
  mitigationsByAction: Record<string, number>;
  /** From the first observed detection to the first mitigation, for incidents whose first mitigation started in the week. */
  detectionToMitigation: DurationStats;
  /** From request to acknowledgement, for requests acknowledged in the week. */
  requestToAcknowledgement: DurationStats;
  /** Coordination requests still requested or acknowledged at the end of the week. */
  openRequests: Labelled<OpenRequestItem>[];
  openRetrospectives: Labelled<OpenRetrospectiveItem>[];
}
