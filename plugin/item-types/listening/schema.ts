import { z } from 'zod';

/**
 * Content of a "listening" item: an audio file (relative to the bank's audio/ folder), its transcript
 * (kept in the item: it is the source the audio is generated from and the accessible alternative),
 * and a task: a multiple-choice question or a typed gap fill.
 */

const placeholders = (text: string): number[] => [...text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));

export const turnSchema = z.strictObject({
  speaker: z.string().trim().min(1),
  voice: z.enum(['female', 'male']),
  text: z.string().trim().min(1),
});

export const multipleChoiceTaskSchema = z.strictObject({
  kind: z.literal('multiple-choice'),
  question: z.string().trim().min(1),
  options: z.array(z.string().trim().min(1)).min(3).max(5),
  answer: z.string().trim().min(1),
});

export const typedGapTaskSchema = z.strictObject({
  kind: z.literal('typed-gap'),
  text: z.string().trim().min(1),
  blanks: z.array(z.strictObject({ answers: z.array(z.string().trim().min(1)).min(1), hint: z.string().trim().min(1).optional() })).min(1),
});

export const contentSchema = z
  .strictObject({
    genre: z.enum(['announcement', 'monologue', 'dialogue', 'message']),
    audio: z.string().regex(/^[A-Za-z0-9._-]+\.(mp3|opus|ogg)$/, 'a file name in the bank audio/ folder (.mp3, .opus or .ogg)'),
    transcript: z.array(turnSchema).min(1),
    task: z.discriminatedUnion('kind', [multipleChoiceTaskSchema, typedGapTaskSchema]),
  })
  .superRefine((content, ctx) => {
    const speakers = new Set(content.transcript.map((t) => t.speaker));
    if (content.genre === 'dialogue' && speakers.size < 2) {
      ctx.addIssue({ code: 'custom', path: ['transcript'], message: 'a dialogue needs at least two speakers' });
    }
    if (content.genre !== 'dialogue' && speakers.size > 1) {
      ctx.addIssue({ code: 'custom', path: ['genre'], message: `a ${content.genre} has one speaker; use "dialogue" for several` });
    }
    const task = content.task;
    if (task.kind === 'multiple-choice') {
      if (!task.options.includes(task.answer)) {
        ctx.addIssue({ code: 'custom', path: ['task', 'answer'], params: { check: 'key' }, message: `answer "${task.answer}" is not one of the options` });
      }
      if (new Set(task.options).size !== task.options.length) {
        ctx.addIssue({ code: 'custom', path: ['task', 'options'], params: { check: 'key' }, message: 'the same option is listed twice' });
      }
    } else {
      const found = placeholders(task.text);
      const expected = task.blanks.map((_, i) => i + 1);
      if ([...found].sort((x, y) => x - y).join() !== expected.join()) {
        ctx.addIssue({
          code: 'custom',
          path: ['task', 'text'],
          params: { check: 'blanks' },
          message: `task text has placeholders {${found.join('},{')}} but ${task.blanks.length} blank(s) are defined`,
        });
      }
    }
  });

export type ListeningContent = z.infer<typeof contentSchema>;
