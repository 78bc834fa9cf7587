import { z } from 'zod';

/**
 * Content of a "mixed-text" item: the sentences of a short text in their correct order. The first
 * sentence is shown in place; the others are shuffled and the candidate puts them back in order.
 * Points = number of sentences the candidate places correctly (the first one is given, not scored).
 */
export const contentSchema = z
  .strictObject({
    sentences: z.array(z.string().trim().min(1)).min(3).max(8),
  })
  .superRefine((content, ctx) => {
    if (new Set(content.sentences).size !== content.sentences.length) {
      ctx.addIssue({ code: 'custom', path: ['sentences'], params: { check: 'key' }, message: 'two sentences are identical, so their order cannot be scored' });
    }
  });

export type MixedTextContent = z.infer<typeof contentSchema>;
