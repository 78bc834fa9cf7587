import { describe, expect, it } from 'vitest';
import { itemTypePlugin, itemTypePlugins, dropdownGap, typedGap, mixedText, wordOrder, wordBank, multipleChoice, listening } from '../../plugin/item-types/registry.js';
import { runItemTypeContract } from './item-type-contract.js';
import * as samples from '../support/item-samples.js';

runItemTypeContract(dropdownGap, samples.dropdownGapSample);
runItemTypeContract(typedGap, samples.typedGapSample);
runItemTypeContract(mixedText, samples.mixedTextSample);
runItemTypeContract(wordOrder, samples.wordOrderSample);
runItemTypeContract(wordBank, samples.wordBankSample);
runItemTypeContract(multipleChoice, samples.multipleChoiceSample);
runItemTypeContract(listening, samples.listeningSample, 'multiple-choice task');
runItemTypeContract(listening, samples.listeningGapSample, 'gap-fill task');

describe('item type registry', () => {
  it('lists the seven types of the candidate guide, each once', () => {
    expect(itemTypePlugins.map((p) => p.type).sort()).toEqual(['dropdown-gap', 'listening', 'mixed-text', 'multiple-choice', 'typed-gap', 'word-bank', 'word-order']);
    expect(itemTypePlugin('word-bank')).toBe(wordBank);
    expect(itemTypePlugin('essay')).toBeUndefined();
  });
});
