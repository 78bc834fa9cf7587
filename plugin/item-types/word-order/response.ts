import { z } from 'zod';

/** The ids placed in positions 2, 3, … (first word given); null for an empty position; each id once. */
export const responseSchema = z.strictObject({ order: z.array(z.string().min(1).max(40).nullable()).max(30) }).refine((r) => {
  const ids = r.order.filter((id) => id !== null);
  return new Set(ids).size === ids.length;
}, 'an element is placed twice');
