import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  Activity,
  ActivityInput,
  ActivitySettings,
  CourseInput,
  EnrolmentRole,
  Gradebook,
  LaunchEnrolment,
  LaunchSessionData,
  PersonProfile,
} from '../../domain/enrolment/enrolment.js';
import type {
  ActivityRepository,
  CourseRepository,
  LaunchEnrolmentRepository,
  LaunchSessionRepository,
  MembershipRepository,
  UserRepository,
} from '../../domain/enrolment/ports.js';
import type { Locale } from '../../i18n.js';
import type { Dialect } from '../database.js';
import type { ActivitiesTable, Database } from '../schema.js';

/** The profile columns a person's save writes: only the fields given. */
function profileColumns(person: PersonProfile) {
  return {
    ...(person.name !== undefined ? { name: person.name } : {}),
    ...(person.givenName !== undefined ? { given_name: person.givenName } : {}),
    ...(person.familyName !== undefined ? { family_name: person.familyName } : {}),
    ...(person.email !== undefined ? { email: person.email } : {}),
    ...(person.locale !== undefined ? { locale: person.locale } : {}),
  };
}

/** A users row for a person not seen before: the profile fields given, null for the others. */
function newUserRow(person: PersonProfile & { issuer: string; subject: string }, stamp: string) {
  return {
    id: randomUUID(),
    issuer: person.issuer,
    subject: person.subject,
    name: person.name ?? null,
    given_name: person.givenName ?? null,
    family_name: person.familyName ?? null,
    email: person.email ?? null,
    locale: person.locale ?? null,
    created_at: stamp,
    updated_at: stamp,
  };
}

function asLocale(value: string | null): Locale | null {
  return value === 'fr' || value === 'en' ? value : null;
}

function courseColumns(course: CourseInput) {
  return { label: course.label, title: course.title, nrps_url: course.rosterUrl };
}

/** The activity columns a save writes (the AGS endpoints stored with the LTI claim's JSON keys). */
function activityColumns(activity: ActivityInput) {
  const s = activity.settings;
  const g = activity.gradebook;
  const stored: StoredGradebook | null = g && { lineitems: g.lineItemsUrl, lineitem: g.lineItemUrl, scope: g.scopes };
  return {
    title: activity.title,
    language: s.language ?? null,
    target_level: s.targetLevel ?? null,
    oral_required: s.oralRequired ? 1 : 0,
    proctoring: s.proctoring ? 1 : 0,
    available_from: s.availableFrom ?? null,
    available_until: s.availableUntil ?? null,
    accommodations: JSON.stringify(s.accommodations),
    ags: stored ? JSON.stringify(stored) : null,
  };
}

const SETTINGS_COLUMNS = new Set(['language', 'target_level', 'oral_required', 'proctoring', 'available_from', 'available_until', 'accommodations']);

/** The columns a save replaces on an existing activity: all of them, or all but the settings when it keeps them. */
function replacedActivityColumns(activity: ActivityInput): string[] {
  return Object.keys(activityColumns(activity)).filter((k) => !activity.keepSettings || !SETTINGS_COLUMNS.has(k));
}

/**
 * A launch's enrolment and session. A returning person's launch mostly finds everything as it
 * was: rows whose columns did not change are not written again (a course's and an activity's rows
 * are shared by all its candidates, so rewriting them on every launch made concurrent launches
 * queue on their locks). On PostgreSQL, one statement: a data-modifying CTE whose membership,
 * activity and session inserts read the ids the user and course upserts return (the foreign keys
 * are checked at the end of the statement). Elsewhere (SQLite), in one transaction (or the
 * caller's): one query that loads what the launch needs (`findForLaunch`), the writes of what is
 * new or changed, and the session.
 */
