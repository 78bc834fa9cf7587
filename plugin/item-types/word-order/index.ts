import type { ItemTypePlugin, Level, Rng } from '../contract.js';
import { authoringProblems, elementsToOrder, idsCollide, scoreOrder, shuffleAwayFromOrder, timeLimit } from '../support.js';
import { contentSchema, type WordOrderContent } from './schema.js';
import { samples } from './samples.js';
import { responseSchema } from './response.js';
import { instructions, type OrderResponse, type WordOrderView } from './view.js';

export { contentSchema, responseSchema, instructions };
export type { WordOrderContent, WordOrderView, OrderResponse };

const SALT = 'w';

/** Out-of-order sentence: words to put in order, the first one given; one point per word in its place. */
export const wordOrder: ItemTypePlugin<WordOrderContent, OrderResponse, WordOrderView> = {
  type: 'word-order',
  contentSchema,
  responseSchema,
  instructions,
  maxPoints: (content) => content.words.length - 1,

  score: (content, response) => scoreOrder(content.words, SALT, response.order),

  candidateView(content: WordOrderContent, rng: Rng): WordOrderView {
    const words = shuffleAwayFromOrder(elementsToOrder(content.words, SALT), rng, (a, b) => a.text === b.text);
    return { type: 'word-order', first: content.words[0] as string, words };
  },

  emptyResponse: (content) => ({ order: content.words.slice(1).map(() => null) }),

  authoringChecks: (raw) =>
    authoringProblems(contentSchema, raw, (content) => {
      const problems: string[] = [];
      const rest = content.words.slice(1);
      if (new Set(rest).size < 2) problems.push('words: after the first word there is nothing to put in order');
      if (idsCollide(elementsToOrder(content.words, SALT).map((e) => e.id))) problems.push('words: two words get the same id; reword the sentence');
      return problems;
    }),

  defaultTimeLimitSeconds(content: WordOrderContent, level: Level): number {
    return timeLimit(20 + 4 * (content.words.length - 1), level);
  },

  guessOptions: () => 0,
  stem: (content) => content.words.join(' '),
  workload: (content) => ({ textsOnScreen: content.words, elements: content.words.length, secondsPerElement: 2 }),
  samples,
};
