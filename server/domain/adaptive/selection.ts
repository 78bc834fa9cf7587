/**
 * Item selection: among the items a candidate may still get, the one with the highest weighted
 * Fisher information Σ_g W_g · I_i(θ_g) (W: weights on the quadrature grid built from the current
 * posterior, see `selectionWeights`), subject to
 *  - never the same item twice, never two items of the same enemy group;
 *  - the item-type quota of the skill (content balancing);
 *  - exposure control: an item is eligible only while its exposure rate (administrations /
 *    candidates who started the skill) stays below the target maximum (restricted maximum
 *    information, a deterministic form of item-eligibility control);
 *  - a-stratification (optional): at each position only items of one discrimination stratum;
 *  - the pick among the eligible items (exposure.method, see config.ts): 'near-best' (default)
 *    uniform among the items within a shrinking tolerance of the best information, or among all
 *    eligible items once the candidate's band is clear; 'progressive' (information mixed with a
 *    random share that shrinks with the position); 'cap' with randomesque (random among the best
 *    k, at most a quarter of the eligible items).
 * If nothing is left, the stratum is dropped, then exposure control, then the type quota.
 * Repeats and enemies are never relaxed.
 */
import type { CompiledSkillBank } from './compiled-bank.js';
import type { AdaptiveConfig } from './config.js';
import type { SkillExposureCounts } from './exposure.js';
import type { Rng } from './prng.js';

export interface SelectionContext {
  /** 1 for items this candidate may not get (already given, or enemy of one given). */
  excluded: Uint8Array;
  /** Remaining quota per type index, or null when the skill is not content-balanced. */
  typeRemaining: Int32Array | null;
  /** Weights on the grid (non-negative). */
  weights: Float64Array;
  /** 0-based position of the item in the skill. */
  position: number;
  /** The current posterior on the grid (for classification-aware selection). */
  posterior?: Float64Array;
  exposure: SkillExposureCounts;
}

const scratch = new WeakMap<CompiledSkillBank, { overexposed: Uint8Array }>();

/** Mark items whose exposure rate has reached the cap (iterates only the items with counts). */
function markOverexposed(bank: CompiledSkillBank, exposure: SkillExposureCounts, cfg: AdaptiveConfig): Uint8Array {
  let s = scratch.get(bank);
  if (!s) {
    s = { overexposed: new Uint8Array(bank.size) };
    scratch.set(bank, s);
  }
  const over = s.overexposed;
  over.fill(0);
  const limit = cfg.exposure.maxRate * Math.max(exposure.candidates, cfg.exposure.warmupCandidates);
  for (const [id, n] of exposure.administered) {
    if (n >= limit) {
      const i = bank.indexOf.get(id);
      if (i !== undefined) over[i] = 1;
    }
  }
  return over;
}

/**
 * Index of the selected item, or −1 if the candidate has no item left at all
 * (bank exhausted by repeats and enemy groups).
 */
