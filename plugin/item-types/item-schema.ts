import { z } from 'zod';
import { irt3plSchema, irtGpcmSchema, irtSchema } from '../../server/domain/adaptive/irt-schema.js';
import { LEVELS, SKILLS } from '../../server/domain/cefr.js';
import { itemTypePlugin, itemTypePlugins } from './index.js';

/**
 * The shared item format (common brief): common part + IRT block + content checked by the item type's
 * plugin. The set of types is the registry's (plugin/item-types/installed.ts): a bank may use exactly the
 * installed types, checked when a bank is read, not when this module loads.
 */

export { irtSchema, irt3plSchema, irtGpcmSchema };
export type { Skill, CefrLevel as Level } from '../../server/domain/cefr.js';

/** An installed item type's id. */
export const itemTypeSchema = z.string().refine((type) => itemTypePlugin(type) !== undefined, {
  error: (issue) =>
    `unknown item type "${String(issue.input)}" (installed: ${itemTypePlugins()
      .map((p) => p.type)
      .join(', ')})`,
});

export type IrtParameters = z.infer<typeof irtSchema>;

export const instructionSchema = z
  .strictObject({ fr: z.string().trim().min(1).optional(), en: z.string().trim().min(1).optional() })
  .refine((i) => i.fr !== undefined || i.en !== undefined, 'an instruction needs at least one language');

/** Common part of an item; `content` is checked separately by its type's schema (see itemSchema). */
export const itemBaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z]{2,3}-[a-z]{3}-\d{3,}$/, 'ids look like en-voc-001'),
  skill: z.enum(SKILLS),
  type: itemTypeSchema,
  level: z.enum(LEVELS),
  timeLimitSeconds: z.number().int().min(10).max(600),
  enemyGroup: z.string().trim().min(1).optional(),
  instruction: instructionSchema.optional(),
  irt: irtSchema,
  content: z.unknown(),
});

/** A whole item: the common part plus the content schema of its type. */
export const itemSchema = itemBaseSchema.superRefine((item, ctx) => {
  const result = itemTypePlugin(item.type)?.contentSchema.safeParse(item.content);
  if (result && !result.success) {
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
    typeMix: z.partialRecord(z.enum(SKILLS), z.record(itemTypeSchema, z.number().positive().max(1))),
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
