import { z } from 'zod';

/**
 * Content of a "word-bank" item: a text with blanks {1}, {2}, …; the bank offers the answers (one per
 * blank, in blank order) mixed with distractors that fit no blank. Each bank entry can be used once.
 */

const placeholders = (text: string): number[] => [...text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));

export const contentSchema = z
  .strictObject({
    text: z.string().trim().min(1),
    answers: z.array(z.string().trim().min(1)).min(2),
    distractors: z.array(z.string().trim().min(1)).min(1),
  })
  .superRefine((content, ctx) => {
    const found = placeholders(content.text);
    const expected = content.answers.map((_, i) => i + 1);
    if ([...found].sort((x, y) => x - y).join() !== expected.join()) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        params: { check: 'blanks' },
        message: `text has placeholders {${found.join('},{')}} but ${content.answers.length} answer(s) are defined (expected {1}..{${content.answers.length}} once each)`,
      });
    }
    const bank = [...content.answers, ...content.distractors];
    if (new Set(bank).size !== bank.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['distractors'],
        params: { check: 'key' },
        message: 'the bank lists the same entry twice (an answer repeated, or a distractor equal to an answer)',
      });
    }
  });

export type WordBankContent = z.infer<typeof contentSchema>;
