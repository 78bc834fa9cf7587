import type { Request } from 'express';
import { AppError } from '../errors.js';

export type { LtiPrincipal, LtiRole, Principal, StaffPrincipal, StaffRole } from '../domain/principal.js';
import type { LtiPrincipal, LtiRole, Principal, StaffPrincipal, StaffRole } from '../domain/principal.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** The LMS user behind the request, if their role is among `roles`; 401 without a session, 403 otherwise. */
export function requireLti(req: Request, ...roles: LtiRole[]): LtiPrincipal {
  const p = req.principal;
  if (!p) throw new AppError('error:unauthenticated', {}, 401);
  if (p.kind !== 'lti' || (roles.length > 0 && !roles.includes(p.role))) throw new AppError('error:forbidden', {}, 403);
  return p;
}

/** The staff member behind the request, if their role is among `roles`. */
export function requireStaff(req: Request, ...roles: StaffRole[]): StaffPrincipal {
  const p = req.principal;
  if (!p) throw new AppError('error:unauthenticated', {}, 401);
  if (p.kind !== 'staff' || (roles.length > 0 && !roles.includes(p.role))) throw new AppError('error:forbidden', {}, 403);
  return p;
}
