import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { CandidateProfile, LtiPrincipal, OralRoster } from '../../server/domain/booking/roster.js';
import type { PrincipalSource } from '../../server/http/principal.js';

export const TEST_LAUNCH_COOKIE = 'cadre_test_launch';

/**
 * TEST ONLY. Stands in for the LTI layer (branch lti) and the written test (branch delivery) until
 * the lead wires them: `launch()` records what an LTI launch would insert (a launch session with
 * user, context, activity and role; the user's membership of the context) and, when asked, a
 * sitting whose written part is done. The session id travels in a cookie, like a launch's.
 * Never imported by production code.
 */
export class TestLaunches implements PrincipalSource, OralRoster {
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
      timeZone: 'Europe/Paris',
      ...who,
    };
    const sessionId = randomUUID();
    this.sessions.set(sessionId, principal);
    this.members.set(`${principal.contextId}|${principal.userId}`, { userId: principal.userId, name: principal.name, email: principal.email, locale: principal.locale, timeZone: principal.timeZone });
    let sittingId: string | undefined;
    if (options.writtenDone ?? principal.role === 'candidate') {
      sittingId = this.sittings.get(`${principal.activityId}|${principal.userId}`) ?? `sitting-${randomUUID()}`;
      this.sittings.set(`${principal.activityId}|${principal.userId}`, sittingId);
    }
    return { sessionId, cookie: `${TEST_LAUNCH_COOKIE}=${sessionId}`, principal, sittingId };
  }

  async principalOf(req: Request): Promise<LtiPrincipal | undefined> {
    const m = (req.headers.cookie ?? '').match(new RegExp(`${TEST_LAUNCH_COOKIE}=([\\w-]+)`));
    return m ? this.sessions.get(m[1]!) : undefined;
  }

  async writtenDoneSitting(activityId: string, userId: string): Promise<string | undefined> {
    return this.sittings.get(`${activityId}|${userId}`);
  }

  async candidate(contextId: string, userId: string): Promise<CandidateProfile | undefined> {
    return this.members.get(`${contextId}|${userId}`);
  }
}
