import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { itemTypePlugin, itemTypePlugins } from '../../plugin/item-types/index.js';
import { checkBank } from '../../scripts/lib/bank-checker.js';
import { BankLoadError, readBank } from '../../server/content/load-bank.js';
import { itemRendererTag } from '../../components/items/registry.js';
import { writeExampleBank } from '../support/example-plugin-bank.js';

// The default installation (plugin/item-types/installed.ts, components/items/installed.ts) does not include
// the example third-party type: it is absent everywhere, and a bank that uses it is refused.
describe('a third-party item type that is not installed', () => {
  const dir = writeExampleBank();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is not in the registry, which holds the built-in types only', () => {
    expect(itemTypePlugin('true-false-not-given')).toBeUndefined();
    expect(itemTypePlugins()).toHaveLength(7);
  });

  it("has no renderer in the bundle's installation", async () => {
    await import('../../components/items/installed.js');
    expect(itemRendererTag('word-bank')).toBe('cadre-item-word-bank');
    expect(itemRendererTag('listening')).toBe('cadre-item-listening');
    expect(itemRendererTag('true-false-not-given')).toBeUndefined();
  });

  it('makes bank:check and the bank loader refuse a bank that uses it, naming the type', () => {
    const report = checkBank(dir, { minPerSkill: 0, minPerLevel: 0 });
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.where)).toEqual(expect.arrayContaining(['bank.json', 'en-rea-901', 'en-rea-902']));
    expect(errors.find((f) => f.where === 'en-rea-901')?.message).toContain('unknown item type "true-false-not-given"');
    expect(() => readBank(dir)).toThrow(BankLoadError);
    expect(() => readBank(dir)).toThrow(/unknown item type "true-false-not-given"/);
  });
});
