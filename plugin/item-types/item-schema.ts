import { z } from 'zod';
import { contentSchema as dropdownGap } from './dropdown-gap/schema.js';
import { contentSchema as typedGap } from './typed-gap/schema.js';
import { contentSchema as mixedText } from './mixed-text/schema.js';
import { contentSchema as wordOrder } from './word-order/schema.js';
import { contentSchema as wordBank } from './word-bank/schema.js';
import { contentSchema as multipleChoice } from './multiple-choice/schema.js';
import { contentSchema as listening } from './listening/schema.js';

/** The shared item format (common brief): common part + IRT block + content checked by the item type. */

export const SKILLS = ['vocabulary', 'grammar', 'expressions', 'reading', 'listening'] as const;
export const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export const ITEM_TYPES = ['dropdown-gap', 'typed-gap', 'mixed-text', 'word-order', 'word-bank', 'multiple-choice', 'listening'] as const;

export type Skill = (typeof SKILLS)[number];
export type Level = (typeof LEVELS)[number];
export type ItemType = (typeof ITEM_TYPES)[number];

/** The content schema of every item type, by type name. */
export const contentSchemas = {
  'dropdown-gap': dropdownGap,
  'typed-gap': typedGap,
  'mixed-text': mixedText,
  'word-order': wordOrder,
  'word-bank': wordBank,
  'multiple-choice': multipleChoice,
  listening,
} as const satisfies Record<ItemType, z.ZodType>;

const status = z.enum(['provisional', 'calibrated']);

/** 3PL block: right/wrong items (one blank, one choice). */
export const irt3plSchema = z.object({
  model: z.literal('3PL'),
  a: z.number().positive(),
  b: z.number().min(-6).max(6),
  c: z.number().min(0).lt(1),
  status,
});

/** GPCM block: items scored in points; one step per score point (max points = steps.length). */
export const irtGpcmSchema = z.object({
  model: z.literal('GPCM'),
  a: z.number().positive(),
  steps: z.array(z.number().min(-6).max(6)).min(1),
  status,
});

export const irtSchema = z.discriminatedUnion('model', [irt3plSchema, irtGpcmSchema]);
export type IrtParameters = z.infer<typeof irtSchema>;

export const instructionSchema = z
  .strictObject({ fr: z.string().trim().min(1).optional(), en: z.string().trim().min(1).optional() })
  .refine((i) => i.fr !== undefined || i.en !== undefined, 'an instruction needs at least one language');

/** Common part of an item; `content` is checked separately by its type's schema (see itemSchema). */
export const itemBaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z]{2,3}-[a-z]{3}-\d{3,}$/, 'ids look like en-voc-001'),
  skill: z.enum(SKILLS),
  type: z.enum(ITEM_TYPES),
  level: z.enum(LEVELS),
  timeLimitSeconds: z.number().int().min(10).max(600),
  enemyGroup: z.string().trim().min(1).optional(),
  instruction: instructionSchema.optional(),
  irt: irtSchema,
  content: z.unknown(),
});

/** A whole item: the common part plus the content schema of its type. */
export const itemSchema = itemBaseSchema.superRefine((item, ctx) => {
  const result = contentSchemas[item.type].safeParse(item.content);
  if (!result.success) {
    for (const issue of result.error.issues) {
      ctx.addIssue({ ...issue, path: ['content', ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
    }
  }
});

export type Item = z.infer<typeof itemBaseSchema>;

/** bank.json: the meta of a language bank. */
export const bankMetaSchema = z
  .object({
    language: z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639 code such as "en"'),
    title: z.string().trim().min(1),
    version: z.string().optional(),
    audioFormat: z.enum(['mp3', 'opus']).optional(),
    cutScores: z.array(z.number()).length(5),
    levels: z.array(z.enum(LEVELS)).optional(),
    itemsPerSkill: z.number().int().positive().optional(),
    typeMix: z.partialRecord(z.enum(SKILLS), z.partialRecord(z.enum(ITEM_TYPES), z.number().positive().max(1))),
  })
  .superRefine((meta, ctx) => {
    if (meta.cutScores.some((c, i) => i > 0 && c <= meta.cutScores[i - 1]!)) {
      ctx.addIssue({ code: 'custom', path: ['cutScores'], message: 'cut scores must increase (A1|A2, A2|B1, B1|B2, B2|C1, C1|C2)' });
    }
    for (const [skill, mix] of Object.entries(meta.typeMix)) {
      const total = Object.values(mix).reduce((a, b) => a + b, 0);
      if (Math.abs(total - 1) > 0.001) {
        ctx.addIssue({ code: 'custom', path: ['typeMix', skill], message: `the type mix of ${skill} adds up to ${total}, not 1` });
      }
    }
  });

export type BankMeta = z.infer<typeof bankMetaSchema>;
