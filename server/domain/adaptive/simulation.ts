/**
 * Monte-Carlo simulation through the real engine: draw correlated true abilities, run complete
 * tests (every skill, fixed length) with simulated responses, and summarise recovery,
 * classification, exposure and timing. Deterministic for a given rng (timings aside).
 */
import { bandOf } from './cefr.js';
import type { ExposureStore } from './exposure.js';
import { levelRank, type Skill } from '../cefr.js';
import { categoryProbs, type IrtParams } from './models.js';
import { createSeededRng, normalDeviate, type Rng } from './prng.js';
import { estimateCorrelation } from './priors.js';
import {
  finalResults,
  withCorrelation,
  nextItem,
  recordResponse,
  skillResult,
  startSkill,
  isSkillComplete,
  type AdaptiveEngine,
  type SkillResult,
} from './session.js';

export interface SimulationOptions {
  engine: AdaptiveEngine;
  store: ExposureStore;
  candidates: number;
  rng: Rng;
  /** Correlation of the simulated true abilities (defaults to the engine's). */
  trueCorrelation?: readonly (readonly number[])[];
  /**
   * True parameters by item id, to draw responses from (defaults to the engine's own): with
   * them, the engine works with estimated parameters that differ from the truth.
   */
  trueParams?: ReadonlyMap<string, IrtParams>;
  /**
   * Re-estimate the cross-skill correlation from the finished candidates (as the server does at
   * start, delivery/prior-correlation.ts) every `every` candidates once `after` are done.
   */
  estimateCorrelation?: { after: number; every: number };
  /** Clock for timings in milliseconds (e.g. performance.now); no timings without it. */
  now?: () => number;
  onProgress?: (done: number, total: number) => void;
}

export interface SkillFigures {
  skill: Skill | 'all';
  results: number;
  rmse: number;
  bias: number;
  correlation: number;
  exact: number;
  withinOne: number;
  meanSe: number;
}

export interface SimulationReport {
  candidates: number;
  overall: SkillFigures;
  perSkill: SkillFigures[];
  /** Highest administrations / candidates over all items of all skills. */
  maxExposure: number;
  /** Share of all items never administered. */
  neverUsed: number;
  bankSize: number;
  /** Mean estimated correlation in use at the end, when `estimateCorrelation` was asked and took effect. */
  estimatedCorrelation: number | null;
  /** Milliseconds, when a clock was given. */
  selectionMs: { p50: number; p95: number } | null;
  updateMs: { p50: number; p95: number } | null;
  /** Every true θ and result, in order (for reproducibility checks). */
  records: Array<{ candidate: number; skill: Skill; trueTheta: number; result: SkillResult; items: string[] }>;
}

/** Lower-triangular Cholesky factor of a correlation matrix. */
export function cholesky(R: readonly (readonly number[])[]): number[][] {
  const n = R.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = R[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = i === j ? Math.sqrt(Math.max(s, 0)) : s / L[j]![j]!;
    }
  }
  return L;
}

