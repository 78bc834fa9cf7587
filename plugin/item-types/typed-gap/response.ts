import { z } from 'zod';

/** One entry per blank: what the candidate typed ("" while empty); one word, or a short group of words. */
export const responseSchema = z.strictObject({
  blanks: z.array(z.string().max(100)).min(1).max(20),
});