export function launchEnrolmentRepository(db: Kysely<Database>, dialect: Dialect): LaunchEnrolmentRepository {
  return {
    async enrol(launch, session, now) {
      if (dialect === 'postgres') return enrolInOneStatement(db, launch, session, now);
      const write = async (d: Kysely<Database>) => {
        const found = await findForLaunch(d, launch);
        const stamp = now.toISOString();
        let userId = found.user_id;
        if (!userId) userId = await userRepository(d).save(launch.person, now);
        else if (changed(found, profileColumns(launch.person)))
          await d
            .updateTable('users')
            .set({ ...profileColumns(launch.person), updated_at: stamp })
            .where('id', '=', userId)
            .execute();
        let contextId = found.context_id;
        if (!contextId) contextId = await courseRepository(d).save(launch.course, now);
        else if (changed(found, courseColumns(launch.course)))
          await d
            .updateTable('contexts')
            .set({ ...courseColumns(launch.course), updated_at: stamp })
            .where('id', '=', contextId)
            .execute();
        if (found.role !== launch.role) await membershipRepository(d).save(contextId, userId, launch.role, now);
        let activityId: string | null = null;
        if (launch.activity) {
          const replaced = new Set(replacedActivityColumns(launch.activity));
          const columns = Object.fromEntries(Object.entries(activityColumns(launch.activity)).filter(([k]) => replaced.has(k)));
          activityId = found.activity_id;
          if (!activityId) activityId = await activityRepository(d).save(contextId, launch.activity, now);
          else if (changed({ ...found, title: found.activity_title }, columns))
            await d
              .updateTable('activities')
              .set({ ...columns, updated_at: stamp })
              .where('id', '=', activityId)
              .execute();
        }
        await launchSessionRepository(d).open(
          { id: session.id, userId, contextId, activityId, role: launch.role, messageType: launch.messageType, data: launch.session },
          now,
          session.expiresAt,
        );
        return { userId, contextId, activityId };
      };
      return db.isTransaction ? write(db) : db.transaction().execute(write);
    },
  };
}

/** Whether any of `columns` differs from what `row` holds. */
function changed(row: Record<string, unknown>, columns: Record<string, unknown>): boolean {
  return Object.entries(columns).some(([k, v]) => row[k] !== v);
}

/** What is already stored about a launch's person, course, membership and activity, in one query (SQLite). */
async function findForLaunch(db: Kysely<Database>, launch: LaunchEnrolment) {
  const { person, course, activity } = launch;
  const { rows } = await sql<{
    user_id: string | null;
    name: string | null;
    given_name: string | null;
    family_name: string | null;
    email: string | null;
    locale: string | null;
    context_id: string | null;
    label: string | null;
    title: string | null;
    nrps_url: string | null;
    role: string | null;
    activity_id: string | null;
    activity_title: string | null;
    language: string | null;
    target_level: string | null;
    oral_required: number | null;
    proctoring: number | null;
    available_from: string | null;
    available_until: string | null;
    accommodations: string | null;
    ags: string | null;
  }>`select u.id as user_id, u.name, u.given_name, u.family_name, u.email, u.locale,
      c.id as context_id, c.label, c.title, c.nrps_url, m.role,
      a.id as activity_id, a.title as activity_title, a.language, a.target_level, a.oral_required, a.proctoring, a.available_from, a.available_until, a.accommodations, a.ags
    from (select 1) as launch
    left join users u on u.issuer = ${person.issuer} and u.subject = ${person.subject}
    left join contexts c on c.platform_id = ${course.platformId} and c.lms_context_id = ${course.externalId}
    left join memberships m on m.context_id = c.id and m.user_id = u.id
    left join activities a on a.context_id = c.id and a.resource_link_id = ${activity?.externalId ?? null}`.execute(db);
  return rows[0]!; // one row always: the launch's, with what is found
}

