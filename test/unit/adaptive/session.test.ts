import { describe, expect, it } from 'vitest';
import {
  AdaptiveError,
  createAdaptiveEngine,
  createSeededRng,
  InMemoryExposureStore,
  isSkillComplete,
  nextItem,
  recordResponse,
  resolveConfig,
  skillResult,
  startSkill,
  subLevelOf,
  typeQuota,
  type EngineItem,
} from '../../../server/domain/adaptive/index.js';
import { simulate } from '../../../server/domain/adaptive/simulation.js';
import { syntheticBank } from '../../../server/domain/adaptive/synthetic-bank.js';

const emptyCounts = { candidates: 1, administered: new Map<string, number>() };

function smallBank(): EngineItem[] {
  const items: EngineItem[] = [];
  for (let i = 0; i < 40; i++) {
    items.push({
      id: `g${i}`,
      skill: 'grammar',
      type: i % 4 === 0 ? 'word-bank' : i % 2 ? 'dropdown-gap' : 'typed-gap',
      ...(i < 6 ? { enemyGroup: `pair${Math.floor(i / 2)}` } : {}),
      irt:
        i % 4 === 0
          ? { model: 'GPCM', a: 1.2, steps: [-1 + i * 0.05, -0.5 + i * 0.05], status: 'provisional' }
          : { model: '3PL', a: 1 + (i % 5) * 0.3, b: -2 + i * 0.1, c: i % 2 ? 0.25 : 0, status: 'calibrated' },
    });
  }
  return items;
}

describe('a skill session', () => {
  const config = resolveConfig({ itemTypeMix: { grammar: { 'dropdown-gap': 4, 'typed-gap': 4, 'word-bank': 2 } } });
  const engine = createAdaptiveEngine({ bankId: 'small', items: smallBank(), config });

  it('gives 10 different items, never two of an enemy group, in the configured type mix', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rng = createSeededRng(seed);
      let state = startSkill(engine, 'grammar');
      while (!isSkillComplete(engine, state)) {
        const next = nextItem(engine, state, emptyCounts, rng);
        const score = rng.next() < 0.5 ? 0 : next.itemId.startsWith('g') && Number(next.itemId.slice(1)) % 4 === 0 ? 2 : 1;
        state = recordResponse(engine, next.state, next.itemId, score);
      }
      const ids = state.responses.map((r) => r.itemId);
      expect(new Set(ids).size).toBe(10);
      const groups = ids.map((id) => smallBank().find((it) => it.id === id)!.enemyGroup).filter((g) => g !== undefined);
      expect(new Set(groups).size).toBe(groups.length);
      const types = ids.map((id) => smallBank().find((it) => it.id === id)!.type);
      expect(types.filter((t) => t === 'word-bank')).toHaveLength(2);
      expect(types.filter((t) => t === 'typed-gap')).toHaveLength(4);
    }
  });

  it('state is plain JSON: a restored state continues exactly like the original', () => {
    let state = startSkill(engine, 'grammar');
    const rng = createSeededRng(7);
    for (let i = 0; i < 4; i++) {
      const next = nextItem(engine, state, emptyCounts, rng);
      state = recordResponse(engine, next.state, next.itemId, i % 2);
    }
    const restored = JSON.parse(JSON.stringify(state)) as typeof state;
    expect(restored).toEqual(state);
    expect(nextItem(engine, restored, emptyCounts, createSeededRng(3)).itemId).toBe(nextItem(engine, state, emptyCounts, createSeededRng(3)).itemId);
  });

  it('returns the pending item again until it is answered, and refuses an unexpected answer', () => {
    const state = startSkill(engine, 'grammar');
    const first = nextItem(engine, state, emptyCounts, createSeededRng(1));
    expect(nextItem(engine, first.state, emptyCounts, createSeededRng(99)).itemId).toBe(first.itemId);
    const other = first.itemId === 'g1' ? 'g3' : 'g1';
    expect(() => recordResponse(engine, first.state, other, 1)).toThrow(AdaptiveError);
    expect(() => recordResponse(engine, first.state, first.itemId, 5)).toThrow(/adaptive:bad-score/);
  });

  it('reports theta, SE, a level consistent with the cut scores, a sub-level and the band probability', () => {
    let state = startSkill(engine, 'grammar');
    const rng = createSeededRng(11);
    while (!isSkillComplete(engine, state)) {
      const next = nextItem(engine, state, emptyCounts, rng);
      state = recordResponse(engine, next.state, next.itemId, 1);
    }
    const r = skillResult(engine, state);
    expect(r.itemsAdministered).toBe(10);
    expect(r.theta).toBeGreaterThan(0.75);
    expect(['B2', 'C1', 'C2']).toContain(r.level);
    expect(r.levelProbability).toBeGreaterThan(0);
    expect(r.levelProbability).toBeLessThanOrEqual(1);
    expect(r.bandProbabilities.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(() => nextItem(engine, state, emptyCounts, rng)).toThrow(/adaptive:skill-complete/);
  });

  it('a later skill starts from a prior conditioned on the earlier result', () => {
    const items = [...smallBank(), ...smallBank().map((it) => ({ ...it, id: `v${it.id}`, skill: 'vocabulary' as const }))];
    const eng = createAdaptiveEngine({ bankId: 'two', items, config: resolveConfig() });
    const vocabularyWith = (score: number) => {
      let voc = startSkill(eng, 'vocabulary');
      const rng = createSeededRng(5);
      while (!isSkillComplete(eng, voc)) {
        const next = nextItem(eng, voc, emptyCounts, rng);
        voc = recordResponse(eng, next.state, next.itemId, score);
      }
      return skillResult(eng, voc);
    };
    const strong = startSkill(eng, 'grammar', [vocabularyWith(1)]);
    const weak = startSkill(eng, 'grammar', [vocabularyWith(0)]);
    expect(strong.prior.mean).toBeGreaterThan(0.2);
    expect(weak.prior.mean).toBeLessThan(-0.2);
    expect(strong.theta).toBe(strong.prior.mean);
    const grammar = strong;
    expect(grammar.prior.sd).toBeLessThan(1);
  });
});

