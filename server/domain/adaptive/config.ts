/**
 * Engine configuration with defaults. Everything a centre or a psychometrician may want to tune
 * lives here; bank.json's `adaptive` section supplies cut scores and item-type mixes.
 */
import { DEFAULT_CUT_SCORES, type BankAdaptiveConfig } from './irt-schema.js';
import { SKILLS, type Skill } from '../cefr.js';

export type SelectionCriterion =
  /** Fisher information at the current EAP (classic maximum information; default). */
  | 'point'
  /** Fisher information averaged over the current posterior. */
  | 'posterior'
  /** Posterior-averaged information, weighted toward the cut scores. */
  | 'cut-weighted';

export type ExposureMethod = 'cap' | 'progressive' | 'near-best';

export interface AdaptiveConfig {
  /** Items per skill (fixed length). */
  itemsPerSkill: number;
  /** Five increasing cut scores: A1|A2, A2|B1, B1|B2, B2|C1, C1|C2. */
  cutScores: readonly number[];
  /** Order in which skills are taken; priors of later skills use earlier results. */
  skillOrder: readonly Skill[];
  /** Correlation matrix between skills, in `skillOrder` order (symmetric, unit diagonal). */
  correlation: readonly (readonly number[])[];
  /** Quadrature grid for EAP (and for information tables). */
  grid: { min: number; max: number; points: number };
  exposure: {
    /**
     * How the cap is combined with selection (issue 18):
     *  - 'cap': restricted maximum information with randomesque (the top-k pick of `selection.randomesque`);
     *  - 'progressive': progressive-restricted (Revuelta & Ponsoda 1998): the same cap, but each
     *    eligible item scores (1 − s)·U·maxInfo + s·info with U uniform on [0, 1) drawn per item and
     *    s = ((position + 1) / itemsPerSkill)^acceleration, so early picks are mostly random
     *    (spending the bank where information matters least) and the last ones pure information.
     *    Randomesque is not used.
     *  - 'near-best': the same cap; the pick is uniform among the eligible items whose information
     *    is at least (1 − t)·maxInfo, t = tolerance·(1 − position / itemsPerSkill) (0-based
     *    position: the tolerance shrinks linearly, to a tenth of it at the last of 10 items), so the
     *    bank is shared among items that are nearly as good instead of among all of them; and when the posterior already puts at
     *    least `clearBand` of its mass in one band, the pick is uniform among all eligible items
     *    (those candidates' level hardly depends on the item: they spend the rarely used ones).
     *    Randomesque is not used.
     */
    method: ExposureMethod;
    /** 'near-best': share of the best information an item may lack and still be drawn, at the first item. */
    tolerance: number;
    /** 'near-best': band probability above which any eligible item may be drawn (1 = never). */
    clearBand: number;
    /** Exponent of the progressive weight s (below 1: information takes over sooner). */
    acceleration: number;
    /** Target maximum exposure rate (administrations / candidates who started the skill). */
    maxRate: number;
    /** Until this many candidates have started a skill, rates are computed over this number. */
    warmupCandidates: number;
  };
  selection: {
    criterion: SelectionCriterion;
    /** Gaussian width (θ units) of the weight placed on each cut score by 'cut-weighted'. */
    cutWidth: number;
    /** Share of the weight spread evenly over the posterior (the rest goes to the cuts). */
    cutFloor: number;
    /**
     * Randomesque: at item position i (0-based) pick at random among the best
     * `randomesque[i]` eligible items (last value repeats), and never among more than a quarter
     * of the items that pass the constraints (small banks). 1 = always the best.
     */
    randomesque: readonly number[];
    /**
     * a-stratification: items of each type are split into `strata` groups of equal size by
     * discrimination a (0 = lowest a). At position i only stratum `stratumByPosition[i]` is used
     * (last value repeats), so low-a items serve early, while the estimate is rough, and high-a
     * items are kept for later. strata = 1 turns it off.
     */
    strata: number;
    stratumByPosition: readonly number[];
    /**
     * Classification-aware selection in the last `classificationItems` positions (0 = off): among
     * the `classificationShortlist` eligible items of highest information, the one whose response
     * tells most about the CEFR band — the mutual information between the response and the band,
     * from the current posterior's band probabilities. A candidate whose posterior straddles a cut
     * gets the item that best separates the two bands; one clearly inside a band gets the most
     * informative item as before (all items then tie).
     */
    classificationItems: number;
    classificationShortlist: number;
  };
  /** Reported level: the band holding the EAP, or the band with the highest posterior probability. */
  levelRule: 'eap' | 'most-probable';
  /**
   * The prior of each skill's final score (issue 18):
   *  - 'all-skills': once every skill is taken, each skill is re-estimated from its own responses
   *    with the prior conditioned on all the other skills (`finalResults`), so vocabulary, taken
   *    first, benefits as much as listening and the order of the skills no longer matters;
   *  - 'earlier-skills': each skill keeps the result computed when it ended (prior from the skills
   *    taken before it only).
   * Item selection always uses the earlier skills only (the later ones are not known yet).
   */
  finalPrior: 'all-skills' | 'earlier-skills';
  /** Item-type mix per skill (weights); skills without one are not content-balanced. */
  itemTypeMix: Partial<Record<Skill, Record<string, number>>>;
}