export function selectItem(bank: CompiledSkillBank, ctx: SelectionContext, cfg: AdaptiveConfig, rng: Rng): number {
  const G = bank.grid.theta.length;
  const W = ctx.weights;
  // restrict the dot products to where the weights matter
  let wmax = 0;
  for (let g = 0; g < G; g++) if ((W[g] as number) > wmax) wmax = W[g] as number;
  const thr = wmax * 1e-6;
  let g0 = 0;
  while (g0 < G - 1 && (W[g0] as number) <= thr) g0++;
  let g1 = G - 1;
  while (g1 > g0 && (W[g1] as number) <= thr) g1--;
  // a broad posterior (first items) spans the whole grid: the weighted sum of smooth curves is
  // just as good on every few points, so at most ~48 points enter each dot product
  const stride = Math.max(1, Math.ceil((g1 - g0 + 1) / 48));

  const progressive = cfg.exposure.method === 'progressive';
  const rnd = cfg.selection.randomesque;
  const k = progressive ? 1 : Math.max(1, Math.floor((rnd[Math.min(ctx.position, rnd.length - 1)] as number) ?? 1));
  const over = markOverexposed(bank, ctx.exposure, cfg);
  const sc = scores(bank);
  const topIdx = new Int32Array(k).fill(-1);
  const topVal = new Float64Array(k).fill(-Infinity);
  const push = (i: number, s: number) => {
    if (s > (topVal[k - 1] as number)) {
      let j = k - 1;
      while (j > 0 && s > (topVal[j - 1] as number)) {
        topVal[j] = topVal[j - 1] as number;
        topIdx[j] = topIdx[j - 1] as number;
        j--;
      }
      topVal[j] = s;
      topIdx[j] = i;
    }
  };

  const S = Math.max(1, Math.floor(cfg.selection.strata));
  const sbp = cfg.selection.stratumByPosition;
  const stratum = Math.min(S - 1, (sbp[Math.min(ctx.position, sbp.length - 1)] as number) ?? 0);
  const sLo = stratum / S;
  const sHi = (stratum + 1) / S;
  const aRank = bank.aRank;

  /** Weighted information of every eligible item into `sc.value` (eligible ones listed in `sc.eligible`); returns their number. */
  const scan = (useExposure: boolean, useQuota: boolean, useStratum: boolean): number => {
    let found = 0;
    const info = bank.info;
    const quota = useQuota ? ctx.typeRemaining : null;
    for (let i = 0; i < bank.size; i++) {
      if (ctx.excluded[i] === 1) continue;
      if (useExposure && over[i] === 1) continue;
      if (quota !== null && (quota[bank.typeOf[i] as number] as number) <= 0) continue;
      if (useStratum && ((aRank[i] as number) < sLo || (aRank[i] as number) >= sHi)) continue;
      let s = 0;
      const base = i * G;
      for (let g = g0; g <= g1; g += stride) s += (W[g] as number) * (info[base + g] as number);
      sc.value[i] = s;
      sc.eligible[found++] = i;
    }
    return found;
  };

  const strat = S > 1;
  let found = scan(true, true, strat);
  if (found === 0 && strat) found = scan(true, true, false);
  if (found === 0) found = scan(false, true, false);
  if (found === 0) found = scan(false, false, false);
  if (found === 0) return -1;
  const cls = cfg.selection.classificationItems;
  if (cls > 0 && ctx.posterior && ctx.position >= cfg.itemsPerSkill - cls) {
    const pick = classificationPick(bank, ctx.posterior, cfg, sc.value, sc.eligible, found);
    if (pick >= 0) return pick;
  }
  if (cfg.exposure.method === 'near-best') return nearBestPick(bank, ctx, cfg, sc.value, sc.eligible, found, rng);
  if (progressive) {
    let maxInfo = 0;
    for (let e = 0; e < found; e++) maxInfo = Math.max(maxInfo, sc.value[sc.eligible[e] as number] as number);
    const s = Math.min(1, ((ctx.position + 1) / cfg.itemsPerSkill) ** cfg.exposure.acceleration);
    for (let e = 0; e < found; e++) {
      const i = sc.eligible[e] as number;
      push(i, (1 - s) * rng.next() * maxInfo + s * (sc.value[i] as number));
    }
    return topIdx[0] as number;
  }
  for (let e = 0; e < found; e++) push(sc.eligible[e] as number, sc.value[sc.eligible[e] as number] as number);
  const n = Math.min(k, Math.max(1, Math.floor(found / 4)));
  return topIdx[Math.floor(rng.next() * n)] as number;
}

/** Largest posterior mass in one band (0 when no posterior is given: no band is known to be clear). */
function clearestBand(bank: CompiledSkillBank, posterior: Float64Array | undefined, cuts: readonly number[]): number {
  if (!posterior) return 0;
  const band = gridBands(bank, cuts);
  const mass = new Float64Array(cuts.length + 1);
  for (let g = 0; g < posterior.length; g++) mass[band[g] as number] = (mass[band[g] as number] as number) + (posterior[g] as number);
  let best = 0;
  for (const m of mass) if (m > best) best = m;
  return best;
}

