import { DateTime } from 'luxon';
import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { AuditLog } from '../audit/audit.js';
import { reminderKey } from '../booking/booking-service.js';
import type { Booking, BookingRepository } from '../booking/types.js';
import type { JobRepository } from '../jobs/jobs.js';
import type { ProctoringRepository } from '../proctoring/proctoring.js';
import type { StaffMember } from '../staff/staff.js';
import { ORAL_GRADED_JOB, oralLevel, type CriteriaLevels, type Level, type OralAssessment, type OralAssessmentRepository, type Outcome } from './grading.js';
import { INTERVIEW_GUIDE, type GuidePart } from './guide.js';
import { guideLanguage } from './room.js';

export interface GradingRepos {
  bookings: BookingRepository;
  oralAssessments: OralAssessmentRepository;
  proctoring: Pick<ProctoringRepository, 'listIdentityPhotos'>;
  jobs: JobRepository;
  audit: AuditLog;
}

export interface GradingStore extends GradingRepos {
  transaction<T>(fn: (repos: GradingRepos) => Promise<T>): Promise<T>;
}

/** What the assessor decides at the end of an interview. */
export type Grade = { outcome: 'graded'; criteria: CriteriaLevels; comments: string } | { outcome: Exclude<Outcome, 'graded'>; comments: string };

export interface AssessmentView {
  outcome: Outcome;
  criteria: CriteriaLevels | null;
  level: Level | null;
  comments: string;
}

/** An interview as the assessor's console shows it. */
export interface InterviewView {
  id: string;
  sittingId: string;
  candidateName: string;
  startsAt: string;
  endsAt: string;
  status: Booking['status'];
  assessment: AssessmentView | null;
  /** The photos of the written part, so the assessor can check the ID shown on camera. */
  identityPhotos: { kind: 'face' | 'document'; url: string }[];
}

export interface Agenda {
  date: string;
  timeZone: string;
  videoUrl: string | null;
  interviews: InterviewView[];
  /** The assessor's booked interviews after today, soonest first (the next UPCOMING_DAYS days). */
  upcoming: InterviewView[];
}

/** How far ahead the console lists the assessor's coming interviews. */
export const UPCOMING_DAYS = 30;

/** Reads an identity photo of a sitting (the proctoring module holds them). */
export interface IdentityPhotos {
  identityPhoto(sittingId: string, kind: 'face' | 'document'): Promise<{ bytes: Uint8Array; contentType: string }>;
}

const viewOf = (a: OralAssessment): AssessmentView => ({
  outcome: a.outcome,
  criteria: a.criteria,
  level: a.level,
  comments: a.comments,
});

/**
 * The assessor's side of the oral: their agenda, one interview with its guide and the candidate's
 * identity photos, and the grade. Only the assessor a booking names may see or grade it. A grade
 * is given from the interview's start time while it is booked (it then becomes completed, no-show or incident) and
 * can be corrected once completed; the five criteria give the oral level (`oralLevel`), and a
 * graded outcome commits the certification's `certification.oral-graded` job with it.
 */
export class OralGradingService {
  constructor(
    private readonly deps: {
      store: GradingStore;
      clock: Clock;
      photos: IdentityPhotos;
      /** The language of an activity's test (its item bank): the interview guide's prompts are in it. */
      testLanguage?: (activityId: string) => Promise<string | null>;
    },
  ) {}

  /** The assessor's interviews of one day on their wall clock (today unless `date`), cancelled ones left out. */
  async agenda(assessor: StaffMember, date?: string): Promise<Agenda> {
    mustAssess(assessor);
    const { store, clock } = this.deps;
    const day = date ? DateTime.fromISO(date, { zone: assessor.timeZone }) : DateTime.fromJSDate(clock.now(), { zone: assessor.timeZone }).startOf('day');
    const bookings = (await store.bookings.forAssessor(assessor.id, day.toJSDate(), day.plus({ days: 1 }).toJSDate())).filter((b) => b.status !== 'cancelled');
    const tomorrow = DateTime.fromJSDate(clock.now(), { zone: assessor.timeZone }).startOf('day').plus({ days: 1 });
    const upcoming = (await store.bookings.forAssessor(assessor.id, tomorrow.toJSDate(), tomorrow.plus({ days: UPCOMING_DAYS }).toJSDate())).filter(
      (b) => b.status === 'booked',
    );
    return {
      date: day.toISODate()!,
      timeZone: assessor.timeZone,
      videoUrl: assessor.videoUrl,
      interviews: await Promise.all(bookings.map((b) => this.view(b))),
      upcoming: await Promise.all(upcoming.map((b) => this.view(b))),
    };
  }

