import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Activity, ActivitySettings, EnrolmentRole, Gradebook, LaunchSessionData } from '../../domain/enrolment/enrolment.js';
import type { ActivityRepository, CourseRepository, LaunchSessionRepository, MembershipRepository, UserRepository } from '../../domain/enrolment/ports.js';
import type { ActivitiesTable, Database } from '../schema.js';

/** Users keyed by (issuer, subject): LTI users and SCORM learners alike. */
export function userRepository(db: Kysely<Database>): UserRepository {
  return {
    async save(person, now) {
      const stamp = now.toISOString();
      const profile = {
        ...(person.name !== undefined ? { name: person.name } : {}),
        ...(person.givenName !== undefined ? { given_name: person.givenName } : {}),
        ...(person.familyName !== undefined ? { family_name: person.familyName } : {}),
        ...(person.email !== undefined ? { email: person.email } : {}),
      };
      const row = await db
        .insertInto('users')
        .values({ id: randomUUID(), issuer: person.issuer, subject: person.subject, name: null, given_name: null, family_name: null, email: null, ...profile, created_at: stamp, updated_at: stamp })
        .onConflict((oc) => oc.columns(['issuer', 'subject']).doUpdateSet({ ...profile, updated_at: stamp }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async ensure(person, now) {
      const stamp = now.toISOString();
      const row = await db
        .insertInto('users')
        .values({
          id: randomUUID(), issuer: person.issuer, subject: person.subject, name: person.name ?? null, given_name: person.givenName ?? null,
          family_name: person.familyName ?? null, email: person.email ?? null, created_at: stamp, updated_at: stamp,
        })
        // A user already known keeps what their own launch said about them.
        .onConflict((oc) => oc.columns(['issuer', 'subject']).doUpdateSet({ updated_at: stamp }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async get(id) {
      return db.selectFrom('users').select(['id', 'issuer', 'subject', 'name', 'email']).where('id', '=', id).executeTakeFirst();
    },
  };
}

/** Courses (table contexts), keyed by (platform, id in the platform). */
export function courseRepository(db: Kysely<Database>): CourseRepository {
  const columns = ['id', 'platform_id', 'lms_context_id', 'title', 'nrps_url'] as const;
  const toCourse = (r: { id: string; platform_id: string; lms_context_id: string; title: string | null; nrps_url: string | null }) => ({
    id: r.id, platformId: r.platform_id, externalId: r.lms_context_id, title: r.title, rosterUrl: r.nrps_url,
  });
  return {
    async save(course, now) {
      const stamp = now.toISOString();
      const row = await db
        .insertInto('contexts')
        .values({
          id: randomUUID(), platform_id: course.platformId, deployment_id: course.deploymentId, lms_context_id: course.externalId,
          label: course.label, title: course.title, nrps_url: course.rosterUrl, created_at: stamp, updated_at: stamp,
        })
        .onConflict((oc) => oc.columns(['platform_id', 'lms_context_id']).doUpdateSet({ label: course.label, title: course.title, nrps_url: course.rosterUrl, updated_at: stamp }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async get(id) {
      const r = await db.selectFrom('contexts').select(columns).where('id', '=', id).executeTakeFirst();
      return r && toCourse(r);
    },
    async find(platformId, externalId) {
      const r = await db.selectFrom('contexts').select(columns).where('platform_id', '=', platformId).where('lms_context_id', '=', externalId).executeTakeFirst();
      return r && toCourse(r);
    },
  };
}

export function membershipRepository(db: Kysely<Database>): MembershipRepository {
  return {
    async save(contextId, userId, role, now) {
      const stamp = now.toISOString();
      await db
        .insertInto('memberships')
        .values({ context_id: contextId, user_id: userId, role, updated_at: stamp })
        .onConflict((oc) => oc.columns(['context_id', 'user_id']).doUpdateSet({ role, updated_at: stamp }))
        .execute();
    },
    async list(contextId, roles) {
      let query = db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['memberships.user_id', 'memberships.role', 'users.subject', 'users.name', 'users.email'])
        .where('memberships.context_id', '=', contextId);
      if (roles) query = query.where('memberships.role', 'in', [...roles]);
      const rows = await query.execute();
      return rows.map((r) => ({ userId: r.user_id, subject: r.subject, name: r.name, email: r.email, role: r.role as EnrolmentRole }));
    },
  };
}

/** The AGS endpoints as stored (the JSON keys of the LTI claim). */
interface StoredGradebook {
  lineitems?: string;
  lineitem?: string;
  scope: string[];
}

function activitySettings(row: Selectable<ActivitiesTable>): ActivitySettings {
  let accommodations: { extraTimePercent?: unknown; largeText?: unknown } = {};
  try {
    accommodations = JSON.parse(row.accommodations) as typeof accommodations;
  } catch {
    // an unreadable value reads as none
  }
  const extra = accommodations.extraTimePercent;
  return {
    language: row.language === 'fr' || row.language === 'en' ? row.language : undefined,
    targetLevel: (['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const).find((l) => l === row.target_level),
    oralRequired: row.oral_required === 1,
    proctoring: row.proctoring === 1,
    availableFrom: row.available_from ?? undefined,
    availableUntil: row.available_until ?? undefined,
    accommodations: {
      extraTimePercent: typeof extra === 'number' && Number.isInteger(extra) && extra >= 0 && extra <= 100 ? extra : 0,
      largeText: accommodations.largeText === true,
    },
  };
}

function toActivity(row: Selectable<ActivitiesTable> & { platform_id: string }): Activity {
  const ags = row.ags ? (JSON.parse(row.ags) as StoredGradebook) : null;
  const gradebook: Gradebook | null = ags && { lineItemsUrl: ags.lineitems, lineItemUrl: ags.lineitem, scopes: ags.scope ?? [] };
  return { id: row.id, contextId: row.context_id, platformId: row.platform_id, externalId: row.resource_link_id, title: row.title, settings: activitySettings(row), gradebook };
}

/** Activities (an LMS resource link each) with their settings, and their gradebook columns. */
export function activityRepository(db: Kysely<Database>): ActivityRepository {
  const withPlatform = () => db.selectFrom('activities').innerJoin('contexts', 'contexts.id', 'activities.context_id').selectAll('activities').select('contexts.platform_id');
  return {
    async save(contextId, activity, now) {
      const stamp = now.toISOString();
      const s = activity.settings;
      const g = activity.gradebook;
      const stored: StoredGradebook | null = g && { lineitems: g.lineItemsUrl, lineitem: g.lineItemUrl, scope: g.scopes };
      const values = {
        title: activity.title, language: s.language ?? null, target_level: s.targetLevel ?? null, oral_required: s.oralRequired ? 1 : 0, proctoring: s.proctoring ? 1 : 0,
        available_from: s.availableFrom ?? null, available_until: s.availableUntil ?? null, accommodations: JSON.stringify(s.accommodations),
        ags: stored ? JSON.stringify(stored) : null, updated_at: stamp,
      };
      const row = await db
        .insertInto('activities')
        .values({ id: randomUUID(), context_id: contextId, resource_link_id: activity.externalId, created_at: stamp, ...values })
        .onConflict((oc) => oc.columns(['context_id', 'resource_link_id']).doUpdateSet(values))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async get(id) {
      const row = await withPlatform().where('activities.id', '=', id).executeTakeFirst();
      return row && toActivity(row);
    },
    async find(contextId, externalId) {
      const row = await withPlatform().where('activities.context_id', '=', contextId).where('activities.resource_link_id', '=', externalId).executeTakeFirst();
      return row && toActivity(row);
    },
    async lineItem(activityId, tag) {
      const row = await db.selectFrom('lti_line_items').select('url').where('activity_id', '=', activityId).where('tag', '=', tag).executeTakeFirst();
      return row?.url;
    },
    async rememberLineItem(activityId, tag, url) {
      await db
        .insertInto('lti_line_items')
        .values({ activity_id: activityId, tag, url })
        .onConflict((oc) => oc.columns(['activity_id', 'tag']).doNothing())
        .execute();
    },
  };
}

/** Launch sessions (table lti_sessions): LTI launches and SCORM start links alike. */
export function launchSessionRepository(db: Kysely<Database>): LaunchSessionRepository {
  return {
    async open(session, now, expiresAt) {
      await db
        .insertInto('lti_sessions')
        .values({
          id: session.id, user_id: session.userId, context_id: session.contextId, activity_id: session.activityId, role: session.role,
          message_type: session.messageType, data: JSON.stringify(session.data), created_at: now.toISOString(), expires_at: expiresAt.toISOString(),
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('lti_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return {
        session: {
          id: row.id, userId: row.user_id, contextId: row.context_id, activityId: row.activity_id, role: row.role as EnrolmentRole,
          messageType: row.message_type, data: JSON.parse(row.data) as LaunchSessionData,
        },
        expiresAt: new Date(row.expires_at),
      };
    },
    async close(id) {
      await db.deleteFrom('lti_sessions').where('id', '=', id).execute();
    },
  };
}
