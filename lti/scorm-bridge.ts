/**
 * SCORM learners become Cadre users and candidate sessions the way LTI launches do: a row in
 * users keyed by (issuer, subject) — issuer `scorm:<scope>` — and an lti_sessions row with the
 * cadre_lti cookie, so every feature sees the same principal whatever the way in.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../server/clock.js';
import type { Database } from '../server/storage/schema.js';
import type { ScormActivitySource, ScormSessionOpener, ScormUserDirectory } from '../scorm/ports.js';
import { findActivity } from './activities.js';
import { createSession, setSessionCookie } from './sessions.js';

/** The certification activities LTI launches created, as the SCORM module sees them. */
export function scormActivities(db: Kysely<Database>): ScormActivitySource {
  return {
    async get(id) {
      const a = await findActivity(db, id);
      return a && { id: a.id, contextId: a.contextId, title: a.title, language: a.settings.language ?? null, targetLevel: a.settings.targetLevel ?? null };
    },
  };
}

export function scormUsers(db: Kysely<Database>): ScormUserDirectory {
  return {
    async upsert(learner, now) {
      const stamp = now.toISOString();
      const row = await db
        .insertInto('users')
        .values({ id: randomUUID(), issuer: learner.issuer, subject: learner.subject, name: learner.name, given_name: null, family_name: null, email: null, created_at: stamp, updated_at: stamp })
        .onConflict((oc) => oc.columns(['issuer', 'subject']).doUpdateSet({ name: learner.name, updated_at: stamp }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return { userId: row.id };
    },
  };
}

export function scormSessions(db: Kysely<Database>, clock: Clock): ScormSessionOpener {
  return {
    async open(res, learner) {
      const issuer = `scorm:package:${learner.packageId}`;
      const id = await createSession(db, clock, {
        userId: learner.userId,
        contextId: learner.contextId ?? issuer,
        activityId: learner.activityId,
        role: 'candidate',
        messageType: 'scorm-launch',
        data: { platformId: issuer, issuer, clientId: '', deploymentId: '', subject: learner.userId, name: learner.name, locale: learner.locale, inFrame: false, contextTitle: null },
      });
      // The start link is opened top-level: a first-party cookie.
      setSessionCookie(res, id, 'Lax');
      return { redirectTo: '/lti/home' };
    },
  };
}
