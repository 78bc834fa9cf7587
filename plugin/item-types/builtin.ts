import type { AnyItemTypePlugin } from './registry.js';
import { dropdownGap } from './dropdown-gap/index.js';
import { typedGap } from './typed-gap/index.js';
import { mixedText } from './mixed-text/index.js';
import { wordOrder } from './word-order/index.js';
import { wordBank } from './word-bank/index.js';
import { multipleChoice } from './multiple-choice/index.js';
import { listening } from './listening/index.js';

/** The seven item types of the candidate guide, in the order it presents them (written as third-party plugins would be). */
export const builtinItemTypes: readonly AnyItemTypePlugin[] = [dropdownGap, mixedText, wordBank, wordOrder, typedGap, multipleChoice, listening];

export { dropdownGap, typedGap, mixedText, wordOrder, wordBank, multipleChoice, listening };
