import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../server/errors.js';
import type { LaunchSession, LaunchSessionData } from '../server/domain/enrolment/enrolment.js';
import type { EnrolmentService } from '../server/domain/enrolment/enrolment-service.js';
import { readCookie } from '../server/http/cookies.js';
import { SESSION_COOKIE } from '../server/http/launch-session-cookie.js';
import type { CadreRole } from './roles.js';

export { SESSION_COOKIE, setSessionCookie } from '../server/http/launch-session-cookie.js';

/** What later pages need from the launch that opened the session. */
export type SessionData = LaunchSessionData;

export interface LtiSession extends LaunchSession {
  /** How the session reached this request: by cookie, or by the `s` parameter (cookie-less iframes). */
  via: 'cookie' | 'param';
}

/** The launch session of the request: its cookie first, else the `s` parameter (cookie-less iframes). */
export async function loadSession(enrolment: EnrolmentService, req: Request): Promise<LtiSession | undefined> {
  const fromCookie = readCookie(req, SESSION_COOKIE);
  const param = (req.query.s ?? (req.body as Record<string, unknown> | undefined)?.s) as unknown;
  const candidates: [string, LtiSession['via']][] = [];
  if (fromCookie) candidates.push([fromCookie, 'cookie']);
  if (typeof param === 'string' && param !== fromCookie) candidates.push([param, 'param']);
  for (const [id, via] of candidates) {
    if (!/^[\w-]{20,100}$/.test(id)) continue;
    const session = await enrolment.session(id);
    if (session) return { ...session, via };
  }
  return undefined;
}

/**
 * Sets req.principal (server/http/principal.ts) from the launch session, when the request
 * has one: the routes of other features ask for an LTI principal, never for the session.
 * With a watch, a session the LMS no longer backs (the activity hidden or deleted) ends here.
 */
export function ltiPrincipal(enrolment: EnrolmentService, watch?: { keep(session: LaunchSession): Promise<boolean> }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (
      req.principal ||
      (!req.headers.cookie?.includes(`${SESSION_COOKIE}=`) && req.query.s === undefined && (req.body as { s?: unknown } | undefined)?.s === undefined)
    ) {
      return next();
    }
    loadSession(enrolment, req)
      .then(async (found) => (found && watch && !(await watch.keep(found)) ? undefined : found))
      .then((session) => {
        if (session) {
          res.locals.ltiSession = session;
          req.principal = {
            kind: 'lti',
            userId: session.userId,
            role: session.role,
            contextId: session.contextId,
            activityId: session.activityId,
            name: session.data.name,
            email: session.data.email ?? null,
            locale: session.data.locale,
          };
        }
        next();
      }, next);
  };
}

/** Requires a launch session, with one of the roles if given; puts it in res.locals.ltiSession. */
export function requireSession(enrolment: EnrolmentService, roles?: CadreRole[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const known = res.locals.ltiSession as LtiSession | undefined;
    (known ? Promise.resolve(known) : loadSession(enrolment, req)).then((session) => {
      if (!session) return next(new AppError('lti:session-expired', {}, 401));
      if (roles && !roles.includes(session.role)) return next(new AppError('error:forbidden', {}, 403));
      res.locals.ltiSession = session;
      next();
    }, next);
  };
}

/** `?s=…` to carry on links when the session came without a cookie. */
export function sessionQuery(session: LtiSession, sep: '?' | '&' = '?'): string {
  return session.via === 'param' ? `${sep}s=${encodeURIComponent(session.id)}` : '';
}
