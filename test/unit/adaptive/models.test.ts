import { describe, expect, it } from 'vitest';
import {
  categoryProbs,
  info3pl,
  infoGpcm,
  itemInformation,
  prob3pl,
  probsGpcm,
  type GpcmParams,
  type ThreePLParams,
} from '../../../server/domain/adaptive/models.js';

/** Fisher information from first principles: Σ_k P_k'(θ)² / P_k(θ), derivatives by central differences. */
function numericInformation(probs: (theta: number) => Float64Array, theta: number): number {
  const h = 1e-5;
  const p = probs(theta);
  const up = probs(theta + h);
  const down = probs(theta - h);
  let info = 0;
  for (let k = 0; k < p.length; k++) {
    const d = ((up[k] as number) - (down[k] as number)) / (2 * h);
    info += (d * d) / (p[k] as number);
  }
  return info;
}

describe('3PL', () => {
  const item: ThreePLParams = { model: '3PL', a: 1.7, b: 0.4, c: 0.25 };

  it('has probability c far below b, 1 far above, and (1 + c)/2 at b', () => {
    expect(prob3pl(item, -30)).toBeCloseTo(0.25, 10);
    expect(prob3pl(item, 30)).toBeCloseTo(1, 10);
    expect(prob3pl(item, 0.4)).toBeCloseTo(0.625, 12);
  });

  it('information matches the definition Σ P′²/P at many abilities', () => {
    for (const theta of [-3, -1.2, 0, 0.4, 1, 2.5]) {
      expect(info3pl(item, theta)).toBeCloseTo(
        numericInformation((t) => categoryProbs(item, t), theta),
        6,
      );
    }
  });

  it('reduces to a²/4 at θ = b for the 2PL (c = 0)', () => {
    expect(info3pl({ model: '3PL', a: 2, b: -1, c: 0 }, -1)).toBeCloseTo(1, 12);
  });
});

describe('GPCM', () => {
  const item: GpcmParams = { model: 'GPCM', a: 1.3, steps: [-0.8, 0.1, 1.2] };

  it('category probabilities are positive and sum to 1, even at extreme abilities', () => {
    for (const theta of [-40, -2, 0, 0.7, 3, 40]) {
      const p = probsGpcm(item, theta);
      expect(p).toHaveLength(4);
      expect(p.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    }
  });

  it('a one-step item is the 2PL', () => {
    const one: GpcmParams = { model: 'GPCM', a: 1.1, steps: [0.3] };
    expect(probsGpcm(one, 1)[1]).toBeCloseTo(prob3pl({ model: '3PL', a: 1.1, b: 0.3, c: 0 }, 1), 12);
  });

  it('information matches Σ P′²/P and equals a² · Var(score)', () => {
    for (const theta of [-2, -0.5, 0.3, 1.5]) {
      expect(infoGpcm(item, theta)).toBeCloseTo(
        numericInformation((t) => probsGpcm(item, t), theta),
        6,
      );
    }
    expect(itemInformation(item, 0)).toBe(infoGpcm(item, 0));
  });
});
