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
