import type { Request } from 'express';
import { ZodError, type z } from 'zod';

type Schemas = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
type Parsed<S extends Schemas> = { [K in keyof S]: S[K] extends z.ZodType<infer T> ? T : never };

/**
 * Parses a request's params, query and body with zod at the edge; handlers get typed values and
 * domain code trusts them. Every problem is reported at once (a ZodError, which the error handler
 * turns into a 400 with the field errors): body fields by their name, params and query fields
 * prefixed with where they came from.
 */
export function validate<S extends Schemas>(req: Request, schemas: S): Parsed<S> {
  const out: Record<string, unknown> = {};
  const issues: z.core.$ZodIssue[] = [];
  for (const key of ['params', 'query', 'body'] as const) {
    const schema = schemas[key];
    if (!schema) continue;
    const result = schema.safeParse(req[key] ?? {});
    if (result.success) out[key] = result.data;
    else issues.push(...result.error.issues.map((i) => (key === 'body' ? i : { ...i, path: [key, ...i.path] })));
  }
  if (issues.length > 0) throw new ZodError(issues);
  return out as Parsed<S>;
}