async function enrolInOneStatement(db: Kysely<Database>, launch: LaunchEnrolment, session: { id: string; expiresAt: Date }, now: Date) {
  const stamp = now.toISOString();
  const { person, course, activity } = launch;
  const profile = profileColumns(person);
  const user = newUserRow(person, stamp);
  const ctx = {
    id: randomUUID(),
    platform_id: course.platformId,
    deployment_id: course.deploymentId,
    lms_context_id: course.externalId,
    ...courseColumns(course),
    created_at: stamp,
    updated_at: stamp,
  };
  const values = (row: Record<string, unknown>) => sql`(${sql.join(Object.keys(row).map((k) => sql.ref(k)))}) values (${sql.join(Object.values(row))})`;
  const updates = (columns: string[]) => sql.join(columns.map((k) => sql`${sql.ref(k)} = excluded.${sql.ref(k)}`));
  /** An upsert that leaves an unchanged row alone (no write, no lock held to the end of the transaction). */
  const unlessSame = (table: string, columns: string[]) =>
    columns.length === 0
      ? sql`false`
      : sql`(${sql.join(columns.map((k) => sql.ref(`${table}.${k}`)))}) is distinct from (${sql.join(columns.map((k) => sql`excluded.${sql.ref(k)}`))})`;
  const courseKeys = ['label', 'title', 'nrps_url'];
  // The row an upsert did not touch is read from the statement's snapshot. A row another launch
  // inserted since is in neither: the statement then finds no user or course and is run again.
  const parts = [
    sql`ui as (insert into users ${values(user)} on conflict (issuer, subject) do update set ${updates([...Object.keys(profile), 'updated_at'])}
      where ${unlessSame('users', Object.keys(profile))} returning id)`,
    sql`u as (select id from ui union all select id from users where issuer = ${person.issuer} and subject = ${person.subject} and not exists (select 1 from ui))`,
    sql`ci as (insert into contexts ${values(ctx)} on conflict (platform_id, lms_context_id) do update set ${updates([...courseKeys, 'updated_at'])}
      where ${unlessSame('contexts', courseKeys)} returning id)`,
    sql`c as (select id from ci union all select id from contexts where platform_id = ${course.platformId} and lms_context_id = ${course.externalId} and not exists (select 1 from ci))`,
    sql`m as (insert into memberships (context_id, user_id, role, updated_at) select c.id, u.id, ${launch.role}, ${stamp} from c, u
      on conflict (context_id, user_id) do update set role = excluded.role, updated_at = excluded.updated_at where memberships.role <> excluded.role)`,
  ];
  if (activity) {
    const a = activityColumns(activity);
    const keys = replacedActivityColumns(activity);
    parts.push(sql`ai as (insert into activities (id, context_id, resource_link_id, created_at, title, language, target_level, oral_required, proctoring, available_from, available_until, accommodations, ags, updated_at)
      select ${randomUUID()}, c.id, ${activity.externalId}, ${stamp}, ${a.title}, ${a.language}, ${a.target_level}, ${a.oral_required}::integer, ${a.proctoring}::integer, ${a.available_from}, ${a.available_until}, ${a.accommodations}, ${a.ags}, ${stamp} from c
      on conflict (context_id, resource_link_id) do update set ${updates([...keys, 'updated_at'])} where ${unlessSame('activities', keys)} returning id)`);
    parts.push(
      sql`a as (select id from ai union all select activities.id from activities, c where activities.context_id = c.id and resource_link_id = ${activity.externalId} and not exists (select 1 from ai))`,
    );
  }
  const activityId = activity ? sql`(select id from a)` : sql`null::text`;
  parts.push(sql`s as (insert into lti_sessions (id, user_id, context_id, activity_id, role, message_type, data, created_at, expires_at)
    select ${session.id}, u.id, c.id, ${activityId}, ${launch.role}, ${launch.messageType}, ${JSON.stringify(launch.session)}, ${stamp}, ${session.expiresAt.toISOString()} from u, c)`);
  const statement = sql<{ user_id: string; context_id: string; activity_id: string | null }>`with ${sql.join(parts, sql`, `)}
    select u.id as user_id, c.id as context_id, ${activityId} as activity_id from u, c`;
  const row = (await statement.execute(db)).rows[0] ?? (await statement.execute(db)).rows[0];
  if (!row) throw new Error('launch enrolment found no user or course');
  return { userId: row.user_id, contextId: row.context_id, activityId: row.activity_id };
}

