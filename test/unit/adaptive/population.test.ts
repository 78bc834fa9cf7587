import { describe, expect, it } from 'vitest';
import { createAdaptiveEngine, createSeededRng, InMemoryExposureStore, resolveConfig, uniformCorrelation } from '../../../server/domain/adaptive/index.js';
import { irtParams } from '../../../server/domain/adaptive/compiled-bank.js';
import { simulate } from '../../../server/domain/adaptive/simulation.js';
import { parseDistribution, perturbParameters, syntheticBank } from '../../../server/domain/adaptive/synthetic-bank.js';
import { SKILLS } from '../../../server/domain/cefr.js';

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

describe('generated banks (simulation population, issue 18)', () => {
  it('parses parameter distributions and refuses malformed ones', () => {
    expect(parseDistribution('lognormal:1.2,0.3')).toEqual({ kind: 'lognormal', mean: 1.2, sdLog: 0.3 });
    expect(parseDistribution('uniform:0.5,2.5')).toEqual({ kind: 'uniform', min: 0.5, max: 2.5 });
    expect(parseDistribution('normal:-0.5,1')).toEqual({ kind: 'normal', mean: -0.5, sd: 1 });
    expect(() => parseDistribution('uniform:2,1')).toThrow(/max must exceed min/);
    expect(() => parseDistribution('lognormal:0,0.3')).toThrow(/positive/);
    expect(() => parseDistribution('gamma:1,2')).toThrow(/not a distribution/);
  });

  it('draws discriminations from the requested distribution; the default stays the issue 4 bank', () => {
    const low = syntheticBank(createSeededRng(3), 400, { discrimination: parseDistribution('lognormal:1.2,0.3') });
    const a = low.items.map((i) => i.irt.a);
    expect(a).toHaveLength(2000);
    expect(mean(a)).toBeCloseTo(1.2, 1);
    expect(sd(a.map(Math.log))).toBeCloseTo(0.3, 1);
    const dflt = syntheticBank(createSeededRng(3), 400).items.map((i) => i.irt.a);
    expect(Math.min(...dflt)).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...dflt)).toBeLessThan(2.5);
    expect(mean(dflt)).toBeCloseTo(1.5, 1);
  });

  it('perturbs parameters by the requested noise, keeping ids and valid ranges', () => {
    const items = syntheticBank(createSeededRng(4), 400).items;
    expect(perturbParameters(items, 0, createSeededRng(1))).toEqual(items);
    const noisy = perturbParameters(items, 0.3, createSeededRng(1));
    expect(noisy.map((i) => i.id)).toEqual(items.map((i) => i.id));
    const db = noisy.map((it, k) => (it.irt.model === '3PL' && items[k]!.irt.model === '3PL' ? it.irt.b - items[k]!.irt.b : 0));
    expect(sd(db)).toBeCloseTo(0.3, 1);
    expect(Math.abs(mean(db))).toBeLessThan(0.03);
    const cs = noisy.flatMap((it) => (it.irt.model === '3PL' ? [it.irt.c] : []));
    expect(Math.min(...cs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...cs)).toBeLessThanOrEqual(0.5);
  });
});

describe('simulation with a population unlike the prior', () => {
  const bank = syntheticBank(createSeededRng(42), 150, { discrimination: parseDistribution('lognormal:1.2,0.3') });
  const config = resolveConfig({}, bank.adaptive);

  it('draws true abilities with the requested correlation, not the prior’s', async () => {
    const engine = createAdaptiveEngine({ bankId: 'pop', items: bank.items, config });
    const r = await simulate({
      engine,
      store: new InMemoryExposureStore(),
      candidates: 400,
      rng: createSeededRng(5),
      trueCorrelation: uniformCorrelation(SKILLS.length, 0.3),
    });
    const by = (s: string) => r.records.filter((x) => x.skill === s).map((x) => x.trueTheta);
    const [x, y] = [by('vocabulary'), by('listening')];
    const cov = mean(x.map((v, i) => (v - mean(x)) * (y[i]! - mean(y))));
    expect(cov / (sd(x) * sd(y))).toBeGreaterThan(0.15);
    expect(cov / (sd(x) * sd(y))).toBeLessThan(0.45);
  });

  it('an engine working with noisy parameters recovers θ less well than one with the true parameters', async () => {
    const trueParams = new Map(bank.items.map((i) => [i.id, irtParams(i)]));
    const exact = createAdaptiveEngine({ bankId: 'pop', items: bank.items, config });
    const noisy = createAdaptiveEngine({ bankId: 'pop', items: perturbParameters(bank.items, 0.5, createSeededRng(8)), config });
    const run = (engine: typeof exact) => simulate({ engine, store: new InMemoryExposureStore(), candidates: 300, rng: createSeededRng(6), trueParams });
    const [a, b] = [await run(exact), await run(noisy)];
    expect(b.overall.rmse).toBeGreaterThan(a.overall.rmse);
    // the same simulated candidates in both runs
    expect(b.records.map((r) => r.trueTheta)).toEqual(a.records.map((r) => r.trueTheta));
  });
});
