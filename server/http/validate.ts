import type { Request } from 'express';
import { z, ZodError } from 'zod';
import { AppError } from '../errors.js';

type Schemas = {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * Also take the body as an HTML form (application/x-www-form-urlencoded). Only for routes a
   * form posts to on purpose: the staff login, set-password and admin forms, /verify, the deep
   * linking form. Without it, a body must be JSON.
   */
  form?: true;
};
type Parsed<S extends Schemas> = { [K in Exclude<keyof S, 'form'>]: S[K] extends z.ZodType<infer T> ? T : never };

/** The body of a write that carries no fields: still JSON, so that a cross-site form cannot make it. */
export const emptyBody = z.object({});

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * Parses a request's params, query and body with zod at the edge; handlers get typed values and
 * domain code trusts them. Every problem is reported at once (a ZodError, which the error handler
 * turns into a 400 with the field errors): body fields by their name, params and query fields
 * prefixed with where they came from.
 *
 * A body schema also means "this body is JSON": any other body (a form, text, no content type at
 * all, even an empty body) is refused with 415 `error:json-required` before parsing. A cross-site
 * page cannot send JSON without a CORS preflight, which Cadre never grants, so no forged form can
 * reach a JSON API, whatever cookie (the SameSite=None LTI session) the browser attaches. Routes
 * that an HTML form posts to on purpose say so with `form: true`.
 */
export function validate<S extends Schemas>(req: Request, schemas: S): Parsed<S> {
  if (schemas.body) requireBodyType(req, schemas.form === true);
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

function requireBodyType(req: Request, form: boolean): void {
  // The header itself, not req.is(): a write without a body (confirm, DELETE) must carry it too.
  const type = req.headers['content-type'] ?? '';
  if (JSON_TYPE.test(type) || (form && FORM_TYPE.test(type))) return;
  throw new AppError(form ? 'error:form-or-json-required' : 'error:json-required', {}, 415);
}
