import { z } from 'zod';

/**
 * Content of a "multiple-choice" item: an optional passage to read, a question and 3 to 5 options;
 * `answer` is the exact text of the one correct option.
 */
export const contentSchema = z
  .strictObject({
    passage: z.string().trim().min(1).optional(),
    question: z.string().trim().min(1),
    options: z.array(z.string().trim().min(1)).min(3).max(5),
    answer: z.string().trim().min(1),
  })
  .superRefine((content, ctx) => {
    if (!content.options.includes(content.answer)) {
      ctx.addIssue({ code: 'custom', path: ['answer'], params: { check: 'key' }, message: `answer "${content.answer}" is not one of the options` });
    }
    if (new Set(content.options).size !== content.options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], params: { check: 'key' }, message: 'the same option is listed twice' });
    }
  });

export type MultipleChoiceContent = z.infer<typeof contentSchema>;
