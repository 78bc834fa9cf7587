import { z } from 'zod';

/** One entry per blank: the id of the bank word placed there, or null; a bank word is placed once at most. */
export const responseSchema = z.strictObject({ blanks: z.array(z.string().min(1).max(40).nullable()).min(1).max(20) }).refine((r) => {
  const ids = r.blanks.filter((id) => id !== null);
  return new Set(ids).size === ids.length;
}, 'a word is placed twice');
