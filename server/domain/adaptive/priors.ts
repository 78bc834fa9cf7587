/**
 * Priors across skills. Abilities in the five skills are modelled as multivariate normal with
 * mean 0, unit variances and a configurable correlation matrix R. Each finished skill is
 * summarised by a Gaussian approximation of its likelihood (what its responses alone say about
 * θ): mean ℓ_j and error variance v_j, recovered from that skill's posterior and the prior it
 * used. The prior of skill k is then the normal distribution of θ_k given those summaries:
 *   mean = R_kJ (R_JJ + V)^-1 ℓ,   variance = 1 − R_kJ (R_JJ + V)^-1 R_Jk,   V = diag(v_j).
 * A skill measured imprecisely (large v_j) therefore pulls the next prior less.
 */
import type { NormalPrior } from './estimation.js';

export interface LikelihoodSummary {
  /** Mean of the Gaussian approximating the skill's likelihood. */
  mean: number;
  /** Its variance (error variance of that skill's data alone). */
  variance: number;
}

const MAX_VARIANCE = 1e6;

/**
 * Gaussian likelihood summary recovered from a posterior N(m, s²) computed under prior N(μ, σ²):
 * precision 1/s² − 1/σ², mean (m/s² − μ/σ²)/precision. A skill whose data added (almost) no
 * information gets a huge variance, so it no longer influences other skills.
 */
export function likelihoodSummary(prior: NormalPrior, posterior: NormalPrior): LikelihoodSummary {
  const postPrec = 1 / (posterior.sd * posterior.sd);
  const priorPrec = 1 / (prior.sd * prior.sd);
  const prec = postPrec - priorPrec;
  if (!(prec > 1 / MAX_VARIANCE)) return { mean: prior.mean, variance: MAX_VARIANCE };
  return { mean: (posterior.mean * postPrec - prior.mean * priorPrec) / prec, variance: 1 / prec };
}

/** Solve A x = b for a small symmetric positive-definite A (Gaussian elimination with pivoting). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const piv = M[c]![c]!;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / piv;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

/**
 * Prior of skill `target` (index into the correlation matrix) given likelihood summaries of other
 * skills (keyed by their index). With no other skills it is N(0, 1).
 */
export function conditionalPrior(
  target: number,
  others: ReadonlyArray<{ index: number; likelihood: LikelihoodSummary }>,
  correlation: readonly (readonly number[])[],
): NormalPrior {
  const used = others.filter((o) => o.index !== target && o.likelihood.variance < MAX_VARIANCE);
  if (used.length === 0) return { mean: 0, sd: 1 };
  const S = used.map((oi, i) => used.map((oj, j) => correlation[oi.index]![oj.index]! + (i === j ? oi.likelihood.variance : 0)));
  const r = used.map((o) => correlation[target]![o.index]!);
  const y = used.map((o) => o.likelihood.mean);
  const w = solve(S, r); // S^-1 r (S symmetric)
  let mean = 0;
  let explained = 0;
  for (let i = 0; i < used.length; i++) {
    mean += w[i]! * y[i]!;
    explained += w[i]! * r[i]!;
  }
  return { mean, sd: Math.sqrt(Math.max(1 - explained, 1e-4)) };
}
