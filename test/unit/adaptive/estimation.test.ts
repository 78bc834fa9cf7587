import { describe, expect, it } from 'vitest';
import { compileSkillBank, makeGrid } from '../../../server/domain/adaptive/compiled-bank.js';
import { bandProbabilities, posteriorWeights, summarize } from '../../../server/domain/adaptive/estimation.js';
import type { EngineItem } from '../../../server/domain/adaptive/irt-schema.js';
import { conditionalPrior, likelihoodSummary } from '../../../server/domain/adaptive/priors.js';

const grid = makeGrid(-4.5, 4.5, 181);
const item = (id: string, b: number, a = 1, c = 0): EngineItem => ({
  id,
  skill: 'grammar',
  type: 'typed-gap',
  irt: { model: '3PL', a, b, c, status: 'calibrated' },
});

/** Simpson's rule on [-12, 12], independent of the engine's grid. */
function integrate(f: (x: number) => number): number {
  const n = 24000;
  const h = 24 / n;
  let s = f(-12) + f(12);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(-12 + i * h);
  return (s * h) / 3;
}
const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

describe('EAP on the quadrature grid', () => {
  it('matches a hand-computed case: one right answer to a 2PL item at b = 0, prior N(0,1)', () => {
    // Posterior ∝ φ(θ)σ(θ). By symmetry ∫φσ = 1/2; by Stein's lemma ∫θφσ = E[σ′(Z)] = E[σ(1−σ)],
    // so EAP = 2·E[σ(Z)(1−σ(Z))] and E[θ²|x] = 2·∫θ²φσ = 1 (θ²φ is even, σ(θ)+σ(−θ) = 1).
    const expected = 2 * integrate((x) => phi(x) * logistic(x) * (1 - logistic(x)));
    // a grid wide enough that truncation is negligible (the default ±4.5 leaves out ≈ 3e-5)
    const wide = makeGrid(-8, 8, 321);
    const bank = compileSkillBank('grammar', [item('g1', 0)], wide);
    const post = posteriorWeights(bank, { mean: 0, sd: 1 }, [{ index: 0, score: 1 }]);
    const { mean, sd } = summarize(wide, post);
    expect(expected).toBeCloseTo(0.4132, 3);
    expect(mean).toBeCloseTo(expected, 7);
    expect(sd).toBeCloseTo(Math.sqrt(1 - expected * expected), 7);
    // on the default grid the estimate is the same to 4 decimals
    const onDefault = summarize(grid, posteriorWeights(compileSkillBank('grammar', [item('g1', 0)], grid), { mean: 0, sd: 1 }, [{ index: 0, score: 1 }]));
    expect(onDefault.mean).toBeCloseTo(expected, 4);
  });

  it('gives finite, moderate estimates for all-right and all-wrong patterns', () => {
    const items = Array.from({ length: 10 }, (_, i) => item(`g${i}`, -1 + i * 0.2, 2.5, i % 2 ? 0.25 : 0));
    const bank = compileSkillBank('grammar', items, grid);
    const right = summarize(
      grid,
      posteriorWeights(
        bank,
        { mean: 0, sd: 1 },
        items.map((_, index) => ({ index, score: 1 })),
      ),
    );
    const wrong = summarize(
      grid,
      posteriorWeights(
        bank,
        { mean: 0, sd: 1 },
        items.map((_, index) => ({ index, score: 0 })),
      ),
    );
    for (const r of [right, wrong]) {
      expect(Number.isFinite(r.mean) && Number.isFinite(r.sd)).toBe(true);
      expect(r.sd).toBeGreaterThan(0.2);
      expect(Math.abs(r.mean)).toBeLessThan(4);
    }
    expect(right.mean).toBeGreaterThan(1);
    expect(wrong.mean).toBeLessThan(-1);
  });

  it('band probabilities sum to 1 and follow the posterior', () => {
    const bank = compileSkillBank('grammar', [item('g1', 0)], grid);
    const post = posteriorWeights(bank, { mean: 0.375, sd: 0.1 }, []);
    const probs = bandProbabilities(grid, post, [-1.5, -0.75, 0, 0.75, 1.5]);
    expect(probs.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(probs[3]).toBeGreaterThan(0.99);
  });
});

describe('priors across skills', () => {
  const R = [
    [1, 0.7, 0.7],
    [0.7, 1, 0.7],
    [0.7, 0.7, 1],
  ];

  it('without earlier skills the prior is N(0, 1)', () => {
    expect(conditionalPrior(0, [], R)).toEqual({ mean: 0, sd: 1 });
  });

  it('an exactly known earlier skill gives the textbook conditional normal', () => {
    const p = conditionalPrior(1, [{ index: 0, likelihood: { mean: 1, variance: 1e-12 } }], R);
    expect(p.mean).toBeCloseTo(0.7, 9);
    expect(p.sd).toBeCloseTo(Math.sqrt(1 - 0.49), 9);
  });

  it('a noisy earlier skill pulls less, two skills pull more than one', () => {
    const noisy = conditionalPrior(1, [{ index: 0, likelihood: { mean: 1, variance: 0.25 } }], R);
    expect(noisy.mean).toBeCloseTo(0.7 / 1.25, 9);
    const two = conditionalPrior(
      2,
      [
        { index: 0, likelihood: { mean: 1, variance: 0.1 } },
        { index: 1, likelihood: { mean: 1, variance: 0.1 } },
      ],
      R,
    );
    const one = conditionalPrior(2, [{ index: 0, likelihood: { mean: 1, variance: 0.1 } }], R);
    expect(two.sd).toBeLessThan(one.sd);
    expect(two.mean).toBeGreaterThan(one.mean);
  });

  it('recovers a Gaussian likelihood from a posterior and its prior', () => {
    // prior N(0,1), likelihood N(2, 0.25) → posterior mean 1.6, variance 0.2
    const l = likelihoodSummary({ mean: 0, sd: 1 }, { mean: 1.6, sd: Math.sqrt(0.2) });
    expect(l.mean).toBeCloseTo(2, 9);
    expect(l.variance).toBeCloseTo(0.25, 9);
  });
});
