import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { LtiPrincipal, Principal, StaffPrincipal } from '../../server/http/principal.js';

/**
 * Test-only authentication: tests create principals and get a bearer token for each; the
 * middleware passed to startCadre(config, { principal }) maps the token back. Never used outside
 * tests; the real one reads the LTI and staff sessions.
 */
export function testPrincipals(): { middleware: RequestHandler; tokenFor(p: Principal): string; headers(p: Principal): Record<string, string> } {
  const byToken = new Map<string, Principal>();
  const tokenFor = (p: Principal) => {
    const token = `test-${randomUUID()}`;
    byToken.set(token, p);
    return token;
  };
  return {
    middleware: (req, _res, next) => {
      const auth = req.get('authorization');
      const principal = auth?.startsWith('Bearer ') ? byToken.get(auth.slice(7)) : undefined;
      if (principal) req.principal = principal;
      next();
    },
    tokenFor,
    headers: (p) => ({ authorization: `Bearer ${tokenFor(p)}` }),
  };
}

export const candidate = (userId: string, activityId: string | null = 'activity-1'): LtiPrincipal => ({
  kind: 'lti',
  userId,
  role: 'candidate',
  contextId: 'course-1',
  activityId,
  name: null,
  email: null,
  locale: 'fr',
});
const staff = (staffId: string, role: StaffPrincipal['role']): StaffPrincipal => ({
  kind: 'staff',
  staffId,
  role,
  name: staffId,
  email: `${staffId}@centre.example`,
  locale: 'fr',
});
export const reviewer = (staffId = 'reviewer-1'): StaffPrincipal => staff(staffId, 'reviewer');
export const centreAdmin = (staffId = 'admin-1'): StaffPrincipal => staff(staffId, 'centre-admin');
