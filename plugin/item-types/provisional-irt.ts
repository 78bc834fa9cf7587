import type { IrtParameters, Level } from './item-schema.js';

/**
 * Provisional IRT parameters derived from the level the author targeted (rule of the common brief):
 * b = midpoint of the level's band with cut scores -1.5, -0.75, 0, 0.75, 1.5 (open bands A1 and C2
 * take -2.0 and 2.0); a = 1.0; c = 1/(number of options) for a single choice, 0 for typed answers;
 * items scored in points get GPCM with steps = b + evenly spaced offsets from -0.5 to +0.5.
 * Calibrated parameters replace these once pretest data exist (docs/authoring.md).
 */

export const LEVEL_B: Record<Level, number> = { A1: -2.0, A2: -1.125, B1: -0.375, B2: 0.375, C1: 1.125, C2: 2.0 };

/** The minimal view of an item the rule needs (kept loose so broken items can still be examined). */
export interface ItemLike {
  type: string;
  level: Level;
  content: unknown;
}

type Loose = Record<string, unknown> & { blanks?: unknown[]; options?: unknown[]; answers?: unknown[]; words?: unknown[]; sentences?: unknown[]; task?: Loose };

const len = (x: unknown): number => (Array.isArray(x) ? x.length : 0);

/**
 * How the item is scored: number of score points, and for a single right/wrong choice the number of
 * options it offers (0 when the answer is typed).
 */
export function scoring(item: ItemLike): { points: number; options: number } {
  const c = (item.content ?? {}) as Loose;
  switch (item.type) {
    case 'dropdown-gap': {
      const blanks = (c.blanks ?? []) as Loose[];
      return { points: blanks.length, options: blanks.length === 1 ? len(blanks[0]?.options) : 0 };
    }
    case 'typed-gap':
      return { points: len(c.blanks), options: 0 };
    case 'word-bank':
      return { points: len(c.answers), options: 0 };
    case 'word-order':
      return { points: Math.max(1, len(c.words) - 1), options: 0 };
    case 'mixed-text':
      return { points: Math.max(1, len(c.sentences) - 1), options: 0 };
    case 'multiple-choice':
      return { points: 1, options: len(c.options) };
    case 'listening': {
      const task = (c.task ?? {}) as Loose;
      return task.kind === 'multiple-choice' ? { points: 1, options: len(task.options) } : { points: len(task.blanks), options: 0 };
    }
    default:
      return { points: 1, options: 0 };
  }
}

const round = (x: number): number => Math.round(x * 10000) / 10000 + 0; // + 0 turns -0 into 0

/** The provisional IRT block for an item, by the rule above. */
export function provisionalIrt(item: ItemLike): IrtParameters {
  const b = LEVEL_B[item.level];
  const { points, options } = scoring(item);
  if (points <= 1) {
    return { model: '3PL', a: 1.0, b, c: options > 0 ? round(1 / options) : 0, status: 'provisional' };
  }
  const steps = Array.from({ length: points }, (_, k) => round(b - 0.5 + k / (points - 1)));
  return { model: 'GPCM', a: 1.0, steps, status: 'provisional' };
}
