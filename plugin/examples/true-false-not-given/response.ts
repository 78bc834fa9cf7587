import { z } from 'zod';
import { VERDICTS } from './view.js';

/** One entry per statement: a verdict, or null while unanswered. */
export const responseSchema = z.strictObject({
  answers: z.array(z.enum(VERDICTS).nullable()).min(1).max(12),
});
