/**
 * The API the delivery code calls. Per candidate and skill:
 *
 *   const engine = createAdaptiveEngine({ bankId, items, config });        // once per bank load
 *   let state = startSkill(engine, 'grammar', earlierResults);              // JSON, persist it
 *   await store.recordSkillStarted(bankId, 'grammar');
 *   while (!isSkillComplete(state)) {
 *     const counts = await store.loadSkillCounts(bankId, 'grammar');
 *     const next = nextItem(engine, state, counts, rng);  state = next.state;
 *     await store.recordAdministered(bankId, 'grammar', next.itemId);      // when shown
 *     state = recordResponse(engine, state, next.itemId, score);           // 0..max points
 *   }
 *   const result = skillResult(engine, state);                             // JSON, keep it for later skills
 *
 * Every function is synchronous and pure apart from the injected `rng`; state and results are
 * plain JSON (persist them between requests and restarts).
 */
import { compileSkillBank, makeGrid, type CompiledSkillBank } from './compiled-bank.js';
import { bandOf, levelOfBand, subLevelOf, type SubLevel } from './cefr.js';
import { resolveConfig, type AdaptiveConfig } from './config.js';
import { bandProbabilities, posteriorWeights, summarize, type IndexedResponse, type NormalPrior } from './estimation.js';
import type { SkillExposureCounts } from './exposure.js';
import type { EngineItem } from './irt-schema.js';
import type { CefrLevel, Skill } from '../cefr.js';
import { conditionalPrior, likelihoodSummary, type LikelihoodSummary } from './priors.js';
import type { Rng } from './prng.js';
import { selectItem, selectionWeights } from './selection.js';

/** Domain error with a stable id (mapped to an HTTP error by the delivery layer). */
export class AdaptiveError extends Error {
  constructor(
    readonly id: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(`${id} ${JSON.stringify(params)}`);
    this.name = 'AdaptiveError';
  }
}

export interface AdaptiveEngine {
  bankId: string;
  config: AdaptiveConfig;
  banks: ReadonlyMap<Skill, CompiledSkillBank>;
  /** Item-type quota per skill for one candidate (type → number of items), null = no balancing. */
  quotas: ReadonlyMap<Skill, Readonly<Record<string, number>> | null>;
}

export interface SkillSessionState {
  v: 1;
  bankId: string;
  skill: Skill;
  /** Prior used for this skill (conditioned on earlier skills). */
  prior: NormalPrior;
  responses: Array<{ itemId: string; score: number }>;
  /** Item given and not yet answered (nextItem returns it again until answered). */
  pendingItemId: string | null;
  /** Current EAP and its SE (posterior SD). */
  theta: number;
  se: number;
}

export interface SkillResult {
  skill: Skill;
  theta: number;
  se: number;
  level: CefrLevel;
  subLevel: SubLevel;
  /** Posterior probability that the candidate's θ lies in the reported band. */
  levelProbability: number;
  /** Posterior probability of each band A1..C2. */
  bandProbabilities: number[];
  itemsAdministered: number;
  prior: NormalPrior;
  /**
   * What this skill's responses alone say about θ (Gaussian approximation), used by later priors
   * and by the correlation estimate; computed when the skill ends and kept by `finalResults`.
   */
  likelihood: LikelihoodSummary;
  /** The skill's responses (item id, points), so `finalResults` can re-estimate it. Absent in results saved before issue 18. */
  responses?: Array<{ itemId: string; score: number }>;
  /** 'all-skills' once `finalResults` has conditioned the prior on every other skill. */
  priorFrom?: 'earlier-skills' | 'all-skills';
}

/**
 * Largest-remainder apportionment of `length` items over the types of the mix that exist in the
 * bank. Types of the mix absent from the bank are ignored; types in the bank but not in the mix
 * get no items.
 */
export function typeQuota(mix: Record<string, number>, bankTypes: readonly string[], length: number): Record<string, number> {
  const entries = Object.entries(mix).filter(([t, w]) => bankTypes.includes(t) && w > 0);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const raw = entries.map(([t, w]) => ({ t, x: (w / total) * length }));
  const quota: Record<string, number> = {};
  let given = 0;
  for (const r of raw) {
    quota[r.t] = Math.floor(r.x);
    given += Math.floor(r.x);
  }
  raw.sort((p, q) => q.x - Math.floor(q.x) - (p.x - Math.floor(p.x)) || (p.t < q.t ? -1 : 1));
  for (let i = 0; given < length && raw.length > 0; i = (i + 1) % raw.length, given++) {
    const t = raw[i]!.t;
    quota[t] = (quota[t] ?? 0) + 1;
  }
  return quota;
}

