// Compact database row of one probe result: whole milliseconds, epoch
// integers for times, and the final URL only when a redirect changed it.

import type { ProbeResult } from "../types.ts";

/** Maximum length in characters of an error code or URL kept in a row. Longer values are cut. */
const MAX_ERROR_CODE = 64;
const MAX_URL = 2048;

/** Columns of ProbeResult in insert order. `address` is resolved to addressId by the insert statement. */
export const RESULT_COLUMNS = [
  "startedAtMs",
  "targetId",
  "outcome",
  "timeoutPhase",
  "errorCode",
  "statusCode",
  "dnsMs",
  "connectMs",
  "tlsMs",
  "firstByteMs",
  "totalMs",
  "bytesRead",
  "address",
  "finalUrl",
  "certExpiresAtSec",
] as const;

export type ResultRow = [
  startedAtMs: number,
  targetId: number,
  outcome: string,
  timeoutPhase: string | null,
  errorCode: string | null,
  statusCode: number | null,
  dnsMs: number | null,
  connectMs: number | null,
  tlsMs: number | null,
  firstByteMs: number | null,
  totalMs: number,
  bytesRead: number,
  address: string | null,
  finalUrl: string | null,
  certExpiresAtSec: number | null,
];

function wholeMs(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

export function toResultRow(targetId: number, result: ProbeResult): ResultRow {
  const { timings } = result;
  return [
    result.startedAt.getTime(),
    targetId,
    result.outcome,
    result.timeoutPhase,
    result.errorCode === null ? null : result.errorCode.slice(0, MAX_ERROR_CODE),
    result.statusCode,
    wholeMs(timings.dnsMs),
    wholeMs(timings.connectMs),
    wholeMs(timings.tlsMs),
    wholeMs(timings.firstByteMs),
    Math.round(timings.totalMs),
    result.bytesRead,
    result.address,
    result.finalUrl === result.url ? null : result.finalUrl.slice(0, MAX_URL),
    result.certificateExpiresAt === null ? null : Math.floor(result.certificateExpiresAt.getTime() / 1000),
  ];
}
