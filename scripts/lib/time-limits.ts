/**
 * What a "sane" time limit is for an item, from the amount of text the candidate must read and the
 * elements to manipulate (and, for listening, the audio heard twice). Used by scripts/bank-audio.ts
 * to set listening time limits and by scripts/bank-check.ts to flag absurd ones. What an item shows and asks
 * comes from its type's plugin (`workload`).
 */
import { itemTypePlugin, type Workload } from '../../plugin/item-types/index.js';

export const READING_WORDS_PER_SECOND = 2; // a careful second-language reader
const ANSWER_SECONDS = 10;

const words = (s: string): number => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** What the candidate reads and handles, as the item type's plugin says (nothing known for content it refuses). */
function workload(type: string, content: unknown): Workload {
  const plugin = itemTypePlugin(type);
  const parsed = plugin?.contentSchema.safeParse(content);
  return plugin && parsed?.success ? plugin.workload(parsed.data) : { textsOnScreen: [], elements: 1, secondsPerElement: 4 };
}

/** Words the candidate reads on screen (for listening: the task only, not the transcript). */
export function wordsOnScreen(type: string, content: unknown): number {
  return workload(type, content).textsOnScreen.reduce((n, t) => n + words(t), 0);
}

/** The time a candidate reasonably needs, in seconds (before rounding). */
export function expectedSeconds(type: string, content: unknown, audioSeconds = 0): number {
  const { elements, secondsPerElement } = workload(type, content);
  return 2 * audioSeconds + wordsOnScreen(type, content) / READING_WORDS_PER_SECOND + elements * secondsPerElement + ANSWER_SECONDS;
}

/** Recommended listening time limit: audio twice + reading the task + answering, rounded up to 5 s. */
export function listeningTimeLimit(content: unknown, audioSeconds: number): number {
  return Math.max(30, Math.ceil(expectedSeconds('listening', content, audioSeconds) / 5) * 5);
}

/** Bounds outside which a time limit is an error: too short to read and answer, or absurdly long. */
export function saneRange(type: string, content: unknown, audioSeconds = 0): { min: number; max: number } {
  const expected = expectedSeconds(type, content, audioSeconds);
  if (itemTypePlugin(type)?.audioFile) return { min: Math.floor(2 * audioSeconds + 5), max: Math.ceil(expected * 2 + 30) };
  return { min: Math.floor(Math.max(15, expected * 0.4)), max: Math.ceil(Math.max(60, expected * 3)) };
}
