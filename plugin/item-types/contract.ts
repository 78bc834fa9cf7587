import type { z } from 'zod';
import type { CefrLevel } from '../../server/domain/cefr.js';
import type { ItemTypeSamples } from './samples.js';

/**
 * The contract every item type implements (built-in ones are written as if third-party).
 *
 * The server keeps the content (with its keys); the browser only ever receives `candidateView(content, rng)`
 * and sends back a response that `responseSchema` validates and `score` turns into points.
 */

/** CEFR levels, as in the shared item format (server/domain/cefr.ts). */
export type Level = CefrLevel;

/** Injected randomness: a function returning a float in [0, 1), like Math.random (tests pass a seeded one). */
export type Rng = () => number;

/** A scored answer: points earned out of maxPoints (0/1 for right/wrong types, partial credit otherwise). */
export interface Score {
  points: number;
  maxPoints: number;
}

/** A text in the two interface languages; French is the default. */
export interface Bilingual {
  fr: string;
  en: string;
}

/** What a renderer reports on every change: the response as it stands, and whether every part is answered. */
export interface AnswerChangeDetail<R = unknown> {
  response: R;
  complete: boolean;
}

/** What a candidate reads and handles on screen, for the bank checker's time-limit sanity check. */
export interface Workload {
  /** The texts shown (for listening: the task, not the transcript). */
  textsOnScreen: string[];
  /** Elements the candidate fills, picks or moves (blanks, bank entries, words or sentences to order; 1 for one choice). */
  elements: number;
  /** Seconds a candidate needs per element once it is read (about 4; 2 for single words to order, 6 for sentences). */
  secondsPerElement: number;
}

/**
 * An item-type plugin. C is the parsed content (output of contentSchema), R the response, V the candidate view.
 * Every function is pure and synchronous; randomness comes only from the injected rng.
 */
export interface ItemTypePlugin<C = unknown, R = unknown, V extends { type: string } = { type: string }> {
  /** The type id used in items ("dropdown-gap", …). */
  readonly type: string;
  /** zod schema of the item's `content`, exactly the shared item format. */
  readonly contentSchema: z.ZodType<C>;
  /** zod schema of what the browser sends as an answer (structure only; score() tolerates a response for another item). */
  readonly responseSchema: z.ZodType<R>;
  /** Default instruction shown above the item, in the candidate guide's wording (an item may override it). */
  readonly instructions: Bilingual;
  /** Points available for this content (what the adaptive engine's GPCM steps count, or 1 for 3PL). */
  maxPoints(content: C): number;
  /** Server-side scoring. Never more than maxPoints; unknown ids or extra blanks earn nothing. */
  score(content: C, response: R): Score;
  /** What the browser may see: no answer key, no transcript; options shuffled with rng; orderings by opaque ids. */
  candidateView(content: C, rng: Rng): V;
  /** The response of a candidate who did nothing (submitted as is when time runs out without any answer). */
  emptyResponse(content: C): R;
  /** Problems a bank checker reports for raw (unvalidated) content; empty when the content is fine. */
  authoringChecks(content: unknown): string[];
  /** The audio file (in the bank's audio folder) an item plays, for types that play one. */
  audioFile?(content: C): string;
  /** Time allowed when the item gives none, from the amount to read and do and the level. */
  defaultTimeLimitSeconds(content: C, level: Level): number;
  /**
   * For an item scored right/wrong by picking one of n options shown, n: its provisional 3PL guessing
   * parameter is c = 1/n (docs/authoring.md, section 6). 0 when the answer is typed or scored in points.
   */
  guessOptions(content: C): number;
  /** The text that makes an item what it is, for the bank checker's duplicate detection. */
  stem(content: C): string;
  /** What the candidate reads and handles, for the bank checker's time-limit sanity check. */
  workload(content: C): Workload;
  /** Sample items and answering rules, for the contract suite and the tests that answer whole sittings. */
  readonly samples: ItemTypeSamples<C, R, V>;
}

/** Field names that must never appear in a candidate view. */
export const FORBIDDEN_VIEW_FIELDS = ['answer', 'answers', 'key', 'keys', 'transcript', 'correct', 'solution', 'distractors', 'irt'] as const;
