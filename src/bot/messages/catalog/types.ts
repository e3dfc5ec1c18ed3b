// The shape every message catalog fills. Records over the domain's unions make
// a new state, enum value or error code fail to compile until each locale
// has its text.
import type { DomainErrorCode } from "../../../phases/errors.ts";
import type { IncidentState } from "../../../phases/states.ts";
import type {
  AttackVector,
  Credibility,
  DetectionStatus,
  MitigationAction,
  MitigationEffect,
  NoticeSource,
} from "../../commands/types.ts";

export type RequestState = "requested" | "acknowledged" | "done" | "declined";

export type FieldLabel =
  | "targets"
  | "attacker"
  | "profile"
  | "source"
  | "link"
  | "expected"
  | "credibility"
  | "observed"
  | "vectors"
  | "start"
  | "end"
  | "peak"
  | "status"
  | "action"
  | "scope"
  | "effect"
  | "to"
  | "text"
  | "state"
  | "methods"
  | "response"
  | "damage"
  | "lessons"
  | "publishable"
  | "notes"
  | "affected"
  | "notAffected"
  | "noAnswer"
  | "noticeToDetection"
  | "detectionToMitigation"
  | "toAcknowledge"
  | "toDone"
  | "reportedBy";

type Params = Record<string, string | number>;

export interface PhaseCounts {
  notices: number;
  detections: number;
  mitigations: number;
  requests: number;
  openRequests: number;
  retrospective: boolean;
}

export interface Catalog {
  states: Record<IncidentState, string>;
  sources: Record<NoticeSource, string>;
  credibilities: Record<Credibility, string>;
  vectors: Record<AttackVector, string>;
  detectionStatuses: Record<DetectionStatus, string>;
  actions: Record<MitigationAction, string>;
  effects: Record<MitigationEffect, string>;
  requestStates: Record<RequestState, string>;
  fields: Record<FieldLabel, string>;
  yes: string;
  no: string;
  none: string;
  listSeparator: string;
  domainErrors: Record<DomainErrorCode, (params: Params) => string>;
  text: {
    incidentOpened: (incident: number) => string;
    noticePosted: (notice: number, incident: number) => string;
    detectionReported: (incident: number, org: string) => string;
    mitigationLogged: (incident: number, org: string) => string;
    requestSent: (request: string, to: string, incident: number) => string;
    requestAcknowledged: (request: string) => string;
    requestDone: (request: string) => string;
    requestDeclined: (request: string) => string;
    retrospectiveOpened: (incident: number) => string;
    retrospectiveUpdated: (incident: number) => string;
    incidentClosed: (incident: number) => string;
    incidentStateNow: (state: string) => string;
    statusTitle: (incident: number, title: string) => string;
    overviewTitle: (count: number) => string;
    listTitle: (shown: number, total: number, filter: string) => string;
    listEmpty: string;
    listFilters: Record<"open" | "closed" | "all", string>;
    nextHeading: string;
    next: {
      detect: (incident: number) => string;
      notAffected: (incident: number) => string;
      mitigate: (incident: number) => string;
      request: (incident: number) => string;
      answerRequest: (request: string, to: string) => string;
      completeRequest: (request: string) => string;
      subsided: (incident: number) => string;
      review: (incident: number) => string;
      reviewMore: (incident: number) => string;
      close: (incident: number) => string;
      status: (incident: number) => string;
    };
    notices: string;
    detections: string;
    mitigations: string;
    requests: string;
    retrospective: string;
    metrics: string;
    /** Shown instead of a negative notice-to-detection time: the attack was seen before it was announced. */
    detectionBeforeNotice: (duration: string) => string;
    /** Shown instead of a negative detection-to-mitigation time: the mitigation was in place before the attack. */
    mitigationBeforeDetection: (duration: string) => string;
    unknownMember: (org: string, user: string) => string;
    withheld: (tlp: string) => string;
    undelivered: (destination: string, count: number, oldest: string) => string;
    withheldTitle: (tlp: string) => string;
    withheldRecord: (tlp: string, org: string) => string;
    phaseCounts: (counts: PhaseCounts) => string;
    postedBy: (org: string, user: string, platform: string) => string;
    stateChanged: (from: string, to: string) => string;
    internalError: (reference: string) => string;
  };
  help: {
    title: string;
    intro: string[];
    usage: string;
    fields: string;
    examples: string;
    required: string;
    allowed: string;
    aliases: string;
    topicHint: string;
  };
}