function drawScore(probs: Float64Array, rng: Rng): number {
  const u = rng.next();
  let acc = 0;
  for (let k = 0; k < probs.length; k++) {
    acc += probs[k] as number;
    if (u < acc) return k;
  }
  return probs.length - 1;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function figures(skill: Skill | 'all', rows: Array<{ trueTheta: number; result: SkillResult }>, cuts: readonly number[]): SkillFigures {
  const n = rows.length;
  let se2 = 0,
    bias = 0,
    exact = 0,
    within = 0,
    seSum = 0,
    mt = 0,
    me = 0;
  for (const r of rows) {
    const d = r.result.theta - r.trueTheta;
    se2 += d * d;
    bias += d;
    seSum += r.result.se;
    mt += r.trueTheta;
    me += r.result.theta;
    const tb = bandOf(r.trueTheta, cuts);
    const rb = levelRank(r.result.level);
    if (tb === rb) exact++;
    if (Math.abs(tb - rb) <= 1) within++;
  }
  mt /= n;
  me /= n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (const r of rows) {
    const x = r.trueTheta - mt;
    const y = r.result.theta - me;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  return {
    skill,
    results: n,
    rmse: Math.sqrt(se2 / n),
    bias: bias / n,
    correlation: sxy / Math.sqrt(sxx * syy),
    exact: exact / n,
    withinOne: within / n,
    meanSe: seSum / n,
  };
}

/**
 * Run `candidates` complete tests through the engine. Three streams are split from `rng`: true
 * abilities, responses (one sub-stream per candidate) and the engine's own random picks, so two
 * engine configurations run with the same seed meet the same candidates (common random numbers:
 * their difference is not drowned in sampling noise).
 */
export async function simulate(opts: SimulationOptions): Promise<SimulationReport> {
  const { store, now } = opts;
  let engine = opts.engine;
  const split = () => createSeededRng(Math.floor(opts.rng.next() * 4294967296));
  const populationRng = split();
  const responseSeeds = split();
  const rng = split();
  const skills = engine.config.skillOrder.filter((s) => engine.banks.has(s));
  const L = cholesky(opts.trueCorrelation ?? engine.config.correlation);
  const order = engine.config.skillOrder;
  const nSel = opts.candidates * skills.length * engine.config.itemsPerSkill;
  const selT = new Float64Array(now ? nSel : 0);
  const updT = new Float64Array(now ? nSel : 0);
  let t = 0;
  const records: SimulationReport['records'] = [];
  let estimatedCorrelation: number | null = null;
  for (let c = 0; c < opts.candidates; c++) {
    const z = order.map(() => normalDeviate(populationRng));
    const responseRng = createSeededRng(Math.floor(responseSeeds.next() * 4294967296));
    const trueTheta = order.map((_, i) => L[i]!.reduce((s, l, k) => s + l * z[k]!, 0));
    const results: SkillResult[] = [];
    const given: string[][] = [];
    for (const skill of skills) {
      const bank = engine.banks.get(skill)!;
      const theta = trueTheta[order.indexOf(skill)]!;
      await store.recordSkillStarted(engine.bankId, skill);
      let state = startSkill(engine, skill, results);
      while (!isSkillComplete(engine, state)) {
        const counts = await store.loadSkillCounts(engine.bankId, skill);
        const t0 = now?.() ?? 0;
        const next = nextItem(engine, state, counts, rng);
        if (now) selT[t] = now() - t0;
        await store.recordAdministered(engine.bankId, skill, next.itemId);
        const params = opts.trueParams?.get(next.itemId) ?? bank.params[bank.indexOf.get(next.itemId)!]!;
        const score = drawScore(categoryProbs(params, theta), responseRng);
        const t1 = now?.() ?? 0;
        state = recordResponse(engine, next.state, next.itemId, score);
        if (now) updT[t] = now() - t1;
        t++;
      }
      results.push(skillResult(engine, state));
      given.push(state.responses.map((r) => r.itemId));
    }
    // the reported results: re-estimated with every other skill when the config says so
    finalResults(engine, results).forEach((result, i) => {
      const skill = skills[i]!;
      records.push({ candidate: c, skill, trueTheta: trueTheta[order.indexOf(skill)]!, result, items: given[i]! });
    });
    const est = opts.estimateCorrelation;
    if (est && c + 1 >= est.after && (c + 1 - est.after) % est.every === 0) {
      const byCandidate = new Map<number, SkillResult[]>();
      for (const r of records) byCandidate.set(r.candidate, [...(byCandidate.get(r.candidate) ?? []), r.result]);
      const estimate = estimateCorrelation([...byCandidate.values()], engine.config.skillOrder, {
        fallback: opts.engine.config.correlation,
        minSittings: est.after,
      });
      if (estimate) {
        engine = withCorrelation(engine, estimate.correlation);
        estimatedCorrelation = estimate.mean;
      }
    }
    opts.onProgress?.(c + 1, opts.candidates);
  }
  const cuts = engine.config.cutScores;
  let maxExposure = 0;
  let never = 0;
  let bankSize = 0;
  for (const skill of skills) {
    const bank = engine.banks.get(skill)!;
    const counts = await store.loadSkillCounts(engine.bankId, skill);
    bankSize += bank.size;
    for (const id of bank.ids) {
      const n = counts.administered.get(id) ?? 0;
      if (n === 0) never++;
      if (counts.candidates > 0) maxExposure = Math.max(maxExposure, n / counts.candidates);
    }
  }
  const timing = (a: Float64Array) => {
    const s = a.slice().sort();
    return { p50: percentile(s, 0.5), p95: percentile(s, 0.95) };
  };
  return {
    candidates: opts.candidates,
    overall: figures('all', records, cuts),
    perSkill: skills.map((s) =>
      figures(
        s,
        records.filter((r) => r.skill === s),
        cuts,
      ),
    ),
    maxExposure,
    neverUsed: never / bankSize,
    bankSize,
    estimatedCorrelation,
    selectionMs: now ? timing(selT) : null,
    updateMs: now ? timing(updT) : null,
    records,
  };
}

/** A share with its standard error, both as fractions. */
export interface ShareWithError {
  share: number;
  se: number;
}

/** Per candidate: the share of their skills in the true band, and within one band. */
function perCandidate(report: SimulationReport, cuts: readonly number[]): { exact: Float64Array; within: Float64Array } {
  const exact = new Float64Array(report.candidates);
  const within = new Float64Array(report.candidates);
  const skills = new Float64Array(report.candidates);
  for (const r of report.records) {
    const d = Math.abs(bandOf(r.trueTheta, cuts) - levelRank(r.result.level));
    skills[r.candidate]! += 1;
    if (d === 0) exact[r.candidate]! += 1;
    if (d <= 1) within[r.candidate]! += 1;
  }
  for (let c = 0; c < report.candidates; c++) {
    exact[c]! /= Math.max(1, skills[c]!);
    within[c]! /= Math.max(1, skills[c]!);
  }
  return { exact, within };
}

function meanAndSe(x: Float64Array): ShareWithError {
  const n = x.length;
  let m = 0;
  for (const v of x) m += v;
  m /= n;
  let ss = 0;
  for (const v of x) ss += (v - m) * (v - m);
  return { share: m, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN };
}

/**
 * Exact-band and within-one shares with their standard errors. The unit of sampling is the
 * candidate (a candidate's five skills are correlated), so the SE is that of the mean over
 * candidates of each candidate's share.
 */
export function classificationShares(report: SimulationReport, cuts: readonly number[]): { exact: ShareWithError; withinOne: ShareWithError } {
  const { exact, within } = perCandidate(report, cuts);
  return { exact: meanAndSe(exact), withinOne: meanAndSe(within) };
}

/**
 * Paired difference b − a of the exact-band and within-one shares, for two runs over the same
 * candidates (same seed): the SE is that of the per-candidate differences, far smaller than the
 * SE of either share, so a real difference of a fraction of a point can be told from noise.
 */
export function pairedDifference(
  a: SimulationReport,
  b: SimulationReport,
  cuts: readonly number[],
): { exact: { mean: number; se: number }; withinOne: { mean: number; se: number } } {
  if (a.candidates !== b.candidates) throw new Error('paired comparison needs the same candidates');
  if (a.records.some((r, i) => r.trueTheta !== b.records[i]?.trueTheta)) throw new Error('paired comparison needs the same candidates (same seed)');
  const pa = perCandidate(a, cuts);
  const pb = perCandidate(b, cuts);
  const diff = (x: Float64Array, y: Float64Array) => {
    const { share, se } = meanAndSe(y.map((v, i) => v - (x[i] as number)));
    return { mean: share, se };
  };
  return { exact: diff(pa.exact, pb.exact), withinOne: diff(pa.within, pb.within) };
}