describe('content balancing quota', () => {
  it('apportions 10 items by largest remainder over the types the bank has', () => {
    expect(typeQuota({ a: 4, b: 3, c: 3 }, ['a', 'b', 'c'], 10)).toEqual({ a: 4, b: 3, c: 3 });
    expect(typeQuota({ a: 1, b: 1, c: 1 }, ['a', 'b', 'c'], 10)).toEqual({ a: 4, b: 3, c: 3 });
    expect(typeQuota({ a: 0.5, b: 0.5, missing: 5 }, ['a', 'b'], 10)).toEqual({ a: 5, b: 5 });
  });
});

describe('CEFR sub-levels', () => {
  const cuts = [-1.5, -0.75, 0, 0.75, 1.5];
  it('splits a band in thirds; the open bands borrow their neighbour’s width', () => {
    expect(subLevelOf(0.1, 3, cuts)).toBe('lower');
    expect(subLevelOf(0.375, 3, cuts)).toBe('middle');
    expect(subLevelOf(0.7, 3, cuts)).toBe('upper');
    expect(subLevelOf(-3, 0, cuts)).toBe('lower');
    expect(subLevelOf(-1.6, 0, cuts)).toBe('upper');
    expect(subLevelOf(1.6, 5, cuts)).toBe('lower');
    expect(subLevelOf(3, 5, cuts)).toBe('upper');
  });
});

describe('simulation through the engine', () => {
  async function run(seed: number, candidates: number, maxRate = 0.2) {
    const bank = syntheticBank(createSeededRng(42), 120);
    const engine = createAdaptiveEngine({ bankId: 'syn', items: bank.items, config: resolveConfig({ exposure: { maxRate } }, bank.adaptive) });
    const store = new InMemoryExposureStore();
    const report = await simulate({ engine, store, candidates, rng: createSeededRng(seed) });
    return { report, engine, store };
  }

  it('a fixed seed reproduces a simulation exactly; another seed does not', async () => {
    const a = await run(9, 40);
    const b = await run(9, 40);
    const c = await run(10, 40);
    expect(JSON.stringify(a.report.records)).toBe(JSON.stringify(b.report.records));
    expect(a.report.overall).toEqual(b.report.overall);
    expect(JSON.stringify(c.report.records)).not.toBe(JSON.stringify(a.report.records));
  });

  it('exposure control holds the cap over many candidates, and the results are sensible', async () => {
    const { report, engine, store } = await run(3, 300, 0.2);
    expect(report.maxExposure).toBeLessThanOrEqual(0.2);
    for (const skill of engine.banks.keys()) {
      const counts = await store.loadSkillCounts('syn', skill);
      expect(counts.candidates).toBe(300);
      expect([...counts.administered.values()].reduce((s, v) => s + v, 0)).toBe(3000);
    }
    expect(report.overall.correlation).toBeGreaterThan(0.85);
    expect(report.overall.withinOne).toBeGreaterThan(0.95);
    for (const r of report.records) expect(new Set(r.items).size).toBe(10);
  });
});
