import type { Request, RequestHandler } from 'express';
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

// ---- Added by the oral booking (not in the LTI layer's version of this file) ----

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
