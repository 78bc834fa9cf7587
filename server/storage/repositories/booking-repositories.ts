import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import {
  BookingConflict,
  type Availability,
  type AvailabilityRepository,
  type Booking,
  type BookingRepository,
  type BookingStatus,
  type Centre,
  type CentreRepository,
} from '../../domain/booking/types.js';
import type { CriteriaLevels, Level, OralAssessment, OralAssessmentRepository, Outcome } from '../../domain/oral/grading.js';
import type { BookingsTable, CentresTable, Database, OralAssessmentsTable } from '../schema.js';
import { fromJson, toDate, toDateOrNull, toJson, toText } from '../rows.js';
import { isUniqueViolation, violatedOn } from './unique-violation.js';

function toCentre(row: Selectable<CentresTable>): Centre {
  return {
    id: row.id,
    name: row.name,
    contactEmail: row.contact_email,
    timeZone: row.time_zone,
    slotMinutes: row.slot_minutes,
    minNoticeMinutes: row.min_notice_minutes,
    maxDaysAhead: row.max_days_ahead,
  };
}

export function centreRepository(db: Kysely<Database>): CentreRepository {
  const get = async (id: string) => {
    const row = await db.selectFrom('centres').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCentre(row);
  };
  return {
    get,
    async update(id, changes, now) {
      const set: Partial<Selectable<CentresTable>> = { updated_at: toText(now) };
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.contactEmail !== undefined) set.contact_email = changes.contactEmail;
      if (changes.timeZone !== undefined) set.time_zone = changes.timeZone;
      if (changes.slotMinutes !== undefined) set.slot_minutes = changes.slotMinutes;
      if (changes.minNoticeMinutes !== undefined) set.min_notice_minutes = changes.minNoticeMinutes;
      if (changes.maxDaysAhead !== undefined) set.max_days_ahead = changes.maxDaysAhead;
      await db.updateTable('centres').set(set).where('id', '=', id).execute();
      return get(id);
    },
  };
}

export function availabilityRepository(db: Kysely<Database>): AvailabilityRepository {
  const getMany = async (ids: string[]) => {
    const out = new Map<string, Availability>(ids.map((id) => [id, { rules: [], exceptions: [] }]));
    if (ids.length === 0) return out;
    const rules = await db.selectFrom('availability_rules').selectAll().where('assessor_id', 'in', ids).orderBy('weekday').orderBy('start_minute').execute();
    const exceptions = await db
      .selectFrom('availability_exceptions')
      .selectAll()
      .where('assessor_id', 'in', ids)
      .orderBy('date')
      .orderBy('start_minute')
      .execute();
    for (const r of rules) out.get(r.assessor_id)!.rules.push({ weekday: r.weekday, startMinute: r.start_minute, endMinute: r.end_minute });
    for (const e of exceptions)
      out
        .get(e.assessor_id)!
        .exceptions.push({ date: e.date, kind: e.kind === 'available' ? 'available' : 'unavailable', startMinute: e.start_minute, endMinute: e.end_minute });
    return out;
  };
  return {
    getMany,
    async get(id) {
      return (await getMany([id])).get(id)!;
    },
    async replace(assessorId, availability) {
      await db.deleteFrom('availability_rules').where('assessor_id', '=', assessorId).execute();
      await db.deleteFrom('availability_exceptions').where('assessor_id', '=', assessorId).execute();
      if (availability.rules.length > 0)
        await db
          .insertInto('availability_rules')
          .values(
            availability.rules.map((r) => ({
              id: randomUUID(),
              assessor_id: assessorId,
              weekday: r.weekday,
              start_minute: r.startMinute,
              end_minute: r.endMinute,
            })),
          )
          .execute();
      if (availability.exceptions.length > 0)
        await db
          .insertInto('availability_exceptions')
          .values(
            availability.exceptions.map((e) => ({
              id: randomUUID(),
              assessor_id: assessorId,
              date: e.date,
              kind: e.kind,
              start_minute: e.startMinute,
              end_minute: e.endMinute,
            })),
          )
          .execute();
    },
  };
}

