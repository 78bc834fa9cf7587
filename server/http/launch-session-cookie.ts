import type { Response } from 'express';
import { SESSION_HOURS } from '../domain/enrolment/enrolment-service.js';

/** The cookie that carries a launch session (LTI launch or SCORM start link). */
export const SESSION_COOKIE = 'cadre_lti';

/**
 * Sets the launch session cookie: SameSite=None; Secure so it travels inside the LMS iframe, or
 * Lax for a first-party, top-level page (the exam window, a SCORM start link).
 */
export function setSessionCookie(res: Response, id: string, sameSite: 'None' | 'Lax' = 'None'): void {
  res.cookie(SESSION_COOKIE, id, { httpOnly: true, secure: true, sameSite: sameSite === 'None' ? 'none' : 'lax', path: '/', maxAge: SESSION_HOURS * 3600_000 });
}
