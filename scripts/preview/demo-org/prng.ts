/**
 * Deterministic randomness for the demo org: mulberry32, a small, fast 32-bit
 * PRNG, plus helpers. Same seed, same sequence, on every machine.
 */

/** A source of numbers in [0, 1). */
export type Random = () => number;

const UINT32 = 0x1_0000_0000;
const GOLDEN_RATIO_32 = 0x9e3779b9;

/** mulberry32: a PRNG seeded with a 32-bit integer. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / UINT32;
  };
}

/** A seed derived from a base seed and a path of integers (e.g. a user index). */
export function deriveSeed(seed: number, ...path: number[]): number {
  let hash = (seed ^ GOLDEN_RATIO_32) >>> 0;
  for (const part of path) {
    hash = Math.imul(hash ^ (part >>> 0), 0x85ebca6b) >>> 0;
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
    hash = (hash ^ (hash >>> 16)) >>> 0;
  }
  return hash;
}

/** A whole number in [min, max]. */
export function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** True with the given probability. */
export function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** One value by weight: [[value, weight], ...] with positive weights. */
export function weighted<T>(random: Random, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  for (const [value, weight] of choices) {
    point -= weight;
    if (point < 0) return value;
  }
  return choices[choices.length - 1][0];
}
