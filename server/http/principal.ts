import type { Request } from 'express';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n.js';

/**
 * Who is making a request. LMS users arrive through an LTI launch (the LTI layer sets this from
 * its launch session); staff (assessors, reviewers, centre admins) sign in with a password (the
 * staff layer sets it from its session). Routes never read sessions themselves: they ask for a
 * principal of the kind and role they accept.
 */
export type LtiRole = 'candidate' | 'instructor' | 'admin';
export type StaffRole = 'assessor' | 'reviewer' | 'centre-admin';

export interface LtiPrincipal {
  kind: 'lti';
  userId: string;
  role: LtiRole;
  contextId: string;
  activityId: string | null;
  name: string | null;
  email: string | null;
  locale: Locale;
}

export interface StaffPrincipal {
  kind: 'staff';
  staffId: string;
  role: StaffRole;
  name: string;
  email: string;
  locale: Locale;
}

export type Principal = LtiPrincipal | StaffPrincipal;

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
