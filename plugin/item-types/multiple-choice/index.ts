import type { ItemTypePlugin, Level, Rng } from '../contract.js';
import { authoringProblems, shuffle, timeLimit, wordCount } from '../support.js';
import { contentSchema, type MultipleChoiceContent } from './schema.js';
import { samples } from './samples.js';
import { responseSchema } from './response.js';
import { instructions, type MultipleChoiceResponse, type MultipleChoiceView } from './view.js';

export { contentSchema, responseSchema, instructions };
export type { MultipleChoiceContent, MultipleChoiceResponse, MultipleChoiceView };

/** Bank-checker problems of a set of options: two options equal once case and spaces are ignored. */
export function optionProblems(options: readonly string[], path: string): string[] {
  const lowered = options.map((o) => o.toLowerCase().replace(/\s+/g, ' '));
  return new Set(lowered).size === lowered.length ? [] : [`${path}: two options differ only by case or spaces`];
}

/** Multiple choice: one answer among 3 to 5 options, sometimes with a text to read; right or wrong. */
export const multipleChoice: ItemTypePlugin<MultipleChoiceContent, MultipleChoiceResponse, MultipleChoiceView> = {
  type: 'multiple-choice',
  contentSchema,
  responseSchema,
  instructions,
  maxPoints: () => 1,

  score: (content, response) => ({ points: response.choice === content.answer ? 1 : 0, maxPoints: 1 }),

  candidateView(content: MultipleChoiceContent, rng: Rng): MultipleChoiceView {
    const view: MultipleChoiceView = { type: 'multiple-choice', question: content.question, options: shuffle(content.options, rng) };
    if (content.passage !== undefined) view.passage = content.passage;
    return view;
  },

  emptyResponse: () => ({ choice: null }),

  authoringChecks: (raw) => authoringProblems(contentSchema, raw, (content) => optionProblems(content.options, 'options')),

  defaultTimeLimitSeconds(content: MultipleChoiceContent, level: Level): number {
    const words = wordCount(content.passage ?? '') + wordCount(content.question) + content.options.reduce((n, o) => n + wordCount(o), 0);
    return timeLimit(25 + words / 3, level);
  },

  guessOptions: (content) => content.options.length,
  stem: (content) => [content.passage ?? '', content.question, ...content.options].join(' '),
  workload: (content) => ({ textsOnScreen: [content.passage ?? '', content.question, ...content.options], elements: 1, secondsPerElement: 4 }),
  samples,
};
