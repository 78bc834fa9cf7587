import type { Kysely } from 'kysely';
import type {
  Accommodation,
  AccommodationRepository,
  AttemptFacts,
  AttemptRepository,
  DashboardReadStore,
  DashboardStore,
  MemberRole,
} from '../../domain/dashboard/ports.js';
import { WRITTEN_ITEMS } from '../../domain/dashboard/dashboard.js';
import { itemsServed, type Sitting } from '../../domain/delivery/sitting.js';
import { SEVERITIES } from '../../domain/proctoring/proctoring.js';
import type { CertificationResult, ResultState } from '../../domain/results/types.js';
import { fromJson, toJson } from '../rows.js';
import type { Database } from '../schema.js';
import { auditRepository } from './audit-repository.js';

const percentOf = (multiplier: number): number => Math.round((multiplier - 1) * 100);
const multiplierOf = (percent: number): number => 1 + percent / 100;

function accommodationRepository(db: Kysely<Database>): AccommodationRepository {
  const read = (r: { extra_time_percent: number; proctoring_exemption: string | null; updated_at: string }): Accommodation => ({
    timeMultiplier: multiplierOf(r.extra_time_percent),
    proctoringExemption: r.proctoring_exemption,
    updatedAt: r.updated_at,
  });
  return {
    async get(activityId, userId) {
      const r = await db.selectFrom('accommodations').selectAll().where('activity_id', '=', activityId).where('user_id', '=', userId).executeTakeFirst();
      return r && read(r);
    },
    async put(activityId, userId, a, by, now) {
      const values = {
        extra_time_percent: percentOf(a.timeMultiplier),
        proctoring_exemption: a.proctoringExemption,
        updated_by: by,
        updated_at: now.toISOString(),
      };
      await db
        .insertInto('accommodations')
        .values({ activity_id: activityId, user_id: userId, ...values })
        .onConflict((oc) => oc.columns(['activity_id', 'user_id']).doUpdateSet(values))
        .execute();
      return read(values);
    },
  };
}

function attemptRepository(db: Kysely<Database>): AttemptRepository {
  return {
    async find(activityId, userId) {
      const sitting = await db.selectFrom('sittings').select('id').where('activity_id', '=', activityId).where('user_id', '=', userId).executeTakeFirst();
      if (!sitting) return undefined;
      const result = await db.selectFrom('results').select('state').where('sitting_id', '=', sitting.id).executeTakeFirst();
      const booking = await db.selectFrom('bookings').select('id').where('sitting_id', '=', sitting.id).where('status', '=', 'booked').executeTakeFirst();
      return { sittingId: sitting.id, resultState: (result?.state as ResultState | undefined) ?? null, liveBooking: booking !== undefined };
    },
    async archiveAndDelete({ archiveId, activityId, userId, sittingId, reason, actor, now }) {
      const sitting = await db.selectFrom('sittings').select('state').where('id', '=', sittingId).executeTakeFirstOrThrow();
      const responses = await db.selectFrom('responses').selectAll().where('sitting_id', '=', sittingId).orderBy('position').execute();
      const result = await db.selectFrom('results').select(['data', 'state']).where('sitting_id', '=', sittingId).executeTakeFirst();
      if (result?.state === 'released') return false;
      await db
        .insertInto('attempt_archive')
        .values({
          id: archiveId,
          activity_id: activityId,
          user_id: userId,
          sitting_id: sittingId,
          sitting: sitting.state,
          responses: toJson(responses),
          result: result?.data ?? null,
          reason,
          reset_by: actor,
          reset_at: now.toISOString(),
        })
        .execute();
      if (result) {
        // The state condition makes a release that committed in between win: nothing is deleted.
        const deleted = await db.deleteFrom('results').where('sitting_id', '=', sittingId).where('state', '!=', 'released').executeTakeFirst();
        if (Number(deleted.numDeletedRows) !== 1) return false;
      }
      await db.deleteFrom('responses').where('sitting_id', '=', sittingId).execute();
      await db.deleteFrom('sittings').where('id', '=', sittingId).execute();
      return true;
    },
  };
}

