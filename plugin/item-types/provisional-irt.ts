import { itemTypePlugin } from './index.js';
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

/**
 * How the item is scored, as its type's plugin says: number of score points, and for a single right/wrong
 * choice the number of options it offers (0 when the answer is typed). Content its type does not accept (or
 * an unknown type) counts as one typed point: the bank checker reports the item anyway.
 */
export function scoring(item: ItemLike): { points: number; options: number } {
  const plugin = itemTypePlugin(item.type);
  const parsed = plugin?.contentSchema.safeParse(item.content);
  if (!plugin || !parsed?.success) return { points: 1, options: 0 };
  return { points: plugin.maxPoints(parsed.data), options: plugin.guessOptions(parsed.data) };
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
