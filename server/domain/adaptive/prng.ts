/**
 * Small seeded pseudo-random number generator (mulberry32), so that every random choice the
 * engine makes (randomesque picks, exposure tie-breaks, simulated responses) is injected and a
 * fixed seed reproduces a simulation exactly. Not for cryptography.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
}

/** A mulberry32 generator; `seed` is any integer (taken modulo 2^32). */
export function createSeededRng(seed: number): Rng & { state(): number } {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => a,
  };
}

/** Standard normal deviate (Box-Muller) drawn from `rng`. */
export function normalDeviate(rng: Rng): number {
  let u = rng.next();
  while (u <= Number.EPSILON) u = rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Uniform float in [min, max). */
export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
}
