import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BankLoadError, engineItems, loadBank, readBank } from '../../server/content/load-bank.js';
import { createAdaptiveEngine, irtSchema, resolveConfig } from '../../server/domain/adaptive/index.js';
import { SKILLS } from '../../server/domain/cefr.js';

const MINI = 'test/fixtures/banks/mini';

describe('bank loader', () => {
  it('reads the fixture bank: items of every skill with their IRT block, cut scores and type mix', () => {
    const bank = readBank(MINI);
    expect(bank.meta.language).toBe('en');
    expect(bank.items).toHaveLength(60);
    expect(new Set(bank.items.map((i) => i.skill))).toEqual(new Set(SKILLS));
    const wordBank = bank.items.find((i) => i.type === 'word-bank')!;
    expect(wordBank.irt).toMatchObject({ model: 'GPCM', status: 'provisional' });
    expect(bank.items.filter((i) => i.enemyGroup === 'mn-voc-same-text')).toHaveLength(2);
    const config = resolveConfig({}, bank.adaptive);
    expect(config.itemTypeMix.reading).toEqual({ 'multiple-choice': 0.7, 'mixed-text': 0.3 });
    const engine = createAdaptiveEngine({ bankId: 'mini', items: engineItems(bank.items), config });
    expect(engine.quotas.get('reading')).toEqual({ 'multiple-choice': 7, 'mixed-text': 3 });
  });

  it('gives delivery items by id and only the audio files of its own folder', () => {
    const bank = loadBank(MINI);
    expect(bank.item('mn-gra-001')).toMatchObject({ skill: 'grammar', type: 'dropdown-gap' });
    expect(bank.item('nope')).toBeUndefined();
    expect(bank.audioPath('../bank.json')).toBeUndefined();
  });

  it('lists every problem with file, position and id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bank-'));
    try {
      await cp(MINI, dir, { recursive: true });
      const file = join(dir, 'items', 'grammar.json');
      const items = JSON.parse(await readFile(file, 'utf8')) as Array<Record<string, unknown>>;
      items[1]!.irt = { model: '3PL', a: -1, b: 0, c: 0, status: 'provisional' };
      items[2]!.id = items[0]!.id;
      items[3]!.skill = 'reading';
      await writeFile(file, JSON.stringify(items));
      const err = (() => {
        try {
          readBank(dir);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(BankLoadError);
      const problems = (err as BankLoadError).problems.join('\n');
      expect(problems).toMatch(/items\/grammar\.json\[1\] \(mn-gra-002\) irt\.a/);
      expect(problems).toMatch(/duplicate id mn-gra-001/);
      expect(problems).toMatch(/a reading item in grammar\.json/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the IRT schema rejects a GPCM item without steps and accepts a calibrated 3PL block', () => {
    expect(irtSchema.safeParse({ model: 'GPCM', a: 1, steps: [], status: 'provisional' }).success).toBe(false);
    expect(irtSchema.safeParse({ model: '3PL', a: 1.2, b: 0.4, c: 0.2, status: 'calibrated' }).success).toBe(true);
  });
});
