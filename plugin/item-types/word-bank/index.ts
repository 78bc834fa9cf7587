import type { ItemTypePlugin, Level, Rng, Score } from '../contract.js';
import { authoringProblems, idsCollide, opaqueIds, shuffle, timeLimit, wordCount, type IdentifiedText } from '../support.js';
import { contentSchema, type WordBankContent } from './schema.js';
import { samples } from './samples.js';
import { responseSchema } from './response.js';
import { instructions, type WordBankResponse, type WordBankView } from './view.js';

export { contentSchema, responseSchema, instructions };
export type { WordBankContent, WordBankResponse, WordBankView };

const SALT = 'b';

/** The bank with opaque ids (answers then distractors here; the view shuffles them). */
function bank(content: WordBankContent): IdentifiedText[] {
  const texts = [...content.answers, ...content.distractors];
  const ids = opaqueIds(texts, SALT);
  return texts.map((text, i) => ({ id: ids[i] as string, text }));
}

/** Bank of words: answers and distractors to place in blanks; one point per blank holding its answer. */
export const wordBank: ItemTypePlugin<WordBankContent, WordBankResponse, WordBankView> = {
  type: 'word-bank',
  contentSchema,
  responseSchema,
  instructions,
  maxPoints: (content) => content.answers.length,

  score(content: WordBankContent, response: WordBankResponse): Score {
    const textById = new Map(bank(content).map((w) => [w.id, w.text]));
    const used = new Set<string>();
    let points = 0;
    content.answers.forEach((answer, i) => {
      const id = response.blanks[i];
      if (id == null || used.has(id)) return;
      used.add(id);
      if (textById.get(id) === answer) points++;
    });
    return { points, maxPoints: content.answers.length };
  },

  candidateView(content: WordBankContent, rng: Rng): WordBankView {
    return { type: 'word-bank', text: content.text, blankCount: content.answers.length, words: shuffle(bank(content), rng) };
  },

  emptyResponse: (content) => ({ blanks: content.answers.map(() => null) }),

  authoringChecks: (raw) =>
    authoringProblems(contentSchema, raw, (content) => {
      const problems: string[] = [];
      const lowered = [...content.answers, ...content.distractors].map((w) => w.toLowerCase());
      if (new Set(lowered).size !== lowered.length) problems.push('distractors: two bank entries differ only by case');
      if (idsCollide(bank(content).map((w) => w.id))) problems.push('answers: two bank entries get the same id; reword one');
      return problems;
    }),

  defaultTimeLimitSeconds(content: WordBankContent, level: Level): number {
    const bankSize = content.answers.length + content.distractors.length;
    return timeLimit(15 + wordCount(content.text) / 3 + 10 * content.answers.length + 2 * bankSize, level);
  },

  guessOptions: () => 0,
  stem: (content) => content.text,
  workload: (content) => ({
    textsOnScreen: [content.text, ...content.answers, ...content.distractors],
    elements: content.answers.length,
    secondsPerElement: 4,
  }),
  samples,
};
