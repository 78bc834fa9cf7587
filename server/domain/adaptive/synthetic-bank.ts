/**
 * The synthetic bank of issue 4: per skill, `itemsPerSkill` 3PL items with a ~ U(0.5, 2.5),
 * b ~ U(−3, 3), c = 0.25 for choice-like types and 0 for typed answers, in a mix of item types,
 * with a few enemy pairs. Deterministic for a given rng.
 */
import type { BankAdaptiveConfig, EngineItem } from './irt-schema.js';
import { SKILLS, type Skill } from '../cefr.js';
import { uniform, type Rng } from './prng.js';

interface TypeSpec {
  type: string;
  weight: number;
  /** Share of the type's items answered by choosing (c = 0.25); the rest are typed (c = 0). */
  choiceShare: number;
}

const TYPES: Record<Skill, TypeSpec[]> = {
  vocabulary: [
    { type: 'dropdown-gap', weight: 4, choiceShare: 1 },
    { type: 'typed-gap', weight: 3, choiceShare: 0 },
    { type: 'multiple-choice', weight: 3, choiceShare: 1 },
  ],
  grammar: [
    { type: 'dropdown-gap', weight: 4, choiceShare: 1 },
    { type: 'typed-gap', weight: 4, choiceShare: 0 },
    { type: 'multiple-choice', weight: 2, choiceShare: 1 },
  ],
  expressions: [
    { type: 'multiple-choice', weight: 5, choiceShare: 1 },
    { type: 'dropdown-gap', weight: 3, choiceShare: 1 },
    { type: 'typed-gap', weight: 2, choiceShare: 0 },
  ],
  reading: [
    { type: 'multiple-choice', weight: 7, choiceShare: 1 },
    { type: 'typed-gap', weight: 3, choiceShare: 0 },
  ],
  listening: [{ type: 'listening', weight: 10, choiceShare: 0.7 }],
};

const PREFIX: Record<Skill, string> = { vocabulary: 'voc', grammar: 'gra', expressions: 'exp', reading: 'rea', listening: 'lis' };

export interface SyntheticBank {
  items: EngineItem[];
  adaptive: BankAdaptiveConfig;
}

export function syntheticBank(rng: Rng, itemsPerSkill = 500, enemyPairShare = 0.04): SyntheticBank {
  const items: EngineItem[] = [];
  const itemTypeMix: NonNullable<BankAdaptiveConfig['itemTypeMix']> = {};
  for (const skill of SKILLS) {
    const specs = TYPES[skill];
    itemTypeMix[skill] = Object.fromEntries(specs.map((s) => [s.type, s.weight]));
    const totalW = specs.reduce((s, t) => s + t.weight, 0);
    const start = items.length;
    let n = 0;
    specs.forEach((spec, si) => {
      const count = si === specs.length - 1 ? itemsPerSkill - n : Math.round((itemsPerSkill * spec.weight) / totalW);
      for (let j = 0; j < count; j++, n++) {
        const choice = rng.next() < spec.choiceShare;
        items.push({
          id: `syn-${PREFIX[skill]}-${String(n + 1).padStart(4, '0')}`,
          skill,
          type: spec.type,
          irt: { model: '3PL', a: uniform(rng, 0.5, 2.5), b: uniform(rng, -3, 3), c: choice ? 0.25 : 0, status: 'calibrated', source: 'synthetic' },
        });
      }
    });
    // a few enemy pairs (items that must not meet in one sitting)
    const pairs = Math.round((itemsPerSkill * enemyPairShare) / 2);
    for (let p = 0; p < pairs; p++) {
      const group = `syn-${PREFIX[skill]}-enemy-${p + 1}`;
      const at = 14 * p;
      if (at + 1 >= itemsPerSkill) break;
      items[start + at]!.enemyGroup = group;
      items[start + at + 1]!.enemyGroup = group;
    }
  }
  return { items, adaptive: { cutScores: [-1.5, -0.75, 0, 0.75, 1.5], itemTypeMix } };
}
