import { randomUUID } from 'node:crypto';
import type { Principal } from '../../server/domain/principal.js';
import type { PrincipalResolver } from '../../server/http/principal.js';

/**
 * Test-only authentication: tests create principals and get a bearer token for each; the
 * resolver passed to startCadre({ principals }) maps the token back. Never used outside tests;
 * the real resolver reads the LTI and staff sessions.
 */
export function testPrincipals(): { resolver: PrincipalResolver; tokenFor(p: Principal): string; headers(p: Principal): Record<string, string> } {
  const byToken = new Map<string, Principal>();
  const tokenFor = (p: Principal) => {
    const token = `test-${randomUUID()}`;
    byToken.set(token, p);
    return token;
  };
  return {
    resolver: (req) => {
      const auth = req.get('authorization');
      return auth?.startsWith('Bearer ') ? byToken.get(auth.slice(7)) : undefined;
    },
    tokenFor,
    headers: (p) => ({ authorization: `Bearer ${tokenFor(p)}` }),
  };
}

export const candidate = (userId: string): Principal => ({ kind: 'lti', userId, role: 'learner' });
export const reviewer = (userId = 'reviewer-1'): Principal => ({ kind: 'staff', userId, role: 'reviewer' });
export const centreAdmin = (userId = 'admin-1'): Principal => ({ kind: 'staff', userId, role: 'centre-admin' });
