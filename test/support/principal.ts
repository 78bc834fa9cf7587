import type { RequestHandler } from 'express';
import type { Principal } from '../../server/http/principal.js';

/**
 * Tests only: the principal a request names in an x-test-principal header (JSON), standing in for
 * the LTI launch session and the staff sign-in, which other modules build.
 */
export const headerPrincipal: RequestHandler = (req, _res, next) => {
  const given = req.get('x-test-principal');
  if (given) req.principal = JSON.parse(given) as Principal;
  next();
};

export const asPrincipal = (p: Principal): Record<string, string> => ({ 'x-test-principal': JSON.stringify(p) });

export const candidate = (userId: string, activityId = 'activity-1', contextId = 'course-1'): Principal => ({
  kind: 'lti',
  userId,
  role: 'candidate',
  contextId,
  activityId,
  name: null,
  email: null,
  locale: 'fr',
});
export const instructor = (contextId = 'course-1'): Principal => ({
  kind: 'lti',
  userId: 'teacher-1',
  role: 'instructor',
  contextId,
  activityId: null,
  name: 'Dominique Leroy',
  email: null,
  locale: 'en',
});
export const centreAdmin: Principal = { kind: 'staff', staffId: 'admin-1', role: 'centre-admin', name: 'Alex Admin', email: 'admin@example.org', locale: 'fr' };
export const assessor: Principal = {
  kind: 'staff',
  staffId: 'assessor-1',
  role: 'assessor',
  name: 'Sam Assessor',
  email: 'assessor@example.org',
  locale: 'fr',
};