export function uniformCorrelation(n: number, r: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : r)));
}

export const DEFAULT_CONFIG: AdaptiveConfig = {
  itemsPerSkill: 10,
  cutScores: DEFAULT_CUT_SCORES,
  skillOrder: SKILLS,
  correlation: uniformCorrelation(SKILLS.length, 0.7),
  grid: { min: -4.5, max: 4.5, points: 181 },
  exposure: { method: 'near-best', acceleration: 0.8, maxRate: 0.25, warmupCandidates: 20, tolerance: 0.15, clearBand: 0.95 },
  selection: {
    criterion: 'point',
    cutWidth: 0.25,
    cutFloor: 0.05,
    randomesque: [80, 20, 5, 2, 1],
    strata: 1,
    stratumByPosition: [0],
    classificationItems: 0,
    classificationShortlist: 20,
  },
  levelRule: 'eap',
  finalPrior: 'all-skills',
  itemTypeMix: {},
};

export type AdaptiveConfigInput = Partial<
  Omit<AdaptiveConfig, 'grid' | 'exposure' | 'selection'> & {
    grid: Partial<AdaptiveConfig['grid']>;
    exposure: Partial<AdaptiveConfig['exposure']>;
    selection: Partial<AdaptiveConfig['selection']>;
  }
>;

/** Defaults, then bank.json's `adaptive` section, then explicit overrides; validated. */
export function resolveConfig(input: AdaptiveConfigInput = {}, bank?: BankAdaptiveConfig): AdaptiveConfig {
  const cfg: AdaptiveConfig = {
    ...DEFAULT_CONFIG,
    ...(bank?.cutScores ? { cutScores: bank.cutScores } : {}),
    ...(bank?.itemTypeMix ? { itemTypeMix: bank.itemTypeMix as AdaptiveConfig['itemTypeMix'] } : {}),
    ...input,
    grid: { ...DEFAULT_CONFIG.grid, ...input.grid },
    exposure: { ...DEFAULT_CONFIG.exposure, ...input.exposure },
    selection: { ...DEFAULT_CONFIG.selection, ...input.selection },
  } as AdaptiveConfig;
  const n = cfg.skillOrder.length;
  if (cfg.correlation.length !== n || cfg.correlation.some((row, i) => row.length !== n || row[i] !== 1)) {
    throw new Error(`correlation must be a ${n}×${n} matrix with a unit diagonal`);
  }
  if (cfg.cutScores.length !== 5) throw new Error('five cut scores are needed (six CEFR levels)');
  if (!(cfg.itemsPerSkill >= 1)) throw new Error('itemsPerSkill must be at least 1');
  if (!(cfg.exposure.maxRate > 0 && cfg.exposure.maxRate <= 1)) throw new Error('exposure.maxRate must be in (0, 1]');
  if (!['cap', 'progressive', 'near-best'].includes(cfg.exposure.method)) throw new Error("exposure.method must be 'cap', 'progressive' or 'near-best'");
  if (!(cfg.exposure.tolerance >= 0 && cfg.exposure.tolerance <= 1)) throw new Error('exposure.tolerance must be in [0, 1]');
  if (!(cfg.exposure.clearBand > 0 && cfg.exposure.clearBand <= 1)) throw new Error('exposure.clearBand must be in (0, 1]');
  if (!['all-skills', 'earlier-skills'].includes(cfg.finalPrior)) throw new Error("finalPrior must be 'all-skills' or 'earlier-skills'");
  if (!(cfg.exposure.acceleration > 0)) throw new Error('exposure.acceleration must be positive');
  if (cfg.grid.points < 21 || cfg.grid.max <= cfg.grid.min) throw new Error('grid needs at least 21 points');
  return cfg;
}
