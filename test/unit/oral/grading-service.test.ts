import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderBlobStore } from '../../../server/blobs/blob-store.js';
import { ManualClock } from '../../../server/clock.js';
import { BookingService, reminderKey } from '../../../server/domain/booking/booking-service.js';
import type { Booking } from '../../../server/domain/booking/types.js';
import { ORAL_GRADED_JOB, type CriteriaLevels } from '../../../server/domain/oral/grading.js';
import { OralGradingService } from '../../../server/domain/oral/grading-service.js';
import { ProctoringService } from '../../../server/domain/proctoring/service.js';
import type { StaffMember } from '../../../server/domain/staff/staff.js';
import { openStorage, type Storage } from '../../../server/storage/storage.js';
import { tempDir } from '../../support/config.js';
import { seedStaff, weekdayMornings } from '../../support/oral.js';
import { facePhoto } from '../../support/proctoring.js';

describe('OralGradingService on a real SQLite storage', () => {
  let storage: Storage;
  let grading: OralGradingService;
  let bookings: BookingService;
  let proctoring: ProctoringService;
  let awa: StaffMember;
  let other: StaffMember;
  let reviewer: StaffMember;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const criteria: CriteriaLevels = { vocabulary: 'B2', grammar: 'B1', fluency: 'B2', pronunciation: 'C1', interaction: 'B2' };
  let n = 0;

  /** A candidate with a finished written part books Awa's slot. */
  async function book(startsAt: string): Promise<Booking> {
    n += 1;
    const candidate = {
      userId: `cand-${n}`,
      name: `Candidate ${n}`,
      email: null,
      locale: 'fr' as const,
      timeZone: 'Europe/Paris',
      sittingId: `sitting-${n}`,
      activityId: 'act-1',
      contextId: 'course-1',
      centreId: 'default',
    };
    return bookings.book(candidate, new Date(startsAt), { kind: 'candidate', userId: candidate.userId }, { assessorId: awa.id });
  }

  beforeAll(async () => {
    storage = await openStorage({ kind: 'sqlite', file: path.join(tempDir(), 'cadre.sqlite') });
    proctoring = new ProctoringService({
      repo: storage.proctoring,
      audit: storage.audit,
      blobs: new FolderBlobStore(tempDir()),
      clock,
      settings: { retentionDays: 30, autoValidateUpTo: 'none' },
    });
    grading = new OralGradingService({ store: storage, clock, photos: proctoring });
    bookings = new BookingService({ store: storage, clock });
    awa = await seedStaff(storage, { email: 'awa@centre.example.org', videoUrl: 'https://meet.example.org/awa', availability: weekdayMornings });
    other = await seedStaff(storage, { email: 'other@centre.example.org', availability: weekdayMornings });
    reviewer = await seedStaff(storage, { email: 'rev@centre.example.org', role: 'reviewer' });
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('grades a booked interview: the oral level by the rule, the booking completed, the reminder cancelled, the job committed, the audit', async () => {
    const booking = await book('2026-03-04T09:00:00Z');
    expect((await storage.jobs.findByIdempotencyKey(reminderKey(booking.id, 0)))?.status).toBe('pending');
    // Grading opens at the interview's start time, not before.
    await expect(grading.grade(awa, booking.id, { outcome: 'graded', criteria, comments: 'Clear.' })).rejects.toMatchObject({
      id: 'oral:grading-not-open',
      status: 409,
    });
    clock.set(booking.startsAt);
    const saved = await grading.grade(awa, booking.id, { outcome: 'graded', criteria, comments: 'Clear.' });
    expect(saved).toEqual({ outcome: 'graded', criteria, level: 'B2', comments: 'Clear.' });
    expect((await storage.bookings.get(booking.id))?.status).toBe('completed');
    expect((await storage.jobs.findByIdempotencyKey(reminderKey(booking.id, 0)))?.status).toBe('failed');
    expect(await storage.jobs.findByIdempotencyKey(`${ORAL_GRADED_JOB}:${booking.id}`)).toMatchObject({
      type: ORAL_GRADED_JOB,
      payload: { bookingId: booking.id },
      status: 'pending',
    });
    expect((await storage.audit.listForSubject('booking', booking.id)).map((a) => [a.action, a.details])).toContainEqual(['oral.graded', { level: 'B2' }]);

    // A correction recomputes the level; the cap keeps a clear weakness visible (C1 C1 C1 C1 A2 → B1).
    const corrected = await grading.grade(awa, booking.id, {
      outcome: 'graded',
      criteria: { vocabulary: 'C1', grammar: 'C1', fluency: 'C1', pronunciation: 'A2', interaction: 'C1' },
      comments: '',
    });
    expect(corrected.level).toBe('B1');
    // Once completed, it cannot become a no-show.
    await expect(grading.grade(awa, booking.id, { outcome: 'no-show', comments: '' })).rejects.toMatchObject({ id: 'booking:not-live', status: 409 });
    clock.set('2026-03-02T08:00:00Z');
  });

  it('records a no-show without a level or job, and the sitting has no live booking any more', async () => {
    const booking = await book('2026-03-05T09:00:00Z');
    clock.set('2026-03-05T09:15:00Z');
    expect(await grading.grade(awa, booking.id, { outcome: 'no-show', comments: 'did not connect' })).toEqual({
      outcome: 'no-show',
      criteria: null,
      level: null,
      comments: 'did not connect',
    });
    expect((await storage.bookings.get(booking.id))?.status).toBe('no-show');
    expect(await storage.jobs.findByIdempotencyKey(`${ORAL_GRADED_JOB}:${booking.id}`)).toBeUndefined();
    await expect(grading.grade(awa, booking.id, { outcome: 'graded', criteria, comments: '' })).rejects.toMatchObject({ id: 'booking:not-live' });
    clock.set('2026-03-02T08:00:00Z');
  });

  it('refuses a cancelled interview', async () => {
    const booking = await book('2026-03-06T09:00:00Z');
    await bookings.cancel(booking, { kind: 'candidate', userId: booking.candidateUserId });
    await expect(grading.grade(awa, booking.id, { outcome: 'graded', criteria, comments: '' })).rejects.toMatchObject({ id: 'booking:not-live', status: 409 });
  });

  it('shows and lets grade an interview only to its own assessor', async () => {
    const booking = await book('2026-03-09T09:00:00Z');
    for (const stranger of [other, reviewer]) {
      await expect(grading.interview(stranger, booking.id)).rejects.toBeDefined();
      await expect(grading.grade(stranger, booking.id, { outcome: 'graded', criteria, comments: '' })).rejects.toBeDefined();
      await expect(grading.identityPhoto(stranger, booking.id, 'face')).rejects.toBeDefined();
    }
    await expect(grading.interview(other, booking.id)).rejects.toMatchObject({ id: 'oral:not-your-booking', status: 404 });
    await expect(grading.interview(reviewer, booking.id)).rejects.toMatchObject({ status: 403 });
    await expect(grading.interview(awa, 'no-such-booking')).rejects.toMatchObject({ status: 404 });
    expect((await storage.bookings.get(booking.id))?.status).toBe('booked');
  });

  it("gives the assessor the day on their wall clock, the interviews to come, the guide in the test's language and the identity photos of the written part", async () => {
    const booking = await book('2026-03-10T09:00:00Z');
    const sitting = await proctoring.registerSitting(booking.sittingId, booking.candidateUserId, 'act-1');
    await proctoring.recordConsent(sitting, 'fr', {
      kind: 'lti',
      userId: booking.candidateUserId,
      role: 'candidate',
      contextId: 'course-1',
      activityId: 'act-1',
      name: null,
      email: null,
      locale: 'fr',
    });
    // A real photo: the proctoring module decodes it (issue 16).
    const photoBytes = facePhoto();
    await proctoring.putIdentityPhoto({ ...sitting, consentedAt: clock.now() }, 'face', photoBytes, {});

    const agenda = await grading.agenda(awa, '2026-03-10');
    expect(agenda).toMatchObject({ date: '2026-03-10', timeZone: 'Europe/Paris', videoUrl: 'https://meet.example.org/awa' });
    expect(agenda.interviews).toEqual([
      expect.objectContaining({
        id: booking.id,
        status: 'booked',
        assessment: null,
        identityPhotos: [{ kind: 'face', url: `/api/staff/interviews/${booking.id}/identity/face` }],
      }),
    ]);
    expect((await grading.agenda(other, '2026-03-10')).interviews).toEqual([]);
    // Today (2 March): nothing today, the 10 March interview among the ones to come, soonest first.
    const today = await grading.agenda(awa);
    expect(today.date).toBe('2026-03-02');
    expect(today.upcoming.map((i) => i.startsAt)).toContain('2026-03-10T09:00:00.000Z');
    const starts = today.upcoming.map((i) => i.startsAt);
    expect(starts).toEqual([...starts].sort());
    expect(today.upcoming.every((i) => i.status === 'booked')).toBe(true);
    expect((await grading.agenda(other)).upcoming).toEqual([]);

    // The guide's prompts are in the language of the test (English when it has none), whatever the assessor's own.
    const { guide, guideLanguage } = await grading.interview(awa, booking.id);
    expect(guide.map((p) => p.id)).toEqual(['introduction', 'situation', 'discussion']);
    expect(guideLanguage).toBe('en');
    const french = new OralGradingService({ store: storage, clock, photos: proctoring, testLanguage: async () => 'fr' });
    const inFrench = await french.interview(awa, booking.id);
    expect(inFrench.guideLanguage).toBe('fr');
    expect(inFrench.guide[1]!.prompts.B1[0]).toContain('service informatique');
    const photo = await grading.identityPhoto(awa, booking.id, 'face');
    expect(photo.contentType).toBe('image/jpeg');
    expect(Buffer.from(photo.bytes).equals(photoBytes)).toBe(true);
  });
});
