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