function toBooking(row: Selectable<BookingsTable>): Booking {
  return {
    id: row.id,
    sittingId: row.sitting_id,
    candidateUserId: row.candidate_user_id,
    activityId: row.activity_id,
    contextId: row.context_id,
    centreId: row.centre_id,
    assessorId: row.assessor_id,
    startsAt: toDate(row.starts_at),
    endsAt: toDate(row.ends_at),
    status: row.status as BookingStatus,
    sequence: row.sequence,
    candidateName: row.candidate_name,
    candidateEmail: row.candidate_email,
    candidateLocale: row.candidate_locale === 'en' ? 'en' : 'fr',
    candidateTimeZone: row.candidate_time_zone,
    confirmedAt: toDateOrNull(row.confirmed_at),
    createdBy: row.created_by as Booking['createdBy'],
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** Turns the unique indexes' refusals into the domain's BookingConflict. */
function conflictOf(error: unknown): BookingConflict | undefined {
  if (!isUniqueViolation(error)) return undefined;
  return new BookingConflict(/sitting/.test(violatedOn(error)) ? 'sitting' : 'slot');
}

export function bookingRepository(db: Kysely<Database>): BookingRepository {
  const get = async (id: string) => {
    const row = await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toBooking(row);
  };
  return {
    get,
    async create(b, now) {
      const row: Selectable<BookingsTable> = {
        id: randomUUID(),
        sitting_id: b.sittingId,
        candidate_user_id: b.candidateUserId,
        activity_id: b.activityId,
        context_id: b.contextId,
        centre_id: b.centreId,
        assessor_id: b.assessorId,
        starts_at: toText(b.startsAt),
        ends_at: toText(b.endsAt),
        status: 'booked',
        sequence: 0,
        candidate_name: b.candidateName,
        candidate_email: b.candidateEmail,
        candidate_locale: b.candidateLocale,
        candidate_time_zone: b.candidateTimeZone,
        confirmed_at: null,
        created_by: b.createdBy,
        created_at: toText(now),
        updated_at: toText(now),
      };
      try {
        await db.insertInto('bookings').values(row).execute();
      } catch (error) {
        throw conflictOf(error) ?? error;
      }
      return toBooking(row);
    },
    async liveForSitting(sittingId) {
      const row = await db.selectFrom('bookings').selectAll().where('sitting_id', '=', sittingId).where('status', '=', 'booked').executeTakeFirst();
      return row && toBooking(row);
    },
    async forCandidate(userId, activityId) {
      const rows = await db
        .selectFrom('bookings')
        .selectAll()
        .where('candidate_user_id', '=', userId)
        .where('activity_id', '=', activityId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toBooking);
    },
    async liveForAssessors(ids, from, to) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('bookings')
        .selectAll()
        .where('assessor_id', 'in', ids)
        .where('status', '=', 'booked')
        .where('starts_at', '>=', toText(from))
        .where('starts_at', '<', toText(to))
        .execute();
      return rows.map(toBooking);
    },
    async forAssessor(id, from, to) {
      const rows = await db
        .selectFrom('bookings')
        .selectAll()
        .where('assessor_id', '=', id)
        .where('starts_at', '>=', toText(from))
        .where('starts_at', '<', toText(to))
        .orderBy('starts_at')
        .execute();
      return rows.map(toBooking);
    },
    async move(id, expectedSequence, to, now) {
      try {
        const row = await db
          .updateTable('bookings')
          .set((eb) => ({
            assessor_id: to.assessorId,
            starts_at: toText(to.startsAt),
            ends_at: toText(to.endsAt),
            sequence: eb('sequence', '+', 1),
            confirmed_at: null,
            updated_at: toText(now),
          }))
          .where('id', '=', id)
          .where('status', '=', 'booked')
          .where('sequence', '=', expectedSequence)
          .returningAll()
          .executeTakeFirst();
        return row && toBooking(row);
      } catch (error) {
        throw conflictOf(error) ?? error;
      }
    },
    async setStatus(id, expectedSequence, status, now) {
      const row = await db
        .updateTable('bookings')
        .set((eb) => ({ status, sequence: status === 'cancelled' ? eb('sequence', '+', 1) : eb.ref('sequence'), updated_at: toText(now) }))
        .where('id', '=', id)
        .where('status', '=', 'booked')
        .where('sequence', '=', expectedSequence)
        .returningAll()
        .executeTakeFirst();
      return row && toBooking(row);
    },
    async confirm(id, now) {
      const row = await db
        .updateTable('bookings')
        .set({ confirmed_at: toText(now), updated_at: toText(now) })
        .where('id', '=', id)
        .where('status', '=', 'booked')
        .returningAll()
        .executeTakeFirst();
      return row && toBooking(row);
    },
    async recordLeave(leave, now) {
      await db
        .insertInto('booking_leaves')
        .values({ sitting_id: leave.sittingId, candidate_user_id: leave.candidateUserId, activity_id: leave.activityId, left_at: toText(now) })
        .onConflict((oc) => oc.column('sitting_id').doNothing())
        .execute();
      const row = await db.selectFrom('booking_leaves').select('left_at').where('sitting_id', '=', leave.sittingId).executeTakeFirstOrThrow();
      return toDate(row.left_at);
    },
    async leftAt(sittingId) {
      const row = await db.selectFrom('booking_leaves').select('left_at').where('sitting_id', '=', sittingId).executeTakeFirst();
      return row && toDate(row.left_at);
    },
  };
}

function toAssessment(row: Selectable<OralAssessmentsTable>): OralAssessment {
  const criteria = fromJson<Partial<CriteriaLevels>>(row.criteria);
  return {
    bookingId: row.booking_id,
    assessorId: row.assessor_id,
    outcome: row.outcome as Outcome,
    criteria: Object.keys(criteria).length === 5 ? (criteria as CriteriaLevels) : null,
    level: row.level as Level | null,
    comments: row.comments,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function oralAssessmentRepository(db: Kysely<Database>): OralAssessmentRepository {
  const get = async (bookingId: string) => {
    const row = await db.selectFrom('oral_assessments').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
    return row && toAssessment(row);
  };
  return {
    get,
    async save(a, now) {
      const values = {
        booking_id: a.bookingId,
        assessor_id: a.assessorId,
        outcome: a.outcome,
        criteria: toJson(a.criteria ?? {}),
        level: a.level,
        comments: a.comments,
        created_at: toText(now),
        updated_at: toText(now),
      };
      await db
        .insertInto('oral_assessments')
        .values(values)
        .onConflict((oc) =>
          oc.column('booking_id').doUpdateSet({
            assessor_id: values.assessor_id,
            outcome: values.outcome,
            criteria: values.criteria,
            level: values.level,
            comments: values.comments,
            updated_at: values.updated_at,
          }),
        )
        .execute();
      return (await get(a.bookingId))!;
    },
  };
}
