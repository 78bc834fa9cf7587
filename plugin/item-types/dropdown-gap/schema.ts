import { z } from 'zod';

/**
 * Content of a "dropdown-gap" item: a text with blanks {1}, {2}, … and, for each blank, a drop-down
 * list of options. `answer` is the exact text of the one correct option.
 * Self-contained on purpose: the scorer and renderer of this type live beside it.
 */

const placeholders = (text: string): number[] => [...text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));

export const blankSchema = z.strictObject({
  options: z.array(z.string().trim().min(1)).min(2).max(6),
  answer: z.string().trim().min(1),
});

export const contentSchema = z
  .strictObject({
    text: z.string().trim().min(1),
    blanks: z.array(blankSchema).min(1),
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
      if (!blank.options.includes(blank.answer)) {
        ctx.addIssue({
          code: 'custom',
          path: ['blanks', i, 'answer'],
          params: { check: 'key' },
          message: `answer "${blank.answer}" of blank {${i + 1}} is not one of its options`,
        });
      }
      if (new Set(blank.options).size !== blank.options.length) {
        ctx.addIssue({ code: 'custom', path: ['blanks', i, 'options'], params: { check: 'key' }, message: `blank {${i + 1}} lists the same option twice` });
      }
    });
  });

export type DropdownGapContent = z.infer<typeof contentSchema>;