/**
 * 'near-best' exposure method: uniform among the eligible items within the position's tolerance
 * of the best information, or among all eligible items once the band is clear (config.ts).
 */
function nearBestPick(
  bank: CompiledSkillBank,
  ctx: SelectionContext,
  cfg: AdaptiveConfig,
  value: Float64Array,
  eligible: Int32Array,
  found: number,
  rng: Rng,
): number {
  const { tolerance, clearBand } = cfg.exposure;
  const clear = clearBand < 1 && clearestBand(bank, ctx.posterior, cfg.cutScores) >= clearBand;
  const t = clear ? 1 : tolerance * Math.max(0, 1 - ctx.position / cfg.itemsPerSkill);
  let maxInfo = -Infinity;
  let best = eligible[0] as number;
  for (let e = 0; e < found; e++) {
    const v = value[eligible[e] as number] as number;
    if (v > maxInfo) {
      maxInfo = v;
      best = eligible[e] as number;
    }
  }
  if (t <= 0) return best;
  const floor = (1 - t) * maxInfo;
  let n = 0;
  for (let e = 0; e < found; e++) if ((value[eligible[e] as number] as number) >= floor) n++;
  let k = Math.floor(rng.next() * n);
  for (let e = 0; e < found; e++) {
    if ((value[eligible[e] as number] as number) >= floor && k-- === 0) return eligible[e] as number;
  }
  return best;
}

/** Band index of every grid point (a point on a cut goes to the upper band), cached per bank and cuts. */
const bandCache = new WeakMap<CompiledSkillBank, { cuts: readonly number[]; band: Uint8Array }>();

function gridBands(bank: CompiledSkillBank, cuts: readonly number[]): Uint8Array {
  const c = bandCache.get(bank);
  if (c && c.cuts === cuts) return c.band;
  const band = Uint8Array.from(bank.grid.theta, (th) => {
    let b = 0;
    while (b < cuts.length && th >= (cuts[b] as number)) b++;
    return b;
  });
  bandCache.set(bank, { cuts, band });
  return band;
}

/** Σ x·ln(x) over positive entries. */
function xlogx(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}

/**
 * Mutual information between the response to item i and the candidate's band, under the
 * posterior: Σ_k Σ_b m_kb ln(m_kb / (p_k q_b)) with m_kb = Σ_{g in b} w_g P_i(k | θ_g).
 */
export function bandInformation(bank: CompiledSkillBank, posterior: Float64Array, band: Uint8Array, i: number, g0: number, g1: number): number {
  const G = bank.grid.theta.length;
  const cats = (bank.maxScore[i] as number) + 1;
  const m = new Float64Array(cats * 8);
  const q = new Float64Array(8);
  const off = bank.probOffset[i] as number;
  for (let g = g0; g <= g1; g++) {
    const w = posterior[g] as number;
    const b = band[g] as number;
    q[b] = (q[b] as number) + w;
    for (let k = 0; k < cats; k++) m[k * 8 + b] = (m[k * 8 + b] as number) + w * (bank.probs[off + k * G + g] as number);
  }
  let mi = 0;
  for (let b = 0; b < 8; b++) mi -= xlogx(q[b] as number);
  for (let k = 0; k < cats; k++) {
    let pk = 0;
    for (let b = 0; b < 8; b++) {
      pk += m[k * 8 + b] as number;
      mi += xlogx(m[k * 8 + b] as number);
    }
    mi -= xlogx(pk);
  }
  return mi;
}

/**
 * Among the shortlist of the most informative eligible items, the one with the highest band
 * information; −1 when the posterior sits inside one band (nothing to separate) so the ordinary
 * pick applies.
 */