/** Compile the bank's items per skill. Skills without items are simply absent. */
export function createAdaptiveEngine(opts: { bankId: string; items: readonly EngineItem[]; config: AdaptiveConfig }): AdaptiveEngine {
  const { config } = opts;
  const grid = makeGrid(config.grid.min, config.grid.max, config.grid.points);
  const banks = new Map<Skill, CompiledSkillBank>();
  const quotas = new Map<Skill, Record<string, number> | null>();
  for (const skill of config.skillOrder) {
    const items = opts.items.filter((it) => it.skill === skill);
    if (items.length === 0) continue;
    const bank = compileSkillBank(skill, items, grid);
    banks.set(skill, bank);
    const mix = config.itemTypeMix[skill];
    quotas.set(skill, mix && Object.keys(mix).length > 0 ? typeQuota(mix, bank.types, config.itemsPerSkill) : null);
  }
  return { bankId: opts.bankId, config, banks, quotas };
}

function bankFor(engine: AdaptiveEngine, state: { skill: Skill; bankId: string }): CompiledSkillBank {
  if (state.bankId !== engine.bankId) throw new AdaptiveError('adaptive:wrong-bank', { expected: engine.bankId, got: state.bankId });
  const bank = engine.banks.get(state.skill);
  if (!bank) throw new AdaptiveError('adaptive:no-items', { skill: state.skill });
  return bank;
}

function indexed(bank: CompiledSkillBank, responses: SkillSessionState['responses']): IndexedResponse[] {
  return responses.map((r) => {
    const index = bank.indexOf.get(r.itemId);
    if (index === undefined) throw new AdaptiveError('adaptive:unknown-item', { itemId: r.itemId });
    return { index, score: r.score };
  });
}

/** Prior of `skill` given the results of the skills already taken (any order, any subset). */
export function priorFor(engine: AdaptiveEngine, skill: Skill, earlier: readonly SkillResult[]): NormalPrior {
  const order = engine.config.skillOrder;
  const target = order.indexOf(skill);
  const others = earlier.filter((r) => r.skill !== skill && order.includes(r.skill)).map((r) => ({ index: order.indexOf(r.skill), likelihood: r.likelihood }));
  return conditionalPrior(target, others, engine.config.correlation);
}

/** Start a skill: its prior is conditioned on the results of the skills already taken. */
export function startSkill(engine: AdaptiveEngine, skill: Skill, earlier: readonly SkillResult[] = []): SkillSessionState {
  if (!engine.banks.has(skill)) throw new AdaptiveError('adaptive:no-items', { skill });
  const prior = priorFor(engine, skill, earlier);
  return { v: 1, bankId: engine.bankId, skill, prior, responses: [], pendingItemId: null, theta: prior.mean, se: prior.sd };
}

export function isSkillComplete(engine: AdaptiveEngine, state: SkillSessionState): boolean {
  return state.responses.length >= engine.config.itemsPerSkill;
}

/**
 * The next item for this candidate. If an item is pending (given, not answered) it is returned
 * again, so a reload never draws a new one. Throws 'adaptive:skill-complete' after the last item.
 */
export function nextItem(
  engine: AdaptiveEngine,
  state: SkillSessionState,
  exposure: SkillExposureCounts,
  rng: Rng,
): { itemId: string; state: SkillSessionState } {
  if (state.pendingItemId !== null) return { itemId: state.pendingItemId, state };
  if (isSkillComplete(engine, state)) throw new AdaptiveError('adaptive:skill-complete', { skill: state.skill });
  const bank = bankFor(engine, state);
  const responses = indexed(bank, state.responses);
  const excluded = new Uint8Array(bank.size);
  const blockedGroups = new Set<number>();
  const quota = engine.quotas.get(state.skill) ?? null;
  const typeRemaining = quota ? Int32Array.from(bank.types, (t) => quota[t] ?? 0) : null;
  for (const r of responses) {
    excluded[r.index] = 1;
    const e = bank.enemyOf[r.index] as number;
    if (e >= 0) blockedGroups.add(e);
    if (typeRemaining) typeRemaining[bank.typeOf[r.index] as number]!--;
  }
  if (blockedGroups.size > 0) {
    for (let i = 0; i < bank.size; i++) if (blockedGroups.has(bank.enemyOf[i] as number)) excluded[i] = 1;
  }
  const post = posteriorWeights(bank, state.prior, responses);
  const weights = selectionWeights(bank, post, state.theta, engine.config);
  const index = selectItem(bank, { excluded, typeRemaining, weights, position: responses.length, exposure, posterior: post }, engine.config, rng);
  if (index < 0) throw new AdaptiveError('adaptive:bank-exhausted', { skill: state.skill });
  const itemId = bank.ids[index] as string;
  return { itemId, state: { ...state, pendingItemId: itemId } };
}

