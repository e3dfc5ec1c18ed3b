// A probe record reduced to the values that the result store writes, so
// that the writer's buffer keeps no ProbeResult alive.

import type { HealthSnapshot, HealthTransition } from "../health.ts";
import type { ProbeResult } from "../types.ts";
import { toResultRow, type ResultRow } from "./result-row.ts";

export interface ResultRecord {
  /** Database id of the target. */
  targetId: number;
  result: ProbeResult;
  /** Health after this result. */
  health: HealthSnapshot;
  transition: HealthTransition | null;
}

export interface PendingWrite {
  targetId: number;
  row: ResultRow;
  state: string;
  snapshotJson: string;
  transition: { at: string; fromState: string; toState: string; reason: string; evidence: string } | null;
}

export function toPendingWrite(record: ResultRecord): PendingWrite {
  const { transition } = record;
  return {
    targetId: record.targetId,
    row: toResultRow(record.targetId, record.result),
    state: record.health.state,
    snapshotJson: JSON.stringify(record.health),
    transition:
      transition === null
        ? null
        : {
            // The text form that Prisma's better-sqlite3 adapter (7.10, default
            // timestampFormat "iso8601") writes for DateTime, so Prisma reads it back.
            at: new Date(transition.at).toISOString().replace("Z", "+00:00"),
            fromState: transition.from,
            toState: transition.to,
            reason: transition.reason,
            evidence: JSON.stringify({ evidence: transition.evidence, baselineMedianMs: transition.baselineMedianMs }),
          },
  };
}