function classificationPick(
  bank: CompiledSkillBank,
  posterior: Float64Array,
  cfg: AdaptiveConfig,
  value: Float64Array,
  eligible: Int32Array,
  found: number,
): number {
  const band = gridBands(bank, cfg.cutScores);
  const G = bank.grid.theta.length;
  let g0 = 0;
  while (g0 < G - 1 && (posterior[g0] as number) < 1e-7) g0++;
  let g1 = G - 1;
  while (g1 > g0 && (posterior[g1] as number) < 1e-7) g1--;
  if (band[g0] === band[g1]) return -1;
  const n = Math.max(1, Math.min(cfg.selection.classificationShortlist, found));
  const top = new Int32Array(n).fill(-1);
  const topVal = new Float64Array(n).fill(-Infinity);
  for (let e = 0; e < found; e++) {
    const i = eligible[e] as number;
    const v = value[i] as number;
    if (v <= (topVal[n - 1] as number)) continue;
    let j = n - 1;
    while (j > 0 && v > (topVal[j - 1] as number)) {
      topVal[j] = topVal[j - 1] as number;
      top[j] = top[j - 1] as number;
      j--;
    }
    topVal[j] = v;
    top[j] = i;
  }
  let best = -1;
  let bestMi = -Infinity;
  for (let j = 0; j < n; j++) {
    const i = top[j] as number;
    if (i < 0) break;
    const mi = bandInformation(bank, posterior, band, i, g0, g1);
    // strictly better only: on a tie the more informative item (earlier in the list) stays
    if (mi > bestMi * (1 + 1e-9) + 1e-12) {
      bestMi = mi;
      best = i;
    }
  }
  return best;
}

const scoreBuffers = new WeakMap<CompiledSkillBank, { value: Float64Array; eligible: Int32Array }>();

function scores(bank: CompiledSkillBank): { value: Float64Array; eligible: Int32Array } {
  let b = scoreBuffers.get(bank);
  if (!b) {
    b = { value: new Float64Array(bank.size), eligible: new Int32Array(bank.size) };
    scoreBuffers.set(bank, b);
  }
  return b;
}

/**
 * Weights on the grid for the selection criterion:
 *  - 'point': all weight on the grid point nearest the EAP (classic maximum information);
 *  - 'posterior': the posterior itself (information averaged over what we believe θ is);
 *  - 'cut-weighted': the posterior times (cutFloor + Σ_c exp(−(θ − c)²/(2·cutWidth²))), so the
 *    information that counts most is where the posterior straddles a cut score — that is where
 *    a response can change the reported level.
 */
export function selectionWeights(bank: CompiledSkillBank, posterior: Float64Array, eap: number, cfg: AdaptiveConfig, out?: Float64Array): Float64Array {
  const { theta, min, step } = bank.grid;
  const G = theta.length;
  const W = out ?? new Float64Array(G);
  const crit = cfg.selection.criterion;
  if (crit === 'point') {
    W.fill(0);
    W[Math.min(G - 1, Math.max(0, Math.round((eap - min) / step)))] = 1;
  } else if (crit === 'posterior') {
    W.set(posterior);
  } else {
    const profile = cutProfile(bank, cfg);
    for (let g = 0; g < G; g++) W[g] = (posterior[g] as number) * (profile[g] as number);
  }
  return W;
}

const profiles = new WeakMap<CompiledSkillBank, WeakMap<AdaptiveConfig, Float64Array>>();

/** cutFloor + Σ_c exp(−(θ_g − c)²/(2·cutWidth²)) on the grid, cached per bank and config. */
export function cutProfile(bank: CompiledSkillBank, cfg: AdaptiveConfig): Float64Array {
  let byCfg = profiles.get(bank);
  if (!byCfg) {
    byCfg = new WeakMap();
    profiles.set(bank, byCfg);
  }
  let p = byCfg.get(cfg);
  if (!p) {
    const theta = bank.grid.theta;
    p = new Float64Array(theta.length);
    const h2 = 2 * cfg.selection.cutWidth * cfg.selection.cutWidth;
    for (let g = 0; g < theta.length; g++) {
      let c = cfg.selection.cutFloor;
      for (const cut of cfg.cutScores) {
        const d = (theta[g] as number) - cut;
        c += Math.exp(-(d * d) / h2);
      }
      p[g] = c;
    }
    byCfg.set(cfg, p);
  }
  return p;
}
