/**
 * Test-only implementations of the SCORM ports (activities and users in memory, a signed-cookie
 * session), for the SCORM module's own harness. Cadre itself uses scorm/enrolment.ts (the enrolment core) and
 * scorm/result-source.ts.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { ScormActivity, ScormActivitySource, ScormLearner, ScormSessionOpener, ScormUserDirectory } from '../../scorm/ports.js';

/** Activities held in memory (tests). Cadre uses the enrolment core's activities (scorm/enrolment.ts). */
export function memoryActivities(activities: ScormActivity[]): ScormActivitySource & { put(a: ScormActivity): void } {
  const byId = new Map(activities.map((a) => [a.id, a]));
  return {
    get: async (id) => byId.get(id),
    put: (a) => void byId.set(a.id, a),
  };
}

/** (issuer, subject) → user id in memory. Replaced by an upsert into the LTI users table. */
export function memoryUserDirectory(): ScormUserDirectory & { users: Map<string, { userId: string; name: string | null }> } {
  const users = new Map<string, { userId: string; name: string | null }>();
  return {
    users,
    async upsert({ issuer, subject, name }) {
      const key = `${issuer}\n${subject}`;
      const known = users.get(key);
      const userId = known?.userId ?? randomUUID();
      users.set(key, { userId, name: name ?? known?.name ?? null });
      return { userId };
    },
  };
}

const COOKIE = 'cadre_scorm';
const MAX_AGE_S = 8 * 3600;

/**
 * A signed cookie session for SCORM learners, and the middleware that turns it into an LTI-kind
 * principal (role candidate). Cadre uses the enrolment core's launch sessions instead (scorm/enrolment.ts).
 */
export function cookieSessions(options: { secret: string; redirectTo: (learner: ScormLearner) => string; secure: boolean; clock: { now(): Date } }): {
  opener: ScormSessionOpener;
  middleware: RequestHandler;
} {
  const sign = (payload: string) => createHmac('sha256', options.secret).update(payload).digest('base64url');
  const opener: ScormSessionOpener = {
    async open(res: Response, learner: ScormLearner, now: Date) {
      const payload = Buffer.from(JSON.stringify({ ...learner, exp: now.getTime() + MAX_AGE_S * 1000 })).toString('base64url');
      res.cookie(COOKIE, `${payload}.${sign(payload)}`, { httpOnly: true, sameSite: 'lax', secure: options.secure, maxAge: MAX_AGE_S * 1000, path: '/' });
      return { redirectTo: options.redirectTo(learner) };
    },
  };
  const middleware: RequestHandler = (req: Request, _res, next) => {
    const raw = /(?:^|;\s*)cadre_scorm=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const [payload, mac] = raw?.split('.') ?? [];
    if (!req.principal && payload && mac) {
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(mac);
      if (expected.length === given.length && timingSafeEqual(expected, given)) {
        const learner = JSON.parse(Buffer.from(payload, 'base64url').toString()) as ScormLearner & { exp: number };
        if (learner.exp > options.clock.now().getTime()) {
          req.principal = {
            kind: 'lti',
            userId: learner.userId,
            role: 'candidate',
            contextId: learner.contextId ?? `scorm:${learner.packageId}`,
            activityId: learner.activityId,
            name: learner.name,
            email: null,
            locale: learner.locale,
          };
        }
      }
    }
    next();
  };
  return { opener, middleware };
}
