import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAdaptiveEngine,
  createSeededRng,
  InMemoryExposureStore,
  resolveConfig,
  startSkill,
  uniformCorrelation,
} from '../../server/domain/adaptive/index.js';
import { simulate } from '../../server/domain/adaptive/simulation.js';
import { syntheticBank } from '../../server/domain/adaptive/synthetic-bank.js';
import { SKILLS } from '../../server/domain/cefr.js';
import { adoptEstimatedCorrelation, MIN_SITTINGS } from '../../server/domain/delivery/prior-correlation.js';
import type { LoadedBank } from '../../server/domain/delivery/ports.js';
import type { Sitting } from '../../server/domain/delivery/sitting.js';
import { openStorage, type Storage } from '../../server/storage/storage.js';
import { tempDir } from '../support/config.js';

describe('the prior’s correlation estimated from the centre’s sittings (SQLite)', () => {
  let dir: string;
  let storage: Storage;
  const syn = syntheticBank(createSeededRng(5), 150);
  const freshBank = (): LoadedBank => ({
    id: 'en',
    engine: createAdaptiveEngine({ bankId: 'en', items: syn.items, config: resolveConfig({}, syn.adaptive) }),
    item: () => undefined,
    audioPath: () => undefined,
  });

  beforeEach(async () => {
    dir = tempDir();
    storage = await openStorage({ kind: 'sqlite', file: path.join(dir, 'cadre.sqlite') });
  });
  afterEach(async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** `n` finished written tests of candidates whose skills correlate `trueR`, through the engine. */
  async function finishedSittings(n: number, trueR: number) {
    const report = await simulate({
      engine: freshBank().engine,
      store: new InMemoryExposureStore(),
      candidates: n,
      rng: createSeededRng(17),
      trueCorrelation: uniformCorrelation(SKILLS.length, trueR),
    });
    for (let c = 0; c < n; c++) {
      const results = report.records.filter((r) => r.candidate === c).map((r) => r.result);
      const s: Sitting = {
        id: `s${c}`,
        activityId: 'act-1',
        userId: `u${c}`,
        bankId: 'en',
        settings: { proctoring: false, timeMultiplier: 1 },
        step: 'instructions',
        sectionIndex: 0,
        skillState: null,
        results: [],
        current: null,
        stepData: {},
        createdAt: new Date(0).toISOString(),
        updatedAt: new Date(0).toISOString(),
        version: 1,
      } as Sitting;
      await storage.sittings.create(s);
      await storage.sittings.commit({ ...s, step: 'written-done', results, version: 2 }, { responses: [], exposure: [], jobs: [] }, new Date(1000));
    }
  }

  it('keeps the configured correlation while there are too few sittings', async () => {
    await finishedSittings(MIN_SITTINGS - 1, 0.3);
    const bank = freshBank();
    const before = bank.engine;
    expect(await adoptEstimatedCorrelation(bank, storage.sittings)).toBeNull();
    expect(bank.engine).toBe(before);
  });

  it('then uses the correlation the sittings show, so a later skill leans less on an earlier one', async () => {
    await finishedSittings(MIN_SITTINGS + 20, 0.3);
    const bank = freshBank();
    const configured = bank.engine;
    const estimate = await adoptEstimatedCorrelation(bank, storage.sittings);
    expect(estimate?.sittings).toBe(MIN_SITTINGS + 20);
    expect(estimate!.mean).toBeGreaterThan(0.22);
    expect(estimate!.mean).toBeLessThan(0.5);
    expect(bank.engine.config.correlation[0]![1]).toBeCloseTo(estimate!.correlation[0]![1]!, 12);
    const strongVocabulary = [{ ...finishedVocabulary(), skill: 'vocabulary' as const }];
    expect(startSkill(bank.engine, 'grammar', strongVocabulary).prior.mean).toBeLessThan(startSkill(configured, 'grammar', strongVocabulary).prior.mean);
  });
});

function finishedVocabulary() {
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
