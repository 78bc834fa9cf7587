import { z } from 'zod';

/** One entry per blank: the chosen option's exact text, or null while empty. */
export const responseSchema = z.strictObject({
  blanks: z.array(z.string().max(200).nullable()).min(1).max(20),
});
