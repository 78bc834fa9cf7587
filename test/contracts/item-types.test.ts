import { describe, expect, it } from 'vitest';
import { builtinItemTypes, wordBank } from '../../plugin/item-types/builtin.js';
import { itemTypePlugin, itemTypePlugins, registerItemType } from '../../plugin/item-types/index.js';
import { runItemTypeContract } from './item-type-contract.js';

// Every installed item type (plugin/item-types/installed.ts) owes the contract, on the samples it ships.
for (const plugin of itemTypePlugins()) runItemTypeContract(plugin);

describe('item type registry', () => {
  it("holds the seven types of the candidate guide, each once, in the guide's order", () => {
    expect(itemTypePlugins().map((p) => p.type)).toEqual([
      'dropdown-gap',
      'mixed-text',
      'word-bank',
      'word-order',
      'typed-gap',
      'multiple-choice',
      'listening',
    ]);
    expect(itemTypePlugins()).toEqual(builtinItemTypes);
    expect(itemTypePlugin('word-bank')).toBe(wordBank);
    expect(itemTypePlugin('essay')).toBeUndefined();
  });

  it('refuses a second plugin for a taken type and a type id that is not lower-case words with hyphens', () => {
    expect(() => registerItemType(wordBank)).not.toThrow();
    expect(() => registerItemType({ ...wordBank })).toThrow(/already registered/);
    expect(() => registerItemType({ ...wordBank, type: 'Word Bank' })).toThrow(/lower-case/);
    expect(itemTypePlugin('word-bank')).toBe(wordBank);
    expect(itemTypePlugin('Word Bank')).toBeUndefined();
  });
});