function readStore(db: Kysely<Database>): DashboardReadStore {
  return {
    async lastReset(activityId, userId) {
      const row = await db
        .selectFrom('attempt_archive')
        .select('reset_at')
        .where('activity_id', '=', activityId)
        .where('user_id', '=', userId)
        .orderBy('reset_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? new Date(row.reset_at) : undefined;
    },
    async activity(activityId) {
      const r = await db.selectFrom('activities').selectAll().where('id', '=', activityId).executeTakeFirst();
      if (!r) return undefined;
      let extra = 0;
      try {
        const parsed = fromJson<{ extraTimePercent?: unknown }>(r.accommodations);
        if (typeof parsed?.extraTimePercent === 'number' && parsed.extraTimePercent >= 0 && parsed.extraTimePercent <= 100) extra = parsed.extraTimePercent;
      } catch {
        // A malformed setting means no extra time, as for delivery.
      }
      return {
        id: r.id,
        contextId: r.context_id,
        title: r.title,
        targetLevel: r.target_level,
        oralRequired: r.oral_required === 1,
        defaultTimeMultiplier: multiplierOf(extra),
      };
    },
    async seenMembers(contextId) {
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.issuer', 'users.subject', 'users.name', 'users.given_name', 'users.family_name', 'users.email', 'memberships.role'])
        .where('memberships.context_id', '=', contextId)
        .execute();
      return rows.map((r) => ({
        userId: r.id,
        issuer: r.issuer,
        subject: r.subject,
        name: r.name ?? ([r.given_name, r.family_name].filter(Boolean).join(' ') || null),
        email: r.email,
        role: (['candidate', 'instructor', 'admin'].includes(r.role) ? r.role : 'other') as MemberRole,
      }));
    },
    async attempts(activityId) {
      const facts = new Map<string, AttemptFacts>();
      const of = (userId: string): AttemptFacts => {
        let f = facts.get(userId);
        if (!f)
          facts.set(userId, (f = { userId, issuer: '', subject: '', sitting: null, booking: null, result: null, eventSeverities: [], accommodation: null }));
        return f;
      };
      const sittings = await db.selectFrom('sittings').select(['id', 'user_id', 'step', 'state']).where('activity_id', '=', activityId).execute();
      const userOfSitting = new Map<string, string>();
      for (const s of sittings) {
        const sitting = fromJson<Sitting>(s.state);
        userOfSitting.set(s.id, s.user_id);
        of(s.user_id).sitting = { id: s.id, step: s.step, answered: itemsServed(sitting) - (sitting.current ? 1 : 0), total: WRITTEN_ITEMS };
      }
      const sittingIds = [...userOfSitting.keys()];
      if (sittingIds.length > 0) {
        // Only what belongs to the current sittings: a reset attempt's booking and result stay in the past.
        const bookings = await db
          .selectFrom('bookings')
          .select(['id', 'sitting_id', 'status', 'starts_at', 'created_at'])
          .where('sitting_id', 'in', sittingIds)
          .where('status', '!=', 'cancelled')
          .orderBy('created_at')
          .execute();
        for (const b of bookings) of(userOfSitting.get(b.sitting_id)!).booking = { id: b.id, status: b.status, startsAt: b.starts_at };
        const leaves = await db.selectFrom('booking_leaves').select(['sitting_id', 'left_at']).where('sitting_id', 'in', sittingIds).execute();
        for (const l of leaves) of(userOfSitting.get(l.sitting_id)!).leftWithoutBookingAt = l.left_at;
        const results = await db.selectFrom('results').select(['id', 'sitting_id', 'state', 'data']).where('sitting_id', 'in', sittingIds).execute();
        for (const r of results) {
          const data = fromJson<CertificationResult>(r.data);
          of(userOfSitting.get(r.sitting_id)!).result = {
            id: r.id,
            state: r.state as ResultState,
            levels: data.levels,
            invalidated: data.decision?.outcome === 'invalidated',
          };
        }
        const events = await db.selectFrom('proctoring_events').select(['sitting_id', 'severity']).where('sitting_id', 'in', sittingIds).execute();
        for (const e of events) of(userOfSitting.get(e.sitting_id)!).eventSeverities.push(SEVERITIES[e.severity - 1] ?? 'high');
      }
      const accommodations = await db.selectFrom('accommodations').selectAll().where('activity_id', '=', activityId).execute();
      for (const a of accommodations)
        of(a.user_id).accommodation = {
          timeMultiplier: multiplierOf(a.extra_time_percent),
          proctoringExemption: a.proctoring_exemption,
          updatedAt: a.updated_at,
        };
      const userIds = [...facts.keys()];
      if (userIds.length > 0) {
        for (const u of await db.selectFrom('users').select(['id', 'issuer', 'subject']).where('id', 'in', userIds).execute())
          Object.assign(of(u.id), { issuer: u.issuer, subject: u.subject });
      }
      return [...facts.values()];
    },
    async userSubject(userId) {
      return db.selectFrom('users').select(['issuer', 'subject']).where('id', '=', userId).executeTakeFirst();
    },
  };
}

/** The dashboard's storage: reads over the other modules' tables, writes in one transaction with the audit log. */
export function dashboardStore(db: Kysely<Database>): DashboardStore {
  const repos = (d: Kysely<Database>) => ({ audit: auditRepository(d), attempts: attemptRepository(d), accommodations: accommodationRepository(d) });
  return {
    ...repos(db),
    read: readStore(db),
    transaction: (fn) => db.transaction().execute((tx) => fn(repos(tx))),
  };
}
