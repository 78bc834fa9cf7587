/**
 * What a "sane" time limit is for an item, from the amount of text the candidate must read and the
 * elements to manipulate (and, for listening, the audio heard twice). Used by scripts/bank-audio.ts
 * to set listening time limits and by scripts/bank-check.ts to flag absurd ones.
 */

export const READING_WORDS_PER_SECOND = 2; // a careful second-language reader
const ANSWER_SECONDS = 10;

const words = (s: string): number => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

type Loose = Record<string, unknown>;
const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/** Words the candidate reads on screen (for listening: the task only, not the transcript). */
export function wordsOnScreen(type: string, content: unknown): number {
  const c = (content ?? {}) as Loose;
  const texts: string[] = [];
  const task = (c.task ?? {}) as Loose;
  switch (type) {
    case 'dropdown-gap':
      texts.push(str(c.text), ...arr(c.blanks).flatMap((b) => arr((b as Loose).options).map(str)));
      break;
    case 'typed-gap':
      texts.push(str(c.text));
      break;
    case 'word-bank':
      texts.push(str(c.text), ...arr(c.answers).map(str), ...arr(c.distractors).map(str));
      break;
    case 'word-order':
      texts.push(...arr(c.words).map(str));
      break;
    case 'mixed-text':
      texts.push(...arr(c.sentences).map(str));
      break;
    case 'multiple-choice':
      texts.push(str(c.passage), str(c.question), ...arr(c.options).map(str));
      break;
    case 'listening':
      texts.push(str(task.question), str(task.text), ...arr(task.options).map(str));
      break;
  }
  return texts.reduce((n, t) => n + words(t), 0);
}

/** Elements the candidate moves or fills (blanks, bank entries, words or sentences to order). */
function elements(type: string, content: unknown): number {
  const c = (content ?? {}) as Loose;
  if (type === 'word-order') return arr(c.words).length;
  if (type === 'mixed-text') return arr(c.sentences).length;
  if (type === 'word-bank') return arr(c.answers).length;
  if (type === 'dropdown-gap' || type === 'typed-gap') return arr(c.blanks).length;
  if (type === 'listening') return arr(((c.task ?? {}) as Loose).blanks).length || 1;
  return 1;
}

/** The time a candidate reasonably needs, in seconds (before rounding). */
export function expectedSeconds(type: string, content: unknown, audioSeconds = 0): number {
  const perElement = type === 'word-order' ? 2 : type === 'mixed-text' ? 6 : 4;
  return 2 * audioSeconds + wordsOnScreen(type, content) / READING_WORDS_PER_SECOND + elements(type, content) * perElement + ANSWER_SECONDS;
}

/** Recommended listening time limit: audio twice + reading the task + answering, rounded up to 5 s. */
export function listeningTimeLimit(content: unknown, audioSeconds: number): number {
  return Math.max(30, Math.ceil(expectedSeconds('listening', content, audioSeconds) / 5) * 5);
}

/** Bounds outside which a time limit is an error: too short to read and answer, or absurdly long. */
export function saneRange(type: string, content: unknown, audioSeconds = 0): { min: number; max: number } {
  const expected = expectedSeconds(type, content, audioSeconds);
  if (type === 'listening') return { min: Math.floor(2 * audioSeconds + 5), max: Math.ceil(expected * 2 + 30) };
  return { min: Math.floor(Math.max(15, expected * 0.4)), max: Math.ceil(Math.max(60, expected * 3)) };
}
