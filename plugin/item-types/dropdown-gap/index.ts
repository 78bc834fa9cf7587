import type { ItemTypePlugin, Level, Rng, Score } from '../contract.js';
import { authoringProblems, shuffle, timeLimit, wordCount } from '../support.js';
import { contentSchema, type DropdownGapContent } from './schema.js';
import { samples } from './samples.js';
import { responseSchema } from './response.js';
import { instructions, type DropdownGapResponse, type DropdownGapView } from './view.js';

export { contentSchema, responseSchema, instructions };
export type { DropdownGapContent, DropdownGapResponse, DropdownGapView };

const maxPoints = (content: DropdownGapContent): number => content.blanks.length;

/** Drop-down gap fill: one list of options per blank; one point per correct blank. */
export const dropdownGap: ItemTypePlugin<DropdownGapContent, DropdownGapResponse, DropdownGapView> = {
  type: 'dropdown-gap',
  contentSchema,
  responseSchema,
  instructions,
  maxPoints,

  score(content: DropdownGapContent, response: DropdownGapResponse): Score {
    const points = content.blanks.filter((blank, i) => response.blanks[i] === blank.answer).length;
    return { points, maxPoints: maxPoints(content) };
  },

  candidateView(content: DropdownGapContent, rng: Rng): DropdownGapView {
    return { type: 'dropdown-gap', text: content.text, blanks: content.blanks.map((b) => ({ options: shuffle(b.options, rng) })) };
  },

  emptyResponse: (content) => ({ blanks: content.blanks.map(() => null) }),

  authoringChecks(raw: unknown): string[] {
    return authoringProblems(contentSchema, raw, (content) =>
      content.blanks.flatMap((blank, i) => {
        const lowered = blank.options.map((o) => o.toLowerCase());
        return new Set(lowered).size === lowered.length ? [] : [`blanks.${i}.options: two options differ only by case`];
      }),
    );
  },

  defaultTimeLimitSeconds(content: DropdownGapContent, level: Level): number {
    const options = content.blanks.reduce((n, b) => n + b.options.length, 0);
    return timeLimit(10 + wordCount(content.text) / 3 + 8 * content.blanks.length + 2 * options, level);
  },

  guessOptions: (content) => (content.blanks.length === 1 ? content.blanks[0]!.options.length : 0),
  stem: (content) => content.text,
  workload: (content) => ({
    textsOnScreen: [content.text, ...content.blanks.flatMap((b) => b.options)],
    elements: content.blanks.length,
    secondsPerElement: 4,
  }),
  samples,
};