/** Users keyed by (issuer, subject): LTI users and SCORM learners alike. */
export function userRepository(db: Kysely<Database>): UserRepository {
  return {
    async save(person, now) {
      const stamp = now.toISOString();
      const profile = profileColumns(person);
      const row = await db
        .insertInto('users')
        .values(newUserRow(person, stamp))
        .onConflict((oc) => oc.columns(['issuer', 'subject']).doUpdateSet({ ...profile, updated_at: stamp }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async ensure(person, now) {
      const stamp = now.toISOString();
      const row = await db
        .insertInto('users')
        .values(newUserRow(person, stamp))
        // A user already known keeps what their own launch said about them.
        .onConflict((oc) => oc.columns(['issuer', 'subject']).doUpdateSet({ updated_at: stamp }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async get(id) {
      const row = await db.selectFrom('users').select(['id', 'issuer', 'subject', 'name', 'email', 'locale']).where('id', '=', id).executeTakeFirst();
      return row && { ...row, locale: asLocale(row.locale) };
    },
  };
}

/** Courses (table contexts), keyed by (platform, id in the platform). */
export function courseRepository(db: Kysely<Database>): CourseRepository {
  const columns = ['id', 'platform_id', 'lms_context_id', 'title', 'nrps_url'] as const;
  const toCourse = (r: { id: string; platform_id: string; lms_context_id: string; title: string | null; nrps_url: string | null }) => ({
    id: r.id,
    platformId: r.platform_id,
    externalId: r.lms_context_id,
    title: r.title,
    rosterUrl: r.nrps_url,
  });
  return {
    async save(course, now) {
      const stamp = now.toISOString();
      const row = await db
        .insertInto('contexts')
        .values({
          id: randomUUID(),
          platform_id: course.platformId,
          deployment_id: course.deploymentId,
          lms_context_id: course.externalId,
          ...courseColumns(course),
          created_at: stamp,
          updated_at: stamp,
        })
        .onConflict((oc) => oc.columns(['platform_id', 'lms_context_id']).doUpdateSet({ ...courseColumns(course), updated_at: stamp }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async get(id) {
      const r = await db.selectFrom('contexts').select(columns).where('id', '=', id).executeTakeFirst();
      return r && toCourse(r);
    },
    async find(platformId, externalId) {
      const r = await db
        .selectFrom('contexts')
        .select(columns)
        .where('platform_id', '=', platformId)
        .where('lms_context_id', '=', externalId)
        .executeTakeFirst();
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
        .select(['memberships.user_id', 'memberships.role', 'users.subject', 'users.name', 'users.email', 'users.locale'])
        .where('memberships.context_id', '=', contextId);
      if (roles) query = query.where('memberships.role', 'in', [...roles]);
      const rows = await query.execute();
      return rows.map((r) => ({
        userId: r.user_id,
        subject: r.subject,
        name: r.name,
        email: r.email,
        role: r.role as EnrolmentRole,
        locale: asLocale(r.locale),
      }));
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
  return {
    id: row.id,
    contextId: row.context_id,
    platformId: row.platform_id,
    externalId: row.resource_link_id,
    title: row.title,
    settings: activitySettings(row),
    gradebook,
  };
}

/** Activities (an LMS resource link each) with their settings, and their gradebook columns. */
export function activityRepository(db: Kysely<Database>): ActivityRepository {
  const withPlatform = () =>
    db.selectFrom('activities').innerJoin('contexts', 'contexts.id', 'activities.context_id').selectAll('activities').select('contexts.platform_id');
  return {
    async save(contextId, activity, now) {
      const stamp = now.toISOString();
      const values = { ...activityColumns(activity), updated_at: stamp };
      const replaced = new Set(replacedActivityColumns(activity));
      const updates = Object.fromEntries(Object.entries(values).filter(([k]) => k === 'updated_at' || replaced.has(k))) as Partial<typeof values>;
      const row = await db
        .insertInto('activities')
        .values({ id: randomUUID(), context_id: contextId, resource_link_id: activity.externalId, created_at: stamp, ...values })
        .onConflict((oc) => oc.columns(['context_id', 'resource_link_id']).doUpdateSet(updates))
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
          id: session.id,
          user_id: session.userId,
          context_id: session.contextId,
          activity_id: session.activityId,
          role: session.role,
          message_type: session.messageType,
          data: JSON.stringify(session.data),
          created_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('lti_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return {
        session: {
          id: row.id,
          userId: row.user_id,
          contextId: row.context_id,
          activityId: row.activity_id,
          role: row.role as EnrolmentRole,
          messageType: row.message_type,
          data: JSON.parse(row.data) as LaunchSessionData,
        },
        expiresAt: new Date(row.expires_at),
      };
    },
    async close(id) {
      await db.deleteFrom('lti_sessions').where('id', '=', id).execute();
    },
    async purgeExpired(now) {
      await db.deleteFrom('lti_sessions').where('expires_at', '<', now.toISOString()).execute();
    },
  };
}
