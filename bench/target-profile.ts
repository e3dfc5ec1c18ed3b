// Behaviour of each benchmark target, derived from its index so that the
// target server and the benchmark agree on it without sharing state.

export type TargetKind = "normal" | "slow" | "hanging" | "failing" | "reset";

export interface TargetProfile {
  kind: TargetKind;
  /** Delay in ms that the server adds before responding. Zero for hanging targets, which never respond. */
  delayMs: number;
  https: boolean;
}

/** Share of targets per kind, in percent. */
export const KIND_SHARES: Readonly<Record<TargetKind, number>> = {
  normal: 90,
  slow: 3,
  hanging: 2,
  failing: 3,
  reset: 2,
};

/** Share of targets served over HTTPS, in percent. */
export const HTTPS_SHARE = 20;

// A 32-bit integer hash (from the MurmurHash3 finalizer), so neighbouring indexes get unrelated profiles.
function mix(value: number): number {
  let hash = value >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}

export function profileOf(index: number): TargetProfile {
  const roll = mix(index * 2 + 1) % 100;
  const spread = mix(index * 2 + 2);
  const https = mix(index + 0x9e3779b9) % 100 < HTTPS_SHARE;

  let threshold = 0;
  for (const [kind, share] of Object.entries(KIND_SHARES) as Array<[TargetKind, number]>) {
    threshold += share;
    if (roll < threshold) {
      switch (kind) {
        case "normal":
          return { kind, delayMs: 20 + (spread % 181), https };
        case "slow":
          return { kind, delayMs: 1500 + (spread % 1501), https };
        case "hanging":
          return { kind, delayMs: 0, https };
        case "failing":
        case "reset":
          return { kind, delayMs: 30, https };
      }
    }
  }
  throw new Error(`KIND_SHARES must add up to 100`);
}
