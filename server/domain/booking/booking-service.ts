import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { AuditLog } from '../audit/audit.js';
import type { JobRepository } from '../jobs/jobs.js';
import type { StaffRepository } from '../staff/staff.js';
import { bookingWindow, freeSlots, type FreeSlot } from './availability.js';
import { wallClock } from './zone-offset.js';
import {
  BookingConflict,
  type AvailabilityRepository,
  type Booking,
  type BookingActor,
  type BookingRepository,
  type Centre,
  type CentreRepository,
} from './types.js';

export interface BookingRepos {
  bookings: BookingRepository;
  staff: StaffRepository;
  centres: CentreRepository;
  availability: AvailabilityRepository;
  jobs: JobRepository;
  audit: AuditLog;
}

export interface BookingStore extends BookingRepos {
  transaction<T>(fn: (repos: BookingRepos) => Promise<T>): Promise<T>;
}

/** Job types and payloads the booking enqueues (handled in server/jobs/booking-jobs.ts). */
export const BOOKING_MAIL_JOB = 'booking.mail';
export const BOOKING_REMINDER_JOB = 'booking.reminder';
export type MailKind = 'confirmation' | 'update' | 'cancellation';
export interface BookingMailPayload {
  bookingId: string;
  /** The SEQUENCE of the invitation; the times and assessor are those of that version. */
  sequence: number;
  kind: MailKind;
  recipient: 'candidate' | 'assessor';
  assessorId: string;
  startsAt: string;
  endsAt: string;
}
export interface BookingReminderPayload {
  bookingId: string;
  sequence: number;
}

export const REMINDER_BEFORE_MS = 24 * 3_600_000;
export const reminderKey = (bookingId: string, sequence: number) => `booking:${bookingId}:reminder:${sequence}`;

/** A slot as a calendar shows it: UTC instants plus the date and times on the viewer's wall clock. */
export interface CalendarSlot {
  startsAt: string;
  endsAt: string;
  date: string;
  start: string;
  end: string;
}

export interface Calendar {
  timeZone: string;
  /** Today's date on the viewer's wall clock (by the server's clock). */
  today: string;
  /** The bookable period, as local dates (first and last day shown). */
  from: string;
  to: string;
  slots: CalendarSlot[];
}

/** The candidate of a booking: who, where their written part is, and the wall clock they read. */
export interface Candidate {
  userId: string;
  name: string;
  email: string | null;
  locale: 'fr' | 'en';
  timeZone: string;
  sittingId: string;
  activityId: string;
  contextId: string;
  centreId: string;
}

const actorRef = (actor: BookingActor) =>
  actor.kind === 'staff' ? { kind: 'staff' as const, id: actor.staffId } : { kind: 'lti-user' as const, id: actor.userId };

/**
 * Booking rules: which slots are free, booking, moving, cancelling. The database's unique
 * indexes decide races (a slot can never be booked twice); e-mails and the reminder are written
 * as jobs in the same transaction as the change, so both happen or neither does.
 */
export class BookingService {
  constructor(private readonly deps: { store: BookingStore; clock: Clock }) {}

  async centre(centreId: string): Promise<Centre> {
    const centre = await this.deps.store.centres.get(centreId);
    if (!centre) throw new AppError('booking:unknown-centre', { centreId }, 404);
    return centre;
  }

  /**
   * Free slots of every active assessor of the centre within its booking window, or within
   * [within.from, within.to) of it when given (checking one start time need not build 4 weeks).
   */
  async freeSlots(centreId: string, options: { excludeBookingId?: string; within?: { from: Date; to: Date } } = {}): Promise<FreeSlot[]> {
    const { store, clock } = this.deps;
    const centre = await this.centre(centreId);
    const window = bookingWindow(centre, clock.now());
    const from = new Date(Math.max(window.from.getTime(), options.within?.from.getTime() ?? 0));
    const to = new Date(Math.min(window.to.getTime(), options.within?.to.getTime() ?? Infinity));
    if (from >= to) return [];
    const assessors = await store.staff.list({ centreId, role: 'assessor', activeOnly: true });
    const ids = assessors.map((a) => a.id);
    const [availability, bookings] = await Promise.all([
      store.availability.getMany(ids),
      store.bookings.liveForAssessors(ids, new Date(from.getTime() - 86_400_000), to),
    ]);
    const busy = options.excludeBookingId ? bookings.filter((b) => b.id !== options.excludeBookingId) : bookings;
    return freeSlots(assessors, availability, busy, centre.slotMinutes, from, to);
  }

