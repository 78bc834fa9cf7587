/** From θ to CEFR levels: bands between cut scores, sub-levels (thirds of a band). */
import { LEVELS, type CefrLevel } from '../cefr.js';

export type SubLevel = 'lower' | 'middle' | 'upper';

/** Band index 0..5 (A1..C2) holding θ; a θ exactly on a cut belongs to the upper band. */
export function bandOf(theta: number, cuts: readonly number[]): number {
  let b = 0;
  while (b < cuts.length && theta >= (cuts[b] as number)) b++;
  return b;
}

export function levelOfBand(band: number): CefrLevel {
  return LEVELS[band] as CefrLevel;
}

/**
 * Lower, middle or upper third of the band. The open-ended bands (A1 below the first cut, C2
 * above the last) borrow the width of their neighbour: A1 is read as [cut₁ − w, cut₁) with
 * everything lower in its lower third, C2 as [cut₅, cut₅ + w) with everything higher upper.
 */
export function subLevelOf(theta: number, band: number, cuts: readonly number[]): SubLevel {
  const n = cuts.length;
  let lo: number;
  let hi: number;
  if (band === 0) {
    hi = cuts[0] as number;
    lo = hi - ((cuts[1] as number) - hi);
  } else if (band === n) {
    lo = cuts[n - 1] as number;
    hi = lo + (lo - (cuts[n - 2] as number));
  } else {
    lo = cuts[band - 1] as number;
    hi = cuts[band] as number;
  }
  const f = (theta - lo) / (hi - lo);
  return f < 1 / 3 ? 'lower' : f < 2 / 3 ? 'middle' : 'upper';
}
