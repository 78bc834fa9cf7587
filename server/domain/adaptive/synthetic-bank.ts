/**
 * Generated 3PL banks for the simulation. By default the synthetic bank of issue 4: per skill,
 * `itemsPerSkill` 3PL items with a ~ U(0.5, 2.5), b ~ U(−3, 3), c = 0.25 for choice-like types
 * and 0 for typed answers, in a mix of item types, with a few enemy pairs. The distributions of a
 * and b can be changed (issue 18: banks unlike the favourable synthetic one, e.g. a lognormal with
 * mean 1.2), and `perturbParameters` gives the engine estimated parameters that differ from the
 * true ones used to draw responses. Deterministic for a given rng.
 */
import type { BankAdaptiveConfig, EngineItem } from './irt-schema.js';
import { SKILLS, type Skill } from '../cefr.js';
import { normalDeviate, uniform, type Rng } from './prng.js';

/** A distribution for item parameters: uniform on [min, max), normal, or lognormal with the given mean (not median). */
export type ParameterDistribution =
  { kind: 'uniform'; min: number; max: number } | { kind: 'normal'; mean: number; sd: number } | { kind: 'lognormal'; mean: number; sdLog: number };

/** Parse `uniform:0.5,2.5`, `normal:0,1` or `lognormal:1.2,0.3` (mean of the variable, SD of its logarithm). */
export function parseDistribution(text: string): ParameterDistribution {
  const m = /^(uniform|normal|lognormal):(-?[\d.]+),(-?[\d.]+)$/.exec(text.trim());
  if (!m) throw new Error(`not a distribution: ${text} (uniform:min,max | normal:mean,sd | lognormal:mean,sdlog)`);
  const x = Number(m[2]);
  const y = Number(m[3]);
  if (m[1] === 'uniform') {
    if (!(y > x)) throw new Error(`uniform:${x},${y}: max must exceed min`);
    return { kind: 'uniform', min: x, max: y };
  }
  if (!(y >= 0)) throw new Error(`${text}: the spread must be non-negative`);
  if (m[1] === 'normal') return { kind: 'normal', mean: x, sd: y };
  if (!(x > 0)) throw new Error(`${text}: a lognormal mean must be positive`);
  return { kind: 'lognormal', mean: x, sdLog: y };
}

export function drawFrom(d: ParameterDistribution, rng: Rng): number {
  if (d.kind === 'uniform') return uniform(rng, d.min, d.max);
  if (d.kind === 'normal') return d.mean + d.sd * normalDeviate(rng);
  return Math.exp(Math.log(d.mean) - (d.sdLog * d.sdLog) / 2 + d.sdLog * normalDeviate(rng));
}

export function describeDistribution(d: ParameterDistribution): string {
  return d.kind === 'uniform' ? `U(${d.min}, ${d.max})` : d.kind === 'normal' ? `N(${d.mean}, ${d.sd})` : `lognormal(mean ${d.mean}, sdlog ${d.sdLog})`;
}

export interface BankShape {
  /** Discrimination a (values below 0.2 are raised to 0.2). Default U(0.5, 2.5). */
  discrimination: ParameterDistribution;
  /** Difficulty b. Default U(−3, 3). */
  difficulty: ParameterDistribution;
  /** Share of items in enemy pairs. Default 0.04. */
  enemyPairShare: number;
}

export const ISSUE4_SHAPE: BankShape = {
  discrimination: { kind: 'uniform', min: 0.5, max: 2.5 },
  difficulty: { kind: 'uniform', min: -3, max: 3 },
  enemyPairShare: 0.04,
};

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

export function syntheticBank(rng: Rng, itemsPerSkill = 500, shape: Partial<BankShape> = {}): SyntheticBank {
  const { discrimination, difficulty, enemyPairShare } = { ...ISSUE4_SHAPE, ...shape };
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
          irt: {
            model: '3PL',
            a: Math.max(0.2, drawFrom(discrimination, rng)),
            b: drawFrom(difficulty, rng),
            c: choice ? 0.25 : 0,
            status: 'calibrated',
            source: 'synthetic',
          },
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

/**
 * The items as a calibration would estimate them: each parameter off by a random error of size
 * `noise` — b + N(0, noise²) (GPCM: every step shifted by the same error plus its own
 * N(0, (noise/2)²)), a · exp(N(0, (noise/2)²)), c + N(0, (noise/4)²) kept in [0, 0.5]. The
 * engine selects and scores with these; the simulation draws responses from the true ones.
 */
export function perturbParameters(items: readonly EngineItem[], noise: number, rng: Rng): EngineItem[] {
  if (noise === 0) return items.map((it) => ({ ...it }));
  return items.map((it) => {
    const a = it.irt.a * Math.exp((noise / 2) * normalDeviate(rng));
    if (it.irt.model === '3PL') {
      const b = it.irt.b + noise * normalDeviate(rng);
      const c = it.irt.c === 0 ? 0 : Math.min(0.5, Math.max(0, it.irt.c + (noise / 4) * normalDeviate(rng)));
      return { ...it, irt: { ...it.irt, a, b, c } };
    }
    const shift = noise * normalDeviate(rng);
    const steps = it.irt.steps.map((s) => s + shift + (noise / 2) * normalDeviate(rng));
    return { ...it, irt: { ...it.irt, a, steps } };
  });
}
