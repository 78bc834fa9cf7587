import type { ItemTypePlugin, Level, Score } from '../../item-types/contract.js';
import { authoringProblems, timeLimit, wordCount } from '../../item-types/support.js';
import { contentSchema, type TrueFalseNotGivenContent } from './schema.js';
import { responseSchema } from './response.js';
import { samples } from './samples.js';
import { instructions, type TrueFalseNotGivenResponse, type TrueFalseNotGivenView } from './view.js';

export { contentSchema, responseSchema, instructions, samples };
export type { TrueFalseNotGivenContent, TrueFalseNotGivenResponse, TrueFalseNotGivenView };

/**
 * An example third-party item type (docs/plugins.md): "true / false / not given" statements about a short text,
 * one point per statement. It uses only the public plugin surface (contract, support helpers, samples); it is
 * installed by registering it (plugin/item-types/installed.ts) and its renderer (components/items/installed.ts).
 */
export const trueFalseNotGiven: ItemTypePlugin<TrueFalseNotGivenContent, TrueFalseNotGivenResponse, TrueFalseNotGivenView> = {
  type: 'true-false-not-given',
  contentSchema,
  responseSchema,
  instructions,
  maxPoints: (content) => content.statements.length,

  score(content, response): Score {
    const points = content.statements.filter((s, i) => response.answers[i] === s.answer).length;
    return { points, maxPoints: content.statements.length };
  },

  // Statements keep the author's order (the text is read in order); the three verdicts are always the same.
  candidateView: (content) => ({ type: 'true-false-not-given', passage: content.passage, statements: content.statements.map((s) => s.text) }),

  emptyResponse: (content) => ({ answers: content.statements.map(() => null) }),

  authoringChecks(raw: unknown): string[] {
    return authoringProblems(contentSchema, raw, (content) => {
      const problems: string[] = [];
      const passage = content.passage.toLowerCase();
      content.statements.forEach((s, i) => {
        // A statement copied from the text is answered by matching words, not by reading.
        if (passage.includes(s.text.toLowerCase().replace(/[.!?]$/, ''))) problems.push(`statements.${i}.text: copied word for word from the passage`);
      });
      if (content.statements.length >= 3 && new Set(content.statements.map((s) => s.answer)).size === 1) {
        problems.push('statements: every statement has the same answer; mix true, false and not given');
      }
      return problems;
    });
  },

  defaultTimeLimitSeconds(content: TrueFalseNotGivenContent, level: Level): number {
    const words = wordCount(content.passage) + content.statements.reduce((n, s) => n + wordCount(s.text), 0);
    return timeLimit(10 + words / 2 + 6 * content.statements.length, level);
  },

  guessOptions: (content) => (content.statements.length === 1 ? 3 : 0),
  stem: (content) => [content.passage, ...content.statements.map((s) => s.text)].join(' '),
  workload: (content) => ({
    textsOnScreen: [content.passage, ...content.statements.map((s) => s.text)],
    elements: content.statements.length,
    secondsPerElement: 4,
  }),
  samples,
};
