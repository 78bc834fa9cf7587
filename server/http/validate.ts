import type { Request } from 'express';
import type { z } from 'zod';

type Schemas = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
type Parsed<S extends Schemas> = { [K in keyof S]: S[K] extends z.ZodType<infer T> ? T : never };

/**
 * Parses a request's params, query and body with zod at the edge; handlers get typed values and
 * domain code trusts them. A ZodError thrown here becomes a 400 with the field errors.
 */
export function validate<S extends Schemas>(req: Request, schemas: S): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (const key of ['params', 'query', 'body'] as const) {
    const schema = schemas[key];
    if (schema) out[key] = schema.parse(req[key] ?? {});
  }
  return out as Parsed<S>;
}
