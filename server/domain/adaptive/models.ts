/**
 * Item response models on the logistic metric (scaling constant D = 1).
 *
 * - 3PL (right/wrong): P(1 | θ) = c + (1 − c) / (1 + exp(−a(θ − b)))
 * - GPCM (scored 0..m points, m = steps.length):
 *     P(k | θ) ∝ exp(Σ_{v=1..k} a(θ − b_v)),  k = 0..m  (the empty sum is 0)
 *
 * Fisher information: 3PL I(θ) = a² (1 − P)/P · ((P − c)/(1 − c))²; GPCM I(θ) = a² Var(X | θ).
 */
export interface ThreePLParams {
  model: '3PL';
  a: number;
  b: number;
  c: number;
}

export interface GpcmParams {
  model: 'GPCM';
  a: number;
  steps: readonly number[];
}

export type IrtParams = ThreePLParams | GpcmParams;

/** Highest score an item can give (1 for 3PL, number of steps for GPCM). */
export function maxScore(p: IrtParams): number {
  return p.model === '3PL' ? 1 : p.steps.length;
}

/** 3PL probability of a right answer. */
export function prob3pl(p: ThreePLParams, theta: number): number {
  return p.c + (1 - p.c) / (1 + Math.exp(-p.a * (theta - p.b)));
}

/** 3PL Fisher information. */
export function info3pl(p: ThreePLParams, theta: number): number {
  const P = prob3pl(p, theta);
  const r = (P - p.c) / (1 - p.c);
  return (p.a * p.a * (1 - P) * r * r) / P;
}

/** GPCM category probabilities P(0..m | θ); they sum to 1. Computed stably (max-shifted). */
export function probsGpcm(p: GpcmParams, theta: number, out?: Float64Array): Float64Array {
  const m = p.steps.length;
  const res = out ?? new Float64Array(m + 1);
  let acc = 0;
  let maxZ = 0;
  res[0] = 0;
  for (let k = 1; k <= m; k++) {
    acc += p.a * (theta - (p.steps[k - 1] as number));
    res[k] = acc;
    if (acc > maxZ) maxZ = acc;
  }
  let sum = 0;
  for (let k = 0; k <= m; k++) {
    const e = Math.exp((res[k] as number) - maxZ);
    res[k] = e;
    sum += e;
  }
  for (let k = 0; k <= m; k++) res[k] = (res[k] as number) / sum;
  return res;
}

/** GPCM Fisher information: a² times the variance of the score. */
export function infoGpcm(p: GpcmParams, theta: number): number {
  const pr = probsGpcm(p, theta);
  let mean = 0;
  let sq = 0;
  for (let k = 0; k < pr.length; k++) {
    const v = pr[k] as number;
    mean += k * v;
    sq += k * k * v;
  }
  return p.a * p.a * (sq - mean * mean);
}

/** Probabilities of each score 0..maxScore at θ, whatever the model. */
export function categoryProbs(p: IrtParams, theta: number): Float64Array {
  if (p.model === 'GPCM') return probsGpcm(p, theta);
  const P = prob3pl(p, theta);
  return Float64Array.of(1 - P, P);
}

/** Fisher information at θ, whatever the model. */
export function itemInformation(p: IrtParams, theta: number): number {
  return p.model === '3PL' ? info3pl(p, theta) : infoGpcm(p, theta);
}
