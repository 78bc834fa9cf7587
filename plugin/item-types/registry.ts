import type { ItemTypePlugin } from './contract.js';
import { dropdownGap } from './dropdown-gap/index.js';
import { typedGap } from './typed-gap/index.js';
import { mixedText } from './mixed-text/index.js';
import { wordOrder } from './word-order/index.js';
import { wordBank } from './word-bank/index.js';
import { multipleChoice } from './multiple-choice/index.js';
import { listening } from './listening/index.js';

/** A plugin of any type, as the registry holds them (content, response and view checked by the plugin's schemas). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyItemTypePlugin = ItemTypePlugin<any, any, { type: string }>;

/** The seven built-in item types, in the order the candidate guide presents them. */
export const itemTypePlugins: readonly AnyItemTypePlugin[] = [dropdownGap, mixedText, wordBank, wordOrder, typedGap, multipleChoice, listening];

const byType = new Map(itemTypePlugins.map((p) => [p.type, p]));

/** The plugin for a type id, or undefined when no plugin handles it. */
export function itemTypePlugin(type: string): AnyItemTypePlugin | undefined {
  return byType.get(type);
}

export { dropdownGap, typedGap, mixedText, wordOrder, wordBank, multipleChoice, listening };
