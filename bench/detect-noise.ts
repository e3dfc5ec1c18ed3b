// Seeded randomness of the detection benchmark: a small PRNG, so that a run
// can be repeated with the seed it printed, and the background noise of
// single failed probes.

import type { Behaviour } from "./detect-behaviour.ts";

/** Returns a PRNG with uniform output in [0, 1), using the mulberry32 algorithm on a 32-bit seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Derives an independent seed for one part of the run, such as one scenario. */
export function deriveSeed(seed: number, part: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 2_654_435_761) + Math.imul(part + 1, 0x85ebca6b)) >>> 0;
}

/** Failures that the background noise draws from, equally likely: a timeout, a 503 and a reset. */
export const NOISE_BEHAVIOURS: readonly Behaviour[] = ["hang", "http503", "reset"];

/** Draws one probe's noise: a failure behaviour with probability `rate`, otherwise null. */
export function drawNoise(random: () => number, rate: number): Behaviour | null {
  if (random() >= rate) return null;
  return NOISE_BEHAVIOURS[Math.floor(random() * NOISE_BEHAVIOURS.length)]!;
}
