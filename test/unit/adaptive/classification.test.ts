import { describe, expect, it } from 'vitest';
import {
  createAdaptiveEngine,
  createSeededRng,
  estimateCorrelation,
  InMemoryExposureStore,
  resolveConfig,
  uniformCorrelation,
  withCorrelation,
  startSkill,
  type EngineItem,
} from '../../../server/domain/adaptive/index.js';
import { compileSkillBank, makeGrid } from '../../../server/domain/adaptive/compiled-bank.js';
import { posteriorWeights } from '../../../server/domain/adaptive/estimation.js';
import { bandInformation } from '../../../server/domain/adaptive/selection.js';
import { simulate } from '../../../server/domain/adaptive/simulation.js';
import { parseDistribution, syntheticBank } from '../../../server/domain/adaptive/synthetic-bank.js';
import { SKILLS } from '../../../server/domain/cefr.js';

const cuts = [-1.5, -0.75, 0, 0.75, 1.5];

describe('classification-aware selection (band information)', () => {
  // two items of equal discrimination: one at the cut 0, one in the middle of the B2 band
  const items: EngineItem[] = [
    { id: 'at-cut', skill: 'grammar', type: 't', irt: { model: '3PL', a: 1.5, b: 0, c: 0, status: 'calibrated' } },
    { id: 'mid-band', skill: 'grammar', type: 't', irt: { model: '3PL', a: 1.5, b: 0.375, c: 0, status: 'calibrated' } },
  ];
  const bank = compileSkillBank('grammar', items, makeGrid(-4.5, 4.5, 181));
  const band = Uint8Array.from(bank.grid.theta, (th) => cuts.filter((c) => th >= c).length);

  it('prefers the item that separates the bands the posterior straddles', () => {
    const post = posteriorWeights(bank, { mean: 0.1, sd: 0.3 }, []);
    expect(bandInformation(bank, post, band, 0, 0, 180)).toBeGreaterThan(bandInformation(bank, post, band, 1, 0, 180));
  });

  it('is near zero when the posterior sits well inside one band', () => {
    const post = posteriorWeights(bank, { mean: 0.375, sd: 0.05 }, []);
    expect(bandInformation(bank, post, band, 0, 0, 180)).toBeLessThan(0.01);
  });

  it('in simulation on a low-discrimination bank, keeps the exposure cap and classifies at least as well as plain maximum information', async () => {
    const syn = syntheticBank(createSeededRng(42), 150, {
      discrimination: parseDistribution('lognormal:1.2,0.3'),
      difficulty: parseDistribution('normal:0,1'),
    });
    const grammar = syn.items.filter((i) => i.skill === 'grammar');
    // measured with progressive-restricted exposure control, the method it was compared under (docs/psychometrics.md)
    const run = (classificationItems: number) =>
      simulate({
        engine: createAdaptiveEngine({
          bankId: 'c',
          items: grammar,
          config: resolveConfig({ selection: { classificationItems }, exposure: { method: 'progressive' } }, syn.adaptive),
        }),
        store: new InMemoryExposureStore(),
        candidates: 600,
        rng: createSeededRng(21),
      });
    const [plain, aware] = [await run(0), await run(4)];
    expect(aware.maxExposure).toBeLessThanOrEqual(resolveConfig().exposure.maxRate);
    expect(aware.overall.exact).toBeGreaterThanOrEqual(plain.overall.exact - 0.01);
    expect(aware.records.map((r) => r.trueTheta)).toEqual(plain.records.map((r) => r.trueTheta));
  });
});

describe('the cross-skill correlation estimated from finished sittings', () => {
  const syn = syntheticBank(createSeededRng(5), 150);
  const engine = createAdaptiveEngine({ bankId: 'r', items: syn.items, config: resolveConfig({}, syn.adaptive) });
  const sittings = async (trueR: number, candidates: number) => {
    const report = await simulate({
      engine,
      store: new InMemoryExposureStore(),
      candidates,
      rng: createSeededRng(3),
      trueCorrelation: uniformCorrelation(SKILLS.length, trueR),
    });
    const by = new Map<number, { skill: string; likelihood: { mean: number; variance: number } }[]>();
    for (const r of report.records) by.set(r.candidate, [...(by.get(r.candidate) ?? []), { skill: r.skill, likelihood: r.result.likelihood }]);
    return [...by.values()];
  };

  it('waits for enough sittings', async () => {
    expect(estimateCorrelation(await sittings(0.6, 50), SKILLS, { fallback: engine.config.correlation })).toBeNull();
  });

  it('recovers the true correlation (not the prior’s 0.7) once there are enough sittings', async () => {
    const low = estimateCorrelation(await sittings(0.4, 500), SKILLS, { fallback: engine.config.correlation, minSittings: 300 });
    expect(low).not.toBeNull();
    expect(low!.sittings).toBe(500);
    expect(low!.mean).toBeGreaterThan(0.33);
    expect(low!.mean).toBeLessThan(0.52);
    const high = estimateCorrelation(await sittings(0.85, 500), SKILLS, { fallback: engine.config.correlation, minSittings: 300 });
    expect(high!.mean).toBeGreaterThan(0.76);
    for (let i = 0; i < SKILLS.length; i++) expect(high!.correlation[i]![i]).toBe(1);
  });

  it('an engine given the estimate uses it for the next prior, sharing the compiled banks', () => {
    const other = withCorrelation(engine, uniformCorrelation(SKILLS.length, 0.2));
    expect(other.banks).toBe(engine.banks);
    const earlier = [{ ...startSkillResult(), skill: 'vocabulary' as const }];
    expect(startSkill(other, 'grammar', earlier).prior.mean).toBeLessThan(startSkill(engine, 'grammar', earlier).prior.mean);
  });
});

function startSkillResult() {
  return {
    theta: 1.5,
    se: 0.3,
    level: 'C1' as const,
    subLevel: 'lower' as const,
    levelProbability: 0.6,
    bandProbabilities: [0, 0, 0, 0.2, 0.6, 0.2],
    itemsAdministered: 10,
    prior: { mean: 0, sd: 1 },
    likelihood: { mean: 1.6, variance: 0.1 },
  };
}
