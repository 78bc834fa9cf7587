import { z } from 'zod';

/** The chosen option's exact text, or null while none is chosen. */
export const responseSchema = z.strictObject({ choice: z.string().min(1).max(1000).nullable() });
