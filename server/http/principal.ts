import type { Request, RequestHandler } from 'express';
import type { LtiPrincipal, LtiRole } from '../domain/booking/roster.js';
import type { StaffMember, StaffRole } from '../domain/staff/staff.js';
import { AppError } from '../errors.js';

export type { LtiPrincipal };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by principalMiddleware when the request belongs to an LTI launch session. */
      principal?: LtiPrincipal;
      /** Set by the staff session middleware for a logged-in staff member. */
      staff?: StaffMember;
    }
  }
}

/**
 * Who is behind a request that came through an LTI launch. The LTI layer implements it over its
 * launch sessions (lti_sessions: user_id, context_id, activity_id, role, plus the user's name,
 * e-mail, locale and time zone); until it is wired, no request has a principal.
 */
export interface PrincipalSource {
  principalOf(req: Request): Promise<LtiPrincipal | undefined>;
}

export const noPrincipals: PrincipalSource = { principalOf: async () => undefined };

export function principalMiddleware(source: PrincipalSource): RequestHandler {
  return async (req, _res, next) => {
    req.principal = await source.principalOf(req);
    next();
  };
}

export function requirePrincipal(req: Request, roles: readonly LtiRole[] = ['candidate', 'instructor', 'admin']): LtiPrincipal {
  if (!req.principal) throw new AppError('error:unauthenticated', {}, 401);
  if (!roles.includes(req.principal.role)) throw new AppError('error:forbidden', {}, 403);
  return req.principal;
}

export function requireStaff(req: Request, roles: readonly StaffRole[]): StaffMember {
  if (!req.staff) throw new AppError('error:unauthenticated', {}, 401);
  if (!roles.includes(req.staff.role)) throw new AppError('error:forbidden', {}, 403);
  return req.staff;
}

/**
 * Writes to the JSON APIs must say `Content-Type: application/json`. A cross-site page cannot
 * send that without a CORS preflight (which we never grant), so an LTI session cookie that has
 * to be SameSite=None inside an LMS iframe cannot be ridden by a forged form post.
 */
export const jsonWritesOnly: RequestHandler = (req, _res, next) => {
  // The header itself, not req.is(): a write without a body (DELETE, confirm) must carry it too.
  const json = /^application\/json\b/i.test(req.headers['content-type'] ?? '');
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || json) return next();
  next(new AppError('error:json-required', {}, 415));
};