/** Record the score (0..max points) of the pending item and update θ and SE. */
export function recordResponse(engine: AdaptiveEngine, state: SkillSessionState, itemId: string, score: number): SkillSessionState {
  if (state.pendingItemId !== itemId) {
    throw new AdaptiveError('adaptive:unexpected-item', { expected: state.pendingItemId, got: itemId });
  }
  const bank = bankFor(engine, state);
  const index = bank.indexOf.get(itemId) as number;
  const max = bank.maxScore[index] as number;
  if (!Number.isInteger(score) || score < 0 || score > max) throw new AdaptiveError('adaptive:bad-score', { itemId, score, max });
  const responses = [...state.responses, { itemId, score }];
  const post = posteriorWeights(bank, state.prior, indexed(bank, responses));
  const { mean, sd } = summarize(bank.grid, post);
  return { ...state, responses, pendingItemId: null, theta: mean, se: sd };
}

/** The result of a skill (normally once complete; callable earlier for a provisional view). */
export function skillResult(engine: AdaptiveEngine, state: SkillSessionState): SkillResult {
  const bank = bankFor(engine, state);
  const result = estimate(engine, bank, state.skill, state.prior, state.responses);
  return { ...result, likelihood: likelihoodSummary(state.prior, { mean: result.theta, sd: result.se }), priorFrom: 'earlier-skills' };
}

/** θ, SE, level and band probabilities of one skill's responses under `prior`. */
function estimate(
  engine: AdaptiveEngine,
  bank: CompiledSkillBank,
  skill: Skill,
  prior: NormalPrior,
  responses: SkillSessionState['responses'],
): Omit<SkillResult, 'likelihood' | 'priorFrom'> {
  const cuts = engine.config.cutScores;
  const post = posteriorWeights(bank, prior, indexed(bank, responses));
  const { mean, sd } = summarize(bank.grid, post);
  const probs = bandProbabilities(bank.grid, post, cuts);
  let band = bandOf(mean, cuts);
  if (engine.config.levelRule === 'most-probable') {
    band = probs.indexOf(Math.max(...probs));
  }
  return {
    skill,
    theta: mean,
    se: sd,
    level: levelOfBand(band),
    subLevel: subLevelOf(mean, band, cuts),
    levelProbability: probs[band] as number,
    bandProbabilities: probs,
    itemsAdministered: responses.length,
    prior,
    responses: responses.map((r) => ({ ...r })),
  };
}

/**
 * The results of a finished written test as reported. With `finalPrior: 'all-skills'` (default)
 * every skill is re-estimated from its own responses under the prior conditioned on all the other
 * skills' likelihood summaries — the same conditional normal as during the test, but symmetric:
 * the first skill is no longer the only one without cross-skill information, and a skill's score
 * no longer depends on the order the skills were taken in. Likelihood summaries are kept as they
 * were (they describe each skill's own data). Results without their responses (saved before this
 * existed) are returned unchanged, all of them, so a sitting is never half re-estimated.
 */
export function finalResults(engine: AdaptiveEngine, results: readonly SkillResult[]): SkillResult[] {
  if (engine.config.finalPrior !== 'all-skills' || results.some((r) => r.responses === undefined)) return [...results];
  return results.map((r) => {
    const bank = bankFor(engine, { skill: r.skill, bankId: engine.bankId });
    const prior = priorFor(
      engine,
      r.skill,
      results.filter((o) => o !== r),
    );
    return { ...estimate(engine, bank, r.skill, prior, r.responses!), likelihood: r.likelihood, priorFrom: 'all-skills' };
  });
}

/** The same engine (compiled banks shared) with another correlation matrix for the cross-skill prior. */
export function withCorrelation(engine: AdaptiveEngine, correlation: readonly (readonly number[])[]): AdaptiveEngine {
  return { ...engine, config: resolveConfig({ ...engine.config, correlation }) };
}
