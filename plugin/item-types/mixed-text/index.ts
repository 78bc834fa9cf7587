import type { ItemTypePlugin, Level, Rng } from '../contract.js';
import { authoringProblems, elementsToOrder, idsCollide, scoreOrder, shuffleAwayFromOrder, timeLimit, wordCount } from '../support.js';
import { contentSchema, type MixedTextContent } from './schema.js';
import { samples } from './samples.js';
import { responseSchema } from './response.js';
import { instructions, type MixedTextView, type OrderResponse } from './view.js';

export { contentSchema, responseSchema, instructions };
export type { MixedTextContent, MixedTextView, OrderResponse };

const SALT = 's';

/** Mixed-order text: sentences to put back in order, the first one given; one point per sentence in its place. */
export const mixedText: ItemTypePlugin<MixedTextContent, OrderResponse, MixedTextView> = {
  type: 'mixed-text',
  contentSchema,
  responseSchema,
  instructions,
  maxPoints: (content) => content.sentences.length - 1,

  score: (content, response) => scoreOrder(content.sentences, SALT, response.order),

  candidateView(content: MixedTextContent, rng: Rng): MixedTextView {
    const sentences = shuffleAwayFromOrder(elementsToOrder(content.sentences, SALT), rng, (a, b) => a.text === b.text);
    return { type: 'mixed-text', first: content.sentences[0] as string, sentences };
  },

  emptyResponse: (content) => ({ order: content.sentences.slice(1).map(() => null) }),

  authoringChecks: (raw) =>
    authoringProblems(contentSchema, raw, (content) => {
      const problems: string[] = [];
      const lowered = content.sentences.map((s) => s.toLowerCase().replace(/\s+/g, ' '));
      if (new Set(lowered).size !== lowered.length) problems.push('sentences: two sentences differ only by case or spaces');
      if (idsCollide(elementsToOrder(content.sentences, SALT).map((e) => e.id))) problems.push('sentences: two sentences get the same id; reword one');
      return problems;
    }),

  defaultTimeLimitSeconds(content: MixedTextContent, level: Level): number {
    const words = content.sentences.reduce((n, s) => n + wordCount(s), 0);
    return timeLimit(15 + words / 2 + 8 * (content.sentences.length - 1), level);
  },

  guessOptions: () => 0,
  stem: (content) => content.sentences.join(' '),
  workload: (content) => ({ textsOnScreen: content.sentences, elements: content.sentences.length, secondsPerElement: 6 }),
  samples,
};
