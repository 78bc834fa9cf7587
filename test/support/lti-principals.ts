import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { CandidateProfile, OralRoster } from '../../server/domain/booking/roster.js';
import type { LtiPrincipal } from '../../server/http/principal.js';

export const TEST_LAUNCH_COOKIE = 'cadre_test_launch';

/**
 * TEST ONLY. Stands in for the LTI layer (its launch sessions, users and memberships) and the
 * written test (a sitting at step written-done) for the booking tests: `launch()` records
 * what an LTI launch would insert, and `principal` is a middleware setting req.principal from a
 * cookie holding the session id, like the LTI layer's. Never imported by production code.
 */
export class TestLaunches implements OralRoster {
  private readonly sessions = new Map<string, LtiPrincipal>();
  private readonly members = new Map<string, CandidateProfile>();
  private readonly sittings = new Map<string, string>();

  launch(
    who: Partial<LtiPrincipal> & { userId: string; role: LtiPrincipal['role'] },
    options: { writtenDone?: boolean } = {},
  ): { sessionId: string; cookie: string; principal: LtiPrincipal; sittingId: string | undefined } {
    const principal: LtiPrincipal = {
      kind: 'lti',
      contextId: 'ctx-1',
      activityId: 'act-1',
      name: who.userId,
      email: `${who.userId}@example.org`,
      locale: 'fr',
      ...who,
    };
    const sessionId = randomUUID();
    this.sessions.set(sessionId, principal);
    this.members.set(`${principal.contextId}|${principal.userId}`, {
      userId: principal.userId,
      name: principal.name,
      email: principal.email,
      locale: principal.locale,
    });
    let sittingId: string | undefined;
    if ((options.writtenDone ?? principal.role === 'candidate') && principal.activityId) {
      const key = `${principal.activityId}|${principal.userId}`;
      sittingId = this.sittings.get(key) ?? `sitting-${randomUUID()}`;
      this.sittings.set(key, sittingId);
    }
    return { sessionId, cookie: `${TEST_LAUNCH_COOKIE}=${sessionId}`, principal, sittingId };
  }

  readonly principal: RequestHandler = (req, _res, next) => {
    const m = (req.headers.cookie ?? '').match(new RegExp(`${TEST_LAUNCH_COOKIE}=([\\w-]+)`));
    const principal = m ? this.sessions.get(m[1]!) : undefined;
    if (principal) req.principal = principal;
    next();
  };

  async writtenDoneSitting(activityId: string, userId: string): Promise<string | undefined> {
    return this.sittings.get(`${activityId}|${userId}`);
  }

  async candidate(contextId: string, userId: string): Promise<CandidateProfile | undefined> {
    return this.members.get(`${contextId}|${userId}`);
  }
}
