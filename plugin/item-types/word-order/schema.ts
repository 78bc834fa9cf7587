import { z } from 'zod';

/**
 * Content of a "word-order" item: the words (and punctuation marks) of one sentence in their correct
 * order. The first word is given; the others are shuffled and the candidate clicks them into place.
 * Points = number of words the candidate places correctly (the first one is given, not scored).
 * A word may occur twice (e.g. "the"); the scorer compares texts, so either copy fits either slot.
 */
export const contentSchema = z.strictObject({
  words: z.array(z.string().trim().min(1).regex(/^\S+$/, 'one word or punctuation mark per element')).min(4).max(16),
});

export type WordOrderContent = z.infer<typeof contentSchema>;
