// Times computed per incident from its records. All durations are in
// milliseconds; undefined where the records do not allow the computation yet.
import type { CoordinationRequest, Detection, Mitigation, Notice } from "../generated/prisma/client.ts";

export interface RequestTimes {
  requestId: number;
  toAcknowledgeMs?: number;
  toDoneMs?: number;
}

export interface IncidentMetrics {
  noticeToDetectionMs?: number;
  detectionToMitigationMs?: number;
  requests: RequestTimes[];
}

function earliest(dates: (Date | null | undefined)[]): Date | undefined {
  const times = dates.filter((date): date is Date => date instanceof Date).map((date) => date.getTime());
  return times.length === 0 ? undefined : new Date(Math.min(...times));
}

function between(from: Date | undefined | null, to: Date | undefined | null): number | undefined {
  return from && to ? to.getTime() - from.getTime() : undefined;
}

export function computeMetrics(records: {
  notices: Notice[];
  detections: Detection[];
  mitigations: Mitigation[];
  requests: CoordinationRequest[];
}): IncidentMetrics {
  const firstNotice = earliest(records.notices.map((notice) => notice.createdAt));
  const observed = records.detections.filter((detection) => detection.observed);
  const firstDetection = earliest(observed.map((detection) => detection.startedAt ?? detection.createdAt));
  const firstMitigation = earliest(records.mitigations.map((mitigation) => mitigation.startedAt));

  return {
    noticeToDetectionMs: between(firstNotice, firstDetection),
    detectionToMitigationMs: between(firstDetection, firstMitigation),
    requests: records.requests.map((request) => ({
      requestId: request.id,
      toAcknowledgeMs: between(request.requestedAt, request.acknowledgedAt),
      toDoneMs: between(request.requestedAt, request.doneAt),
    })),
  };
}
