// Validation of persisted health snapshots, so that a stored value from an
// older or damaged row fails loudly at load time instead of mid-round.

import { z } from "zod";

import type { HealthSnapshot } from "./health.ts";
import { OUTCOMES } from "./types.ts";

const HEALTH_STATES = ["unknown", "up", "degraded"] as const;
const count = z.number().int().nonnegative();
const milliseconds = z.number().nonnegative();

const evidenceSchema = z.object({
  at: z.iso.datetime(),
  outcome: z.enum(OUTCOMES),
  totalMs: milliseconds,
  verdict: z.enum(["good", "slow", "failure"]),
  slowLimitMs: milliseconds.nullable(),
});

export const healthSnapshotSchema = z.object({
  version: z.literal(1),
  state: z.enum(HEALTH_STATES),
  since: z.iso.datetime().nullable(),
  baselineMs: z.array(milliseconds),
  goodStreak: count,
  badStreak: count,
  streakEvidence: z.array(evidenceSchema),
});

/** Parses a stored snapshot (already JSON-decoded). Throws a ZodError that names the invalid field. */
export function parseHealthSnapshot(value: unknown): HealthSnapshot {
  return healthSnapshotSchema.parse(value);
}
