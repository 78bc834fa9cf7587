/**
 * Zod schemas for what the adaptive engine reads from a bank: the IRT block of an item, the few
 * item fields the engine needs, and the `adaptive` section of bank.json. The bank checker reuses
 * these; item content is validated by the item-type plugins, not here.
 */
import { z } from 'zod';
import { LEVELS, SKILLS, type Skill } from '../cefr.js';

export const skillSchema = z.enum(SKILLS);
export const levelSchema = z.enum(LEVELS);

/** Default cut scores on the θ scale between A1|A2, A2|B1, B1|B2, B2|C1, C1|C2. */
export const DEFAULT_CUT_SCORES: readonly number[] = [-1.5, -0.75, 0, 0.75, 1.5];

/**
 * "provisional": derived from the level the author targeted (b = band midpoint, a = 1,
 * c = 1/options or 0) — see docs/psychometrics.md; "calibrated": estimated from response data.
 */
export const irtStatusSchema = z.enum(['provisional', 'calibrated']);

const finite = z.number().finite();

export const irt3plSchema = z.object({
  model: z.literal('3PL'),
  a: finite.positive().max(6),
  b: finite.min(-6).max(6),
  c: finite.min(0).max(0.5),
  status: irtStatusSchema,
  /** Free text saying where the parameters come from (e.g. "derived from targeted level B1"). */
  source: z.string().optional(),
});

export const irtGpcmSchema = z.object({
  model: z.literal('GPCM'),
  a: finite.positive().max(6),
  /** One step parameter per score point; the item is scored 0..steps.length. */
  steps: z.array(finite.min(-6).max(6)).min(1).max(20),
  status: irtStatusSchema,
  source: z.string().optional(),
});

/** The `irt` block of an item. */
export const irtSchema = z.discriminatedUnion('model', [irt3plSchema, irtGpcmSchema]);
export type IrtBlock = z.infer<typeof irtSchema>;

/** The item fields the adaptive engine uses (content is ignored here). */
export const engineItemSchema = z.object({
  id: z.string().min(1),
  skill: skillSchema,
  type: z.string().min(1),
  level: levelSchema.optional(),
  enemyGroup: z.string().min(1).optional(),
  irt: irtSchema,
});
export type EngineItem = z.infer<typeof engineItemSchema>;

/**
 * What a bank tells the engine (bank.json's `cutScores` and `typeMix`, validated by the bank
 * schema in plugin/item-types/item-schema.ts): five increasing cut scores, and per skill the
 * weights of each item type, normalised, so each candidate's items follow the mix as closely as
 * whole numbers allow.
 */
export interface BankAdaptiveConfig {
  cutScores?: readonly number[];
  itemTypeMix?: Partial<Record<Skill, Record<string, number>>>;
}
