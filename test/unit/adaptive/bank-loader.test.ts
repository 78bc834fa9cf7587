import { mkdtemp, mkdir, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBankFolder } from '../../../server/content/load-bank.js';
import { BankFormatError, createAdaptiveEngine, irtSchema, resolveConfig, SKILLS } from '../../../server/domain/adaptive/index.js';

const MINI = 'test/fixtures/banks/mini';

describe('bank loader', () => {
  it('reads the fixture bank: items of every skill with their IRT block, cut scores and type mix', async () => {
    const bank = await loadBankFolder(MINI);
    expect(bank.meta.id).toBe('mini');
    expect(bank.items).toHaveLength(60);
    expect(new Set(bank.items.map((i) => i.skill))).toEqual(new Set(SKILLS));
    const wordBank = bank.items.find((i) => i.type === 'word-bank')!;
    expect(wordBank.irt).toMatchObject({ model: 'GPCM', status: 'provisional' });
    expect(bank.items.filter((i) => i.enemyGroup === 'mini-voc-same-text')).toHaveLength(2);
    const config = resolveConfig({}, bank.meta.adaptive);
    expect(config.itemTypeMix.reading).toEqual({ 'multiple-choice': 7, 'mixed-text': 3 });
    const engine = createAdaptiveEngine({ bankId: 'mini', items: bank.items, config });
    expect(engine.quotas.get('reading')).toEqual({ 'multiple-choice': 7, 'mixed-text': 3 });
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
      await mkdir(join(dir, 'items'), { recursive: true });
      const err = await loadBankFolder(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BankFormatError);
      const problems = (err as BankFormatError).problems.join('\n');
      expect(problems).toMatch(/items\/grammar\.json\[1\] \(mini-gra-002\) irt\.a/);
      expect(problems).toMatch(/duplicate id mini-gra-001/);
      expect(problems).toMatch(/skill reading in grammar\.json/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the IRT schema rejects a GPCM item without steps and accepts a calibrated 3PL block', () => {
    expect(irtSchema.safeParse({ model: 'GPCM', a: 1, steps: [], status: 'provisional' }).success).toBe(false);
    expect(irtSchema.safeParse({ model: '3PL', a: 1.2, b: 0.4, c: 0.2, status: 'calibrated' }).success).toBe(true);
  });
});
