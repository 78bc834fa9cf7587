import type { ItemTypePlugin, Level, Rng, Score } from '../contract.js';
import { authoringProblems, normaliseTyped, timeLimit, wordCount } from '../support.js';
import { contentSchema, type TypedGapContent } from './schema.js';
import { samples } from './samples.js';
import { responseSchema } from './response.js';
import { instructions, type TypedGapResponse, type TypedGapView } from './view.js';

export { contentSchema, responseSchema, instructions };
export type { TypedGapContent, TypedGapResponse, TypedGapView };

/** The blanks of a typed gap fill, as scored here and by the listening type's gap-fill task. */
type TypedBlanks = { answers: string[]; hint?: string | undefined }[];

/** Points for typed blanks: one per blank whose text matches an accepted answer after normalisation. */
export function scoreTypedBlanks(blanks: TypedBlanks, typed: readonly string[], accentSensitive: boolean): Score {
  const points = blanks.filter((blank, i) => {
    const given = normaliseTyped(typed[i] ?? '', accentSensitive);
    return given !== '' && blank.answers.some((a) => normaliseTyped(a, accentSensitive) === given);
  }).length;
  return { points, maxPoints: blanks.length };
}

/** Bank-checker problems of typed blanks: a hint that gives the answer away, answers equal once normalised. */
export function typedBlankProblems(blanks: TypedBlanks, accentSensitive: boolean, path = 'blanks'): string[] {
  return blanks.flatMap((blank, i) => {
    const problems: string[] = [];
    const norm = blank.answers.map((a) => normaliseTyped(a, accentSensitive));
    if (new Set(norm).size !== norm.length)
      problems.push(
        `${path}.${i}.answers: two accepted answers are the same once case, spaces, apostrophes${accentSensitive ? '' : ' and accents'} are ignored`,
      );
    if (blank.hint !== undefined && norm.includes(normaliseTyped(blank.hint, accentSensitive)))
      problems.push(`${path}.${i}.hint: the hint is itself an accepted answer`);
    return problems;
  });
}

/** Typed gap fill: one word typed per blank; one point per correct blank. */
export const typedGap: ItemTypePlugin<TypedGapContent, TypedGapResponse, TypedGapView> = {
  type: 'typed-gap',
  contentSchema,
  responseSchema,
  instructions,
  maxPoints: (content) => content.blanks.length,

  score: (content, response) => scoreTypedBlanks(content.blanks, response.blanks, content.accentSensitive),

  candidateView(content: TypedGapContent, _rng: Rng): TypedGapView {
    return { type: 'typed-gap', text: content.text, blanks: content.blanks.map((b) => (b.hint === undefined ? {} : { hint: b.hint })) };
  },

  emptyResponse: (content) => ({ blanks: content.blanks.map(() => '') }),

  authoringChecks: (raw) => authoringProblems(contentSchema, raw, (content) => typedBlankProblems(content.blanks, content.accentSensitive)),

  defaultTimeLimitSeconds(content: TypedGapContent, level: Level): number {
    return timeLimit(15 + wordCount(content.text) / 3 + 15 * content.blanks.length, level);
  },

  guessOptions: () => 0,
  stem: (content) => content.text,
  workload: (content) => ({ textsOnScreen: [content.text], elements: content.blanks.length, secondsPerElement: 4 }),
  samples,
};
