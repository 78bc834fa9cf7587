import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import '../../plugin/item-types/index.js';
import { instructionSchema, itemTypeSchema } from '../../plugin/item-types/item-schema.js';
import { itemTypePlugin, itemTypePlugins } from '../../plugin/item-types/registry.js';
import { DemoTest } from '../domain/demo/demo-test.js';

const bilingual = z.strictObject({ fr: z.string().trim().min(1), en: z.string().trim().min(1) });
const demoSchema = z.strictObject({
  language: z.string().regex(/^[a-z]{2,3}$/),
  items: z.array(
    z
      .strictObject({
        id: z.string().regex(/^demo-[a-z-]+$/),
        type: itemTypeSchema,
        timeLimitSeconds: z.number().int().min(10).max(600),
        instruction: instructionSchema.optional(),
        explanation: bilingual,
        content: z.unknown(),
      })
      .transform((item, ctx) => {
        const content = itemTypePlugin(item.type)!.contentSchema.safeParse(item.content);
        if (!content.success) for (const issue of content.error.issues) ctx.addIssue({ code: 'custom', path: ['content', ...issue.path], message: issue.message });
        return { ...item, content: content.success ? content.data : item.content };
      }),
  ),
});

/**
 * Reads the demo test (content/demo: items.json and audio/), every item checked by its type's
 * content schema, and fails at start when one is wrong or an installed item type is missing: the
 * demo shows every installed type.
 */
export function loadDemoTest(dir: string): DemoTest {
  const parsed = demoSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'items.json'), 'utf8')));
  if (!parsed.success) throw new Error(`The demo test in ${dir} is not valid:\n${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const { language, items } = parsed.data;
  const missing = itemTypePlugins()
    .map((p) => p.type)
    .filter((t) => !items.some((i) => i.type === t));
  if (missing.length > 0) throw new Error(`The demo test in ${dir} lacks the item type(s) ${missing.join(', ')}`);
  const test = new DemoTest(language, items, itemTypePlugin, (file) => path.join(dir, 'audio', path.basename(file)));
  for (const item of items) {
    const audio = itemTypePlugin(item.type)?.audioFile?.(item.content);
    if (audio && !fs.existsSync(path.join(dir, 'audio', audio))) throw new Error(`The demo test's audio ${audio} is missing`);
  }
  return test;
}
