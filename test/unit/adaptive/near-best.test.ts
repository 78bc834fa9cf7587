import { describe, expect, it } from 'vitest';
import {
  createAdaptiveEngine,
  createSeededRng,
  InMemoryExposureStore,
  nextItem,
  resolveConfig,
  startSkill,
  type AdaptiveConfigInput,
  type SkillSessionState,
} from '../../../server/domain/adaptive/index.js';
import { simulate } from '../../../server/domain/adaptive/simulation.js';
import { parseDistribution, syntheticBank } from '../../../server/domain/adaptive/synthetic-bank.js';

const bank = syntheticBank(createSeededRng(42), 150, { discrimination: parseDistribution('lognormal:1.2,0.3') });
const grammar = bank.items.filter((i) => i.skill === 'grammar');
const engineWith = (exposure: AdaptiveConfigInput['exposure']) =>
  createAdaptiveEngine({ bankId: 'nb', items: grammar, config: resolveConfig({ exposure }, bank.adaptive) });
const noCounts = { candidates: 1000, administered: new Map<string, number>() };

/** Items picked first for a candidate whose prior is `prior`, over many random draws. */
function firstPicks(exposure: AdaptiveConfigInput['exposure'], prior: { mean: number; sd: number }): { picks: Set<string>; infoShare: number[] } {
  const engine = engineWith(exposure);
  const b = engine.banks.get('grammar')!;
  const state: SkillSessionState = { ...startSkill(engine, 'grammar'), prior, theta: prior.mean, se: prior.sd };
  const g = Math.round((prior.mean - b.grid.min) / b.grid.step);
  const G = b.grid.theta.length;
  const info = (id: string) => b.info[b.indexOf.get(id)! * G + g]!;
  // the quota of the skill is not used yet: every type is eligible, so the best item is the best of the bank
  const maxInfo = Math.max(...grammar.map((i) => info(i.id)));
  const picks = new Set<string>();
  const infoShare: number[] = [];
  for (let seed = 1; seed <= 200; seed++) {
    const id = nextItem(engine, state, noCounts, createSeededRng(seed)).itemId;
    picks.add(id);
    infoShare.push(info(id) / maxInfo);
  }
  return { picks, infoShare };
}

describe("'near-best' exposure method", () => {
  it('draws only among items within the tolerance of the best information while the band is open', () => {
    // a candidate right on the B1|B2 cut: no band is clear
    const { picks, infoShare } = firstPicks({ method: 'near-best', tolerance: 0.15, clearBand: 0.8 }, { mean: 0, sd: 0.4 });
    expect(Math.min(...infoShare)).toBeGreaterThanOrEqual(0.85 - 1e-9);
    expect(picks.size).toBeGreaterThan(1);
  });

  it('spends any eligible item on a candidate whose band is already clear, and only then', () => {
    // deep in A1: the band holds well over 80% of the posterior
    const clear = firstPicks({ method: 'near-best', tolerance: 0.15, clearBand: 0.8 }, { mean: -3.2, sd: 0.3 });
    const off = firstPicks({ method: 'near-best', tolerance: 0.15, clearBand: 1 }, { mean: -3.2, sd: 0.3 });
    expect(Math.min(...off.infoShare)).toBeGreaterThanOrEqual(0.85 - 1e-9);
    expect(Math.min(...clear.infoShare)).toBeLessThan(0.5);
    expect(clear.picks.size).toBeGreaterThan(3 * off.picks.size);
  });

  it('holds the cap and, with the clear-band rule, leaves far less of the bank unused', async () => {
    const run = (exposure: AdaptiveConfigInput['exposure']) =>
      simulate({ engine: engineWith(exposure), store: new InMemoryExposureStore(), candidates: 300, rng: createSeededRng(7) });
    const restricted = await run({ method: 'cap', maxRate: 0.25, tolerance: 0 });
    const withoutClear = await run({ method: 'near-best', maxRate: 0.25, tolerance: 0.15, clearBand: 1 });
    const nearBest = await run({ method: 'near-best', maxRate: 0.25, tolerance: 0.15, clearBand: 0.6 });
    // one skill from an N(0, 1) prior: few bands are clear before the end, hence a low clear band here
    expect(nearBest.maxExposure).toBeLessThanOrEqual(0.25);
    expect(nearBest.neverUsed).toBeLessThan(0.75 * withoutClear.neverUsed);
    expect(nearBest.neverUsed).toBeLessThan(0.75 * restricted.neverUsed);
    expect(nearBest.overall.withinOne).toBeGreaterThan(0.95);
  });

  it('refuses a tolerance or clear band out of range', () => {
    expect(() => resolveConfig({ exposure: { tolerance: 1.5 } })).toThrow(/tolerance/);
    expect(() => resolveConfig({ exposure: { clearBand: 0 } })).toThrow(/clearBand/);
  });
});
