import { describe, expect, it } from 'vitest';
import {
  createAdaptiveEngine,
  createSeededRng,
  InMemoryExposureStore,
  isSkillComplete,
  nextItem,
  recordResponse,
  resolveConfig,
  startSkill,
  type AdaptiveConfigInput,
} from '../../../server/domain/adaptive/index.js';
import { simulate } from '../../../server/domain/adaptive/simulation.js';
import { parseDistribution, syntheticBank } from '../../../server/domain/adaptive/synthetic-bank.js';

const bank = syntheticBank(createSeededRng(42), 150, { discrimination: parseDistribution('lognormal:1.2,0.3'), difficulty: parseDistribution('normal:0,1') });
const grammar = bank.items.filter((i) => i.skill === 'grammar');

async function run(exposure: AdaptiveConfigInput['exposure'], candidates = 300) {
  const engine = createAdaptiveEngine({ bankId: 'exp', items: grammar, config: resolveConfig({ exposure }, bank.adaptive) });
  return simulate({ engine, store: new InMemoryExposureStore(), candidates, rng: createSeededRng(12) });
}

describe('progressive-restricted exposure control', () => {
  it('holds the same cap as the plain cap, and spreads the use of the bank more early in the test', async () => {
    const cap = await run({ method: 'cap', maxRate: 0.2 });
    const progressive = await run({ method: 'progressive', maxRate: 0.2 });
    expect(progressive.maxExposure).toBeLessThanOrEqual(0.2);
    expect(cap.maxExposure).toBeLessThanOrEqual(0.2);
    const firstItems = (r: typeof cap) => new Set(r.records.map((x) => x.items[0])).size;
    expect(firstItems(progressive)).toBeGreaterThan(firstItems(cap));
    expect(progressive.overall.withinOne).toBeGreaterThan(0.95);
  });

  it('gives the most informative eligible item at the last position (no random share left)', () => {
    const engine = createAdaptiveEngine({ bankId: 'exp', items: grammar, config: resolveConfig({ exposure: { method: 'progressive' } }, bank.adaptive) });
    const noCounts = { candidates: 1000, administered: new Map<string, number>() };
    const bankC = engine.banks.get('grammar')!;
    for (let seed = 1; seed <= 5; seed++) {
      const rng = createSeededRng(seed);
      let state = startSkill(engine, 'grammar');
      while (state.responses.length < 9) {
        const next = nextItem(engine, state, noCounts, rng);
        state = recordResponse(engine, next.state, next.itemId, rng.next() < 0.5 ? 1 : 0);
      }
      const last = nextItem(engine, state, noCounts, createSeededRng(seed + 100)).itemId;
      const again = nextItem(engine, state, noCounts, createSeededRng(seed + 200)).itemId;
      expect(last).toBe(again);
      // the pick is the best of the items not yet given at the current estimate (same quota rules)
      const g = Math.round((state.theta - bankC.grid.min) / bankC.grid.step);
      const given = new Set(state.responses.map((r) => r.itemId));
      const infoAt = (id: string) => bankC.info[bankC.indexOf.get(id)! * bankC.grid.theta.length + g]!;
      const sameType = grammar.filter((i) => !given.has(i.id) && i.type === grammar.find((x) => x.id === last)!.type && !i.enemyGroup);
      for (const other of sameType) expect(infoAt(last)).toBeGreaterThanOrEqual(infoAt(other.id));
      expect(isSkillComplete(engine, state)).toBe(false);
    }
  });

  it('refuses an unknown method', () => {
    expect(() => resolveConfig({ exposure: { method: 'sympson' as never } })).toThrow(/exposure.method/);
  });
});
