// Median and maximum over durations, keeping which record the maximum belongs to.
import type { DurationStats } from "./types.ts";

export interface Sample {
  ms: number;
  incidentId: number;
  requestId?: number;
}

/** Computes the median (mean of the two middle values for an even count) and the maximum. */
export function durationStats(samples: Sample[]): DurationStats {
  if (samples.length === 0) return { count: 0 };
  const sorted = [...samples].sort((a, b) => a.ms - b.ms);
  const middle = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? sorted[middle]!.ms : (sorted[middle - 1]!.ms + sorted[middle]!.ms) / 2;
  const max = sorted[sorted.length - 1]!;
  const maxOf = max.requestId === undefined ? { incidentId: max.incidentId } : { incidentId: max.incidentId, requestId: max.requestId };
  return { count: sorted.length, medianMs, maxMs: max.ms, maxOf };
}
