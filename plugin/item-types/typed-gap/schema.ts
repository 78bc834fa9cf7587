import { z } from 'zod';

/**
 * Content of a "typed-gap" item: a text with blanks {1}, {2}, … where the candidate types one word
 * (or a short group of words). `answers` lists every accepted spelling; `hint` is an optional root
 * word shown in brackets (e.g. a verb to conjugate). Matching ignores case; accents count only when
 * `accentSensitive` is true.
 */

const placeholders = (text: string): number[] => [...text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));

export const blankSchema = z.strictObject({
  answers: z.array(z.string().trim().min(1)).min(1),
  hint: z.string().trim().min(1).optional(),
});

export const contentSchema = z
  .strictObject({
    text: z.string().trim().min(1),
    blanks: z.array(blankSchema).min(1),
    accentSensitive: z.boolean().default(false),
  })
  .superRefine((content, ctx) => {
    const found = placeholders(content.text);
    const expected = content.blanks.map((_, i) => i + 1);
    if ([...found].sort((x, y) => x - y).join() !== expected.join()) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        params: { check: 'blanks' },
        message: `text has placeholders {${found.join('},{')}} but ${content.blanks.length} blank(s) are defined (expected {1}..{${content.blanks.length}} once each)`,
      });
    }
    content.blanks.forEach((blank, i) => {
      const lowered = blank.answers.map((a) => a.toLowerCase());
      if (new Set(lowered).size !== lowered.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['blanks', i, 'answers'],
          params: { check: 'key' },
          message: `blank {${i + 1}} lists the same accepted answer twice (matching ignores case)`,
        });
      }
    });
  });

export type TypedGapContent = z.infer<typeof contentSchema>;
