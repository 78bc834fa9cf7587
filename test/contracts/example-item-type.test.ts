import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { trueFalseNotGiven } from '../../plugin/examples/true-false-not-given/index.js';
import { itemTypePlugin, itemTypePlugins, registerItemType } from '../../plugin/item-types/index.js';
import { checkBank } from '../../scripts/lib/bank-checker.js';
import { readBank } from '../../server/content/load-bank.js';
import { itemRendererTag } from '../../components/items/registry.js';
import { writeExampleBank } from '../support/example-plugin-bank.js';
import { runItemTypeContract } from './item-type-contract.js';

// Installing the example exactly as plugin/item-types/installed.ts would: one call, no core file edited.
registerItemType(trueFalseNotGiven);

runItemTypeContract(trueFalseNotGiven);

describe('the example third-party item type, installed', () => {
  const dirs: string[] = [];
  const bank = (broken = false): string => {
    const dir = writeExampleBank({ broken });
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('joins the built-in types in the registry', () => {
    expect(itemTypePlugin('true-false-not-given')).toBe(trueFalseNotGiven);
    expect(itemTypePlugins().map((p) => p.type)).toContain('listening');
    expect(itemTypePlugins().at(-1)).toBe(trueFalseNotGiven);
  });

  it("is accepted in a bank by bank:check (schema, type mix, provisional IRT, time limits) and by the server's bank loader", () => {
    const report = checkBank(bank(), { minPerSkill: 0, minPerLevel: 0 });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.types.reading).toEqual({ 'true-false-not-given': 2, 'multiple-choice': 1 });
    expect(readBank(bank()).items.map((i) => i.type)).toEqual(['true-false-not-given', 'true-false-not-given', 'multiple-choice']);
  });

  it('has its own checks run by bank:check: a key outside the three verdicts, a statement copied from the text', () => {
    const report = checkBank(bank(true), { minPerSkill: 0, minPerLevel: 0 });
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ where: 'en-rea-960', message: expect.stringContaining('content.statements.0.answer') }),
      expect.objectContaining({ where: 'en-rea-961', message: 'content.statements.0.text: copied word for word from the passage' }),
    ]);
  });

  it('gets its renderer picked by the exam once its renderer module is installed', async () => {
    expect(itemRendererTag('true-false-not-given')).toBeUndefined();
    const { AcmeItemTrueFalseNotGiven } = await import('../../plugin/examples/true-false-not-given/renderer.js');
    expect(itemRendererTag('true-false-not-given')).toBe('acme-item-true-false-not-given');
    expect(AcmeItemTrueFalseNotGiven).toBeTypeOf('function');
  });
});