  /** The calendar a candidate sees, in their time zone. */
  async calendar(centreId: string, timeZone: string, options: { excludeBookingId?: string } = {}): Promise<Calendar> {
    const centre = await this.centre(centreId);
    const slots = await this.freeSlots(centreId, options);
    const { from, to } = bookingWindow(centre, this.deps.clock.now());
    const local = wallClock(timeZone);
    return {
      timeZone,
      today: local(this.deps.clock.now()).date,
      from: local(from).date,
      to: local(to).date,
      slots: slots.map((s) => {
        const start = local(s.startsAt);
        return { startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), date: start.date, start: start.time, end: local(s.endsAt).time };
      }),
    };
  }

  /** The free assessors at a start time, in the order they get bookings; a 409 when there are none. */
  private async assessorsFor(
    centreId: string,
    startsAt: Date,
    wanted: string | undefined,
    excludeBookingId?: string,
  ): Promise<{ ids: string[]; endsAt: Date }> {
    const within = { from: startsAt, to: new Date(startsAt.getTime() + 1) };
    const slot = (await this.freeSlots(centreId, { excludeBookingId, within })).find((s) => s.startsAt.getTime() === startsAt.getTime());
    const ids = slot ? (wanted ? slot.assessorIds.filter((id) => id === wanted) : slot.assessorIds) : [];
    if (!slot || ids.length === 0) throw new AppError('booking:slot-taken', { startsAt: startsAt.toISOString() }, 409);
    return { ids, endsAt: slot.endsAt };
  }

  /** Books the slot starting at startsAt for a candidate whose written part is done. */
  async book(candidate: Candidate, startsAt: Date, actor: BookingActor, options: { assessorId?: string } = {}): Promise<Booking> {
    const { store, clock } = this.deps;
    const live = await store.bookings.liveForSitting(candidate.sittingId);
    if (live) throw new AppError('booking:already-booked', {}, 409);
    const { ids, endsAt } = await this.assessorsFor(candidate.centreId, startsAt, options.assessorId);
    // Try the free assessors in order: another request may take the first one meanwhile.
    for (const assessorId of ids) {
      try {
        return await store.transaction(async (repos) => {
          const now = clock.now();
          const booking = await repos.bookings.create(
            {
              sittingId: candidate.sittingId,
              candidateUserId: candidate.userId,
              activityId: candidate.activityId,
              contextId: candidate.contextId,
              centreId: candidate.centreId,
              assessorId,
              startsAt,
              endsAt,
              candidateName: candidate.name,
              candidateEmail: candidate.email,
              candidateLocale: candidate.locale,
              candidateTimeZone: candidate.timeZone,
              createdBy: actor.kind,
            },
            now,
          );
          await this.enqueueMails(repos, booking, 'confirmation', now);
          await this.enqueueReminder(repos, booking, now);
          await repos.audit.record(
            {
              actor: actorRef(actor),
              action: 'booking.create',
              subject: { kind: 'booking', id: booking.id },
              details: { startsAt: startsAt.toISOString(), assessorId },
            },
            now,
          );
          return booking;
        });
      } catch (error) {
        if (error instanceof BookingConflict && error.on === 'slot') continue;
        if (error instanceof BookingConflict) throw new AppError('booking:already-booked', {}, 409);
        throw error;
      }
    }
    throw new AppError('booking:slot-taken', { startsAt: startsAt.toISOString() }, 409);
  }

  /** Moves a live booking to another free slot (same or another assessor); raises its SEQUENCE. */
  async move(booking: Booking, startsAt: Date, actor: BookingActor, options: { assessorId?: string } = {}): Promise<Booking> {
    const { store, clock } = this.deps;
    this.assertChangeable(booking, actor);
    const { ids, endsAt } = await this.assessorsFor(booking.centreId, startsAt, options.assessorId, booking.id);
    for (const assessorId of ids) {
      try {
        return await store.transaction(async (repos) => {
          const now = clock.now();
          const moved = await repos.bookings.move(booking.id, booking.sequence, { assessorId, startsAt, endsAt }, now);
          if (!moved) throw new AppError('booking:changed', {}, 409);
          await this.cancelReminder(repos, booking, 'booking moved', now);
          if (booking.assessorId !== assessorId) {
            // The first assessor's calendar must drop the event: they get a cancellation.
            await this.enqueueMail(repos, moved, 'cancellation', 'assessor', booking, now);
            await this.enqueueMail(repos, moved, 'confirmation', 'assessor', moved, now);
            await this.enqueueMail(repos, moved, 'update', 'candidate', moved, now);
          } else {
            await this.enqueueMails(repos, moved, 'update', now);
          }
          await this.enqueueReminder(repos, moved, now);
          await repos.audit.record(
            {
              actor: actorRef(actor),
              action: 'booking.move',
              subject: { kind: 'booking', id: booking.id },
              details: { from: booking.startsAt.toISOString(), to: startsAt.toISOString(), assessorId, sequence: moved.sequence },
            },
            now,
          );
          return moved;
        });
      } catch (error) {
        if (error instanceof BookingConflict) continue;
        throw error;
      }
    }
    throw new AppError('booking:slot-taken', { startsAt: startsAt.toISOString() }, 409);
  }

  async cancel(booking: Booking, actor: BookingActor): Promise<Booking> {
    const { store, clock } = this.deps;
    this.assertChangeable(booking, actor);
    return store.transaction(async (repos) => {
      const now = clock.now();
      const cancelled = await repos.bookings.setStatus(booking.id, booking.sequence, 'cancelled', now);
      if (!cancelled) throw new AppError('booking:changed', {}, 409);
      await this.cancelReminder(repos, booking, 'booking cancelled', now);
      await this.enqueueMails(repos, cancelled, 'cancellation', now);
      await repos.audit.record(
        { actor: actorRef(actor), action: 'booking.cancel', subject: { kind: 'booking', id: booking.id }, details: { sequence: cancelled.sequence } },
        now,
      );
      return cancelled;
    });
  }

  /** "Confirmer et quitter": the candidate is done choosing. */
  async confirm(booking: Booking, actor: BookingActor): Promise<Booking> {
    const { store, clock } = this.deps;
    const confirmed = await store.bookings.confirm(booking.id, clock.now());
    if (!confirmed) throw new AppError('booking:changed', {}, 409);
    await store.audit.record({ actor: actorRef(actor), action: 'booking.confirm', subject: { kind: 'booking', id: booking.id } }, clock.now());
    return confirmed;
  }

  /**
   * "Mon centre a prévu un rendez-vous à ma place — quitter sans prendre de rendez-vous": recorded
   * for the candidate's sitting (their home and the instructor dashboard show it) and audit-logged.
   * Returns when it was first recorded; saying it again changes nothing.
   */
  async leave(candidate: Candidate, actor: BookingActor, requestId?: string): Promise<Date> {
    const { store, clock } = this.deps;
    return store.transaction(async (repos) => {
      const now = clock.now();
      const leftAt = await repos.bookings.recordLeave(
        { sittingId: candidate.sittingId, candidateUserId: candidate.userId, activityId: candidate.activityId },
        now,
      );
      if (leftAt.getTime() === now.getTime())
        await repos.audit.record(
          {
            actor: actorRef(actor),
            action: 'booking.left-without',
            subject: { kind: 'sitting', id: candidate.sittingId },
            details: { activityId: candidate.activityId },
            ...(requestId ? { requestId } : {}),
          },
          now,
        );
      return leftAt;
    });
  }

  /**
   * Candidates cannot change a booking once it is inside the centre's minimum notice (the
   * assessor has prepared); their centre (instructor, admin, staff) still can.
   */
  private assertChangeable(booking: Booking, actor: BookingActor): void {
    if (booking.status !== 'booked') throw new AppError('booking:not-live', {}, 409);
    if (actor.kind !== 'candidate') return;
    if (booking.startsAt.getTime() <= this.deps.clock.now().getTime()) throw new AppError('booking:too-late', {}, 409);
  }

  private async enqueueMails(repos: BookingRepos, booking: Booking, kind: MailKind, now: Date): Promise<void> {
    await this.enqueueMail(repos, booking, kind, 'candidate', booking, now);
    await this.enqueueMail(repos, booking, kind, 'assessor', booking, now);
  }

  private async enqueueMail(
    repos: BookingRepos,
    booking: Booking,
    kind: MailKind,
    recipient: 'candidate' | 'assessor',
    version: Pick<Booking, 'assessorId' | 'startsAt' | 'endsAt'>,
    now: Date,
  ): Promise<void> {
    const payload: BookingMailPayload = {
      bookingId: booking.id,
      sequence: booking.sequence,
      kind,
      recipient,
      assessorId: version.assessorId,
      startsAt: version.startsAt.toISOString(),
      endsAt: version.endsAt.toISOString(),
    };
    await repos.jobs.enqueue(
      { type: BOOKING_MAIL_JOB, payload, idempotencyKey: `booking:${booking.id}:mail:${booking.sequence}:${recipient}:${version.assessorId}:${kind}` },
      now,
    );
  }

  /** The reminder goes 24 hours before, or at once when the booking is made later than that. */
  private async enqueueReminder(repos: BookingRepos, booking: Booking, now: Date): Promise<void> {
    const runAt = new Date(Math.max(now.getTime(), booking.startsAt.getTime() - REMINDER_BEFORE_MS));
    const payload: BookingReminderPayload = { bookingId: booking.id, sequence: booking.sequence };
    await repos.jobs.enqueue({ type: BOOKING_REMINDER_JOB, payload, runAt, idempotencyKey: reminderKey(booking.id, booking.sequence) }, now);
  }

  private async cancelReminder(repos: BookingRepos, booking: Booking, reason: string, now: Date): Promise<void> {
    const job = await repos.jobs.findByIdempotencyKey(reminderKey(booking.id, booking.sequence));
    if (job) await repos.jobs.cancel(job.id, reason, now);
  }
}
