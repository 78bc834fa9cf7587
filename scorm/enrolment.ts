/**
 * The SCORM ports over Cadre's enrolment core: SCORM learners become users the way LTI launches
 * make them — keyed by (issuer, subject), issuer `scorm:<scope>` — and open the same kind of
 * launch session (role candidate, message type `scorm-launch`, the launch session cookie), so
 * every feature sees the same principal whatever the way in.
 */
import type { EnrolmentService } from '../server/domain/enrolment/enrolment-service.js';
import { setSessionCookie } from '../server/http/launch-session-cookie.js';
import type { ScormActivitySource, ScormSessionOpener, ScormUserDirectory } from './ports.js';

/** The certification activities LTI launches created, as the SCORM module sees them. */
export function enrolledActivities(enrolment: EnrolmentService): ScormActivitySource {
  return {
    async get(id) {
      const a = await enrolment.activity(id);
      return a && { id: a.id, contextId: a.contextId, title: a.title, language: a.settings.language ?? null, targetLevel: a.settings.targetLevel ?? null };
    },
  };
}

export function enrolledUsers(enrolment: EnrolmentService): ScormUserDirectory {
  return {
    async upsert(learner) {
      return { userId: await enrolment.identify({ issuer: learner.issuer, subject: learner.subject, name: learner.name }) };
    },
  };
}

export function launchSessions(enrolment: EnrolmentService): ScormSessionOpener {
  return {
    async open(res, learner) {
      const issuer = `scorm:package:${learner.packageId}`;
      const id = await enrolment.openSession({
        userId: learner.userId,
        contextId: learner.contextId ?? issuer,
        activityId: learner.activityId,
        role: 'candidate',
        messageType: 'scorm-launch',
        data: {
          platformId: issuer,
          issuer,
          clientId: '',
          deploymentId: '',
          subject: learner.userId,
          name: learner.name,
          locale: learner.locale,
          inFrame: false,
          contextTitle: null,
        },
      });
      // The start link is opened top-level: a first-party cookie.
      setSessionCookie(res, id, 'Lax');
      return { redirectTo: '/lti/home' };
    },
  };
}
