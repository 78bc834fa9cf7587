/**
 * EAP estimation on a fixed quadrature grid. The posterior is prior × likelihood evaluated at
 * every grid point and normalised; θ̂ is its mean, SE its standard deviation. Because the prior
 * is proper and the grid bounded, all-right and all-wrong patterns give finite, sensible values.
 */
import type { CompiledSkillBank, QuadratureGrid } from './compiled-bank.js';

export interface NormalPrior {
  mean: number;
  sd: number;
}

export interface IndexedResponse {
  index: number;
  score: number;
}

/** Normalised posterior weights on the grid (written into `out` when given). */
export function posteriorWeights(bank: CompiledSkillBank, prior: NormalPrior, responses: readonly IndexedResponse[], out?: Float64Array): Float64Array {
  const theta = bank.grid.theta;
  const G = theta.length;
  const w = out ?? new Float64Array(G);
  const inv = 1 / (prior.sd * prior.sd);
  for (let g = 0; g < G; g++) {
    const d = (theta[g] as number) - prior.mean;
    w[g] = Math.exp(-0.5 * d * d * inv);
  }
  for (const r of responses) {
    const base = (bank.probOffset[r.index] as number) + r.score * G;
    const probs = bank.probs;
    let max = 0;
    for (let g = 0; g < G; g++) {
      const v = (w[g] as number) * (probs[base + g] as number);
      w[g] = v;
      if (v > max) max = v;
    }
    // rescale after each item so long patterns never underflow
    const s = 1 / max;
    for (let g = 0; g < G; g++) w[g] = (w[g] as number) * s;
  }
  let sum = 0;
  for (let g = 0; g < G; g++) sum += w[g] as number;
  for (let g = 0; g < G; g++) w[g] = (w[g] as number) / sum;
  return w;
}

/** Mean and standard deviation of a distribution on the grid. */
export function summarize(grid: QuadratureGrid, w: Float64Array): NormalPrior {
  const theta = grid.theta;
  let m = 0;
  for (let g = 0; g < theta.length; g++) m += (w[g] as number) * (theta[g] as number);
  let v = 0;
  for (let g = 0; g < theta.length; g++) {
    const d = (theta[g] as number) - m;
    v += (w[g] as number) * d * d;
  }
  return { mean: m, sd: Math.sqrt(v) };
}

/**
 * Posterior probability of each band defined by `cuts` (cuts.length + 1 bands). A grid point
 * exactly on a cut counts half for each side, so the result does not depend on where the grid
 * happens to fall.
 */
export function bandProbabilities(grid: QuadratureGrid, w: Float64Array, cuts: readonly number[]): number[] {
  const res = new Array<number>(cuts.length + 1).fill(0);
  const theta = grid.theta;
  const eps = grid.step * 1e-6;
  let band = 0;
  for (let g = 0; g < theta.length; g++) {
    const th = theta[g] as number;
    while (band < cuts.length && th > (cuts[band] as number) + eps) band++;
    const wg = w[g] as number;
    if (band < cuts.length && Math.abs(th - (cuts[band] as number)) <= eps) {
      res[band] = (res[band] as number) + wg / 2;
      res[band + 1] = (res[band + 1] as number) + wg / 2;
    } else {
      res[band] = (res[band] as number) + wg;
    }
  }
  return res;
}
