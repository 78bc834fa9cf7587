import { z } from 'zod';
import { VERDICTS } from './view.js';

/**
 * Content of a "true-false-not-given" item: a short text and statements about it. For each statement the
 * candidate says whether the text says it is true, says it is false, or does not say. `answer` is the key.
 */
export const statementSchema = z.strictObject({
  text: z.string().trim().min(1).max(300),
  answer: z.enum(VERDICTS),
});

export const contentSchema = z
  .strictObject({
    passage: z.string().trim().min(1).max(3000),
    statements: z.array(statementSchema).min(1).max(6),
  })
  .superRefine((content, ctx) => {
    const seen = new Set<string>();
    content.statements.forEach((s, i) => {
      const key = s.text.toLowerCase();
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['statements', i, 'text'], params: { check: 'key' }, message: `statement ${i + 1} is written twice` });
      seen.add(key);
    });
  });

export type TrueFalseNotGivenContent = z.infer<typeof contentSchema>;