  async interview(
    assessor: StaffMember,
    bookingId: string,
  ): Promise<{
    interview: InterviewView;
    guide: GuidePart[];
    /** The language of the guide's prompts: the test's (the candidate is assessed in it), not the assessor's. */
    guideLanguage: 'fr' | 'en';
    videoUrl: string | null;
  }> {
    const booking = await this.ownBooking(assessor, bookingId);
    const language = guideLanguage(await this.deps.testLanguage?.(booking.activityId));
    return {
      interview: await this.view(booking),
      guide: INTERVIEW_GUIDE[language],
      guideLanguage: language,
      videoUrl: assessor.videoUrl,
    };
  }

  /** Only the assessor of this interview sees the candidate's identity photos. */
  async identityPhoto(assessor: StaffMember, bookingId: string, kind: 'face' | 'document'): Promise<{ bytes: Uint8Array; contentType: string }> {
    const booking = await this.ownBooking(assessor, bookingId);
    return this.deps.photos.identityPhoto(booking.sittingId, kind);
  }

  async grade(assessor: StaffMember, bookingId: string, grade: Grade): Promise<AssessmentView> {
    const booking = await this.ownBooking(assessor, bookingId);
    if (booking.status !== 'booked' && booking.status !== 'completed') throw new AppError('booking:not-live', {}, 409);
    // A completed interview's grade can be corrected; it cannot become a no-show afterwards.
    if (booking.status === 'completed' && grade.outcome !== 'graded') throw new AppError('booking:not-live', {}, 409);
    const now = this.deps.clock.now();
    // Grading opens when the interview starts: nobody is graded (nor marked absent) before their booked time.
    if (now < booking.startsAt) {
      const at = DateTime.fromJSDate(booking.startsAt, { zone: assessor.timeZone }).setLocale(assessor.locale).toLocaleString(DateTime.DATETIME_MED);
      throw new AppError('oral:grading-not-open', { at }, 409);
    }
    const saved = await this.deps.store.transaction(async (repos) => {
      if (booking.status === 'booked') {
        const status = grade.outcome === 'graded' ? 'completed' : grade.outcome;
        if (!(await repos.bookings.setStatus(booking.id, booking.sequence, status, now))) throw new AppError('booking:changed', {}, 409);
        // The interview happened (or could not): no reminder for it any more.
        const reminder = await repos.jobs.findByIdempotencyKey(reminderKey(booking.id, booking.sequence));
        if (reminder) await repos.jobs.cancel(reminder.id, `outcome ${grade.outcome}`, now);
      }
      const criteria = grade.outcome === 'graded' ? grade.criteria : null;
      const assessment = await repos.oralAssessments.save(
        {
          bookingId: booking.id,
          assessorId: assessor.id,
          outcome: grade.outcome,
          criteria,
          level: criteria ? oralLevel(criteria) : null,
          comments: grade.comments,
        },
        now,
      );
      await repos.audit.record(
        {
          actor: { kind: 'staff', id: assessor.id },
          action: `oral.${grade.outcome}`,
          subject: { kind: 'booking', id: booking.id },
          details: { level: assessment.level },
        },
        now,
      );
      // The certification result takes the grade (durable: committed with the grade).
      if (grade.outcome === 'graded')
        await repos.jobs.enqueue(
          {
            type: ORAL_GRADED_JOB,
            payload: { bookingId: booking.id },
            idempotencyKey: `${ORAL_GRADED_JOB}:${booking.id}`,
          },
          now,
        );
      return assessment;
    });
    return viewOf(saved);
  }

  private async ownBooking(assessor: StaffMember, bookingId: string): Promise<Booking> {
    mustAssess(assessor);
    const booking = await this.deps.store.bookings.get(bookingId);
    if (!booking || booking.assessorId !== assessor.id) throw new AppError('oral:not-your-booking', {}, 404);
    return booking;
  }

  private async view(b: Booking): Promise<InterviewView> {
    const { store } = this.deps;
    const [assessment, photos] = await Promise.all([store.oralAssessments.get(b.id), store.proctoring.listIdentityPhotos(b.sittingId)]);
    return {
      id: b.id,
      sittingId: b.sittingId,
      candidateName: b.candidateName,
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
      status: b.status,
      assessment: assessment ? viewOf(assessment) : null,
      identityPhotos: photos.map((p) => ({
        kind: p.kind,
        url: `/api/staff/interviews/${b.id}/identity/${p.kind}`,
      })),
    };
  }
}

function mustAssess(member: StaffMember): void {
  if (member.role !== 'assessor' || !member.active) throw new AppError('error:forbidden', {}, 403);
}
