import { describe, expect, it } from 'vitest';
import {
  createAdaptiveEngine,
  createSeededRng,
  finalResults,
  InMemoryExposureStore,
  isSkillComplete,
  nextItem,
  recordResponse,
  resolveConfig,
  skillResult,
  startSkill,
  uniformCorrelation,
  type AdaptiveEngine,
  type SkillResult,
} from '../../../server/domain/adaptive/index.js';
import { classificationShares, pairedDifference, simulate } from '../../../server/domain/adaptive/simulation.js';
import { parseDistribution, syntheticBank } from '../../../server/domain/adaptive/synthetic-bank.js';
import { SKILLS } from '../../../server/domain/cefr.js';

const bank = syntheticBank(createSeededRng(7), 120, { discrimination: parseDistribution('lognormal:1.2,0.3') });
const engineWith = (finalPrior: 'all-skills' | 'earlier-skills', extra = {}) =>
  createAdaptiveEngine({ bankId: 'fin', items: bank.items, config: resolveConfig({ finalPrior, ...extra }, bank.adaptive) });

/** One candidate answering every item right with probability `p` (fixed seed). */
function sitting(engine: AdaptiveEngine, seed: number, p: number): SkillResult[] {
  const rng = createSeededRng(seed);
  const counts = { candidates: 1000, administered: new Map<string, number>() };
  const results: SkillResult[] = [];
  for (const skill of SKILLS) {
    let state = startSkill(engine, skill, results);
    while (!isSkillComplete(engine, state)) {
      const next = nextItem(engine, state, counts, rng);
      state = recordResponse(engine, next.state, next.itemId, rng.next() < p ? 1 : 0);
    }
    results.push(skillResult(engine, state));
  }
  return results;
}

describe('final results conditioned on every other skill', () => {
  const engine = engineWith('all-skills');

  it('re-estimates the first skill with what the later ones say; band probabilities still sum to 1', () => {
    const results = sitting(engine, 3, 0.85);
    const final = finalResults(engine, results);
    // vocabulary was taken first (prior N(0, 1)); a strong candidate's other skills pull it up
    expect(results[0]!.prior).toEqual({ mean: 0, sd: 1 });
    expect(final[0]!.prior.mean).toBeGreaterThan(0.5);
    expect(final[0]!.prior.sd).toBeLessThan(0.8);
    for (const r of final) {
      expect(r.bandProbabilities.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
      expect(r.priorFrom).toBe('all-skills');
      expect(r.responses).toEqual(results.find((x) => x.skill === r.skill)!.responses);
    }
    // the likelihood summaries (each skill's own data) are kept for later priors and the correlation estimate
    expect(final.map((r) => r.likelihood)).toEqual(results.map((r) => r.likelihood));
  });

  it('does not depend on the order the results are listed in, and is the same when applied twice', () => {
    const results = sitting(engine, 4, 0.4);
    const once = finalResults(engine, results);
    const reversed = finalResults(engine, [...results].reverse()).reverse();
    const again = finalResults(engine, once);
    once.forEach((r, i) => {
      expect(reversed[i]!.theta).toBeCloseTo(r.theta, 9);
      expect(reversed[i]!.level).toBe(r.level);
      expect(again[i]!.theta).toBeCloseTo(r.theta, 9);
    });
  });

  it("leaves the results as they were with finalPrior 'earlier-skills', with a zero correlation, and for results saved without responses", () => {
    const results = sitting(engine, 5, 0.6);
    expect(finalResults(engineWith('earlier-skills'), results)).toEqual(results);
    const independent = engineWith('all-skills', { correlation: uniformCorrelation(SKILLS.length, 0) });
    const alone = sitting(independent, 5, 0.6);
    expect(finalResults(independent, alone).map((r) => r.theta)).toEqual(alone.map((r) => r.theta));
    const old = results.map(({ responses: _r, ...rest }) => rest);
    expect(finalResults(engine, old)).toEqual(old);
  });

  it('classifies a simulated population better than the results of the earlier skills only, under the same exposure cap', async () => {
    const run = (finalPrior: 'all-skills' | 'earlier-skills') =>
      simulate({
        engine: engineWith(finalPrior, { exposure: { method: 'progressive', maxRate: 0.25 } }),
        store: new InMemoryExposureStore(),
        candidates: 400,
        rng: createSeededRng(11),
        trueCorrelation: uniformCorrelation(SKILLS.length, 0.6),
      });
    const earlier = await run('earlier-skills');
    const all = await run('all-skills');
    // same candidates, same items: only the reported estimates differ
    expect(all.records.map((r) => r.items)).toEqual(earlier.records.map((r) => r.items));
    expect(all.overall.rmse).toBeLessThan(earlier.overall.rmse);
    expect(all.perSkill[0]!.exact).toBeGreaterThan(earlier.perSkill[0]!.exact);
    expect(all.maxExposure).toBeLessThanOrEqual(0.25);
    // the paired difference simulate prints: same figure as the two overall shares, with its SE
    const cuts = bank.adaptive.cutScores!;
    const d = pairedDifference(earlier, all, cuts);
    expect(d.exact.mean).toBeCloseTo(all.overall.exact - earlier.overall.exact, 12);
    expect(d.withinOne.mean).toBeCloseTo(all.overall.withinOne - earlier.overall.withinOne, 12);
    expect(d.exact.se).toBeGreaterThan(0);
    expect(d.exact.se).toBeLessThan(classificationShares(all, cuts).exact.se);
    expect(pairedDifference(all, all, cuts).exact).toEqual({ mean: 0, se: 0 });
  });
});
