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

export interface CorrelationEstimate {
  /** Correlation matrix in skill order (symmetric, unit diagonal, positive definite). */
  correlation: number[][];
  /** Sittings that entered the estimate. */
  sittings: number;
  /** Mean of the off-diagonal correlations. */
  mean: number;
}

/**
 * The correlation between skills estimated from finished sittings, for the cross-skill prior
 * (issue 18: a prior set to 0.7 where abilities correlate 0.6 costs precision). It uses the
 * likelihood summaries, not the reported θ: those already contain the prior (a later skill's θ is
 * pulled toward the earlier ones, which would inflate the estimate). For each pair of skills,
 * cov(ℓ_j, ℓ_k) estimates cov(θ_j, θ_k) (measurement errors are independent) and
 * var(ℓ_j) − mean(v_j) the true variance, so r_jk = cov / √(true var_j · true var_k)
 * (disattenuated). Summaries with a variance above `maxVariance` (patterns that say almost
 * nothing, e.g. all right) are left out. Each r_jk is then shrunk toward `fallback` as if it had
 * been observed on `priorWeight` sittings, clamped to [0, 0.95]; a matrix that is not positive
 * definite falls back to a uniform one with the mean correlation. Null below `minSittings`.
 */
export function estimateCorrelation(
  sittings: ReadonlyArray<ReadonlyArray<{ skill: string; likelihood: LikelihoodSummary }>>,
  skillOrder: readonly string[],
  opts: { fallback: readonly (readonly number[])[]; minSittings?: number; priorWeight?: number; maxVariance?: number },
): CorrelationEstimate | null {
  const minSittings = opts.minSittings ?? 300;
  const priorWeight = opts.priorWeight ?? 100;
  const maxVariance = opts.maxVariance ?? 2;
  const n = skillOrder.length;
  const usable = sittings.filter((s) => skillOrder.every((skill) => s.some((r) => r.skill === skill)));
  if (usable.length < minSittings) return null;
  const value = (s: (typeof usable)[number], j: number) => s.find((r) => r.skill === skillOrder[j])!.likelihood;
  const R: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let j = 0; j < n; j++) {
    for (let k = j + 1; k < n; k++) {
      const pairs = usable.map((s) => [value(s, j), value(s, k)] as const).filter(([a, b]) => a.variance <= maxVariance && b.variance <= maxVariance);
      const m = pairs.length;
      const fallback = opts.fallback[j]![k]!;
      let r = fallback;
      if (m >= 3) {
        let mj = 0,
          mk = 0,
          vj = 0,
          vk = 0;
        for (const [a, b] of pairs) {
          mj += a.mean / m;
          mk += b.mean / m;
          vj += a.variance / m;
          vk += b.variance / m;
        }
        let cov = 0,
          sj = 0,
          sk = 0;
        for (const [a, b] of pairs) {
          cov += ((a.mean - mj) * (b.mean - mk)) / (m - 1);
          sj += (a.mean - mj) ** 2 / (m - 1);
          sk += (b.mean - mk) ** 2 / (m - 1);
        }
        const tj = sj - vj;
        const tk = sk - vk;
        if (tj > 0.05 && tk > 0.05) r = (m * Math.min(0.95, Math.max(0, cov / Math.sqrt(tj * tk))) + priorWeight * fallback) / (m + priorWeight);
      }
      R[j]![k] = r;
      R[k]![j] = r;
    }
  }
  let sum = 0;
  for (let j = 0; j < n; j++) for (let k = j + 1; k < n; k++) sum += R[j]![k]!;
  const mean = n > 1 ? sum / ((n * (n - 1)) / 2) : 0;
  const correlation = isPositiveDefinite(R) ? R : R.map((row, i) => row.map((_, j) => (i === j ? 1 : mean)));
  return { correlation, sittings: usable.length, mean };
}

function isPositiveDefinite(A: readonly (readonly number[])[]): boolean {
  const n = A.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(s > 1e-6)) return false;
        L[i]![i] = Math.sqrt(s);
      } else L[i]![j] = s / L[j]![j]!;
    }
  }
  return true;
}
