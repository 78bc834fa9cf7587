import { Router } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ORAL_GRADED_JOB } from '../jobs/certification-jobs.js';
import type { ProctoringService } from '../domain/proctoring/service.js';
import type { Clock } from '../clock.js';
import { reminderKey } from '../domain/booking/booking-service.js';
import type { Booking } from '../domain/booking/types.js';
import { LEVELS, ORAL_CRITERIA as CRITERIA } from '../domain/cefr.js';
import { oralLevel, OUTCOMES, type CriteriaLevels } from '../domain/oral/grading.js';
import { INTERVIEW_GUIDE } from '../domain/oral/guide.js';
import { AppError } from '../errors.js';
import { translate } from '../i18n.js';
import type { Storage } from '../storage/storage.js';
import { escapeHtml, page } from './html.js';
import { requestLocale } from './locale.js';
import { isTimeZone, staffMember } from './staff-routes.js';
import { validate } from './validate.js';

const minute = z.number().int().min(0).max(24 * 60);
const availabilityBody = z.object({
  rules: z.array(z.object({ weekday: z.number().int().min(1).max(7), startMinute: minute, endMinute: minute }).refine((r) => r.endMinute > r.startMinute, 'ends before it starts')).max(100),
  exceptions: z
    .array(
      z.object({
        date: z.iso.date(),
        kind: z.enum(['unavailable', 'available']),
        startMinute: minute.nullable().default(null),
        endMinute: minute.nullable().default(null),
      }),
    )
    .max(500),
});
const assessmentBody = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('graded'), criteria: z.object(Object.fromEntries(CRITERIA.map((c) => [c, z.enum(LEVELS)])) as Record<(typeof CRITERIA)[number], z.ZodEnum<{ [K in (typeof LEVELS)[number]]: K }>>), comments: z.string().max(5000).default('') }),
  z.object({ outcome: z.enum(OUTCOMES.filter((o) => o !== 'graded') as ['no-show', 'incident']), comments: z.string().max(5000).default('') }),
]);

/**
 * The assessor's side: the console page, the day's agenda, one interview with its guide, the
 * grading (five criteria → oral level), no-show and technical-incident outcomes (they free the
 * sitting so the candidate can book again), and the assessor's availability and video link.
 */
export function assessorRoutes(deps: { storage: Storage; clock: Clock; proctoring: Pick<ProctoringService, 'identityPhoto'> }): Router {
  const { storage, clock } = deps;
  const router = Router();

  router.get('/staff/console', (req, res) => {
    if (req.principal?.kind !== 'staff') return res.redirect(303, '/staff/login');
    const staff = staffMember(req, res, 'assessor');
    const lang = typeof req.query.lang === 'string' ? requestLocale(req) : staff.locale;
    res.type('html').send(page(lang, translate(lang, 'oral:console-title'), `<cadre-assessor-console lang="${lang}"></cadre-assessor-console>
<cadre-availability lang="${lang}"></cadre-availability>
<form method="post" action="/staff/logout"><button type="submit">${escapeHtml(translate(lang, 'staff:logout'))}</button></form>`));
  });

  const interviewView = async (b: Booking) => {
    const assessment = await storage.oralAssessments.get(b.id);
    return {
      id: b.id,
      sittingId: b.sittingId,
      candidateName: b.candidateName,
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
      status: b.status,
      assessment: assessment ? { outcome: assessment.outcome, criteria: assessment.criteria, level: assessment.level, comments: assessment.comments } : null,
      // The photos of the written part, so the assessor can check the ID shown on camera.
      identityPhotos: (await storage.proctoring.listIdentityPhotos(b.sittingId)).map((p) => ({ kind: p.kind, url: `/api/staff/interviews/${b.id}/identity/${p.kind}` })),
    };
  };

  router.get('/api/staff/agenda', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    const { query } = validate(req, { query: z.object({ date: z.iso.date().optional() }) });
    const day = query.date ? DateTime.fromISO(query.date, { zone: staff.timeZone }) : DateTime.fromJSDate(clock.now(), { zone: staff.timeZone }).startOf('day');
    const bookings = (await storage.bookings.forAssessor(staff.id, day.toJSDate(), day.plus({ days: 1 }).toJSDate())).filter((b) => b.status !== 'cancelled');
    res.json({
      date: day.toISODate(),
      timeZone: staff.timeZone,
      videoUrl: staff.videoUrl,
      interviews: await Promise.all(bookings.map(interviewView)),
    });
  });

  const ownBooking = async (staffId: string, id: string) => {
    const booking = await storage.bookings.get(id);
    if (!booking || booking.assessorId !== staffId) throw new AppError('oral:not-your-booking', {}, 404);
    return booking;
  };

  router.get('/api/staff/interviews/:id', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    const { params } = validate(req, { params: z.object({ id: z.string().max(100) }) });
    const booking = await ownBooking(staff.id, params.id);
    res.json({ interview: await interviewView(booking), guide: INTERVIEW_GUIDE[staff.locale], videoUrl: staff.videoUrl });
  });

  // Only the assessor of this interview sees the candidate's identity photos.
  router.get('/api/staff/interviews/:id/identity/:kind', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    const { params } = validate(req, { params: z.object({ id: z.string().max(100), kind: z.enum(['face', 'document']) }) });
    const booking = await ownBooking(staff.id, params.id);
    const photo = await deps.proctoring.identityPhoto(booking.sittingId, params.kind);
    res.set('cache-control', 'private, no-store').type(photo.contentType).send(Buffer.from(photo.bytes));
  });

  router.put('/api/staff/interviews/:id/assessment', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    const { params, body } = validate(req, { params: z.object({ id: z.string().max(100) }), body: assessmentBody });
    const booking = await ownBooking(staff.id, params.id);
    if (booking.status !== 'booked' && booking.status !== 'completed') throw new AppError('booking:not-live', {}, 409);
    const now = clock.now();
    const saved = await storage.transaction(async (repos) => {
      if (booking.status === 'booked') {
        const status = body.outcome === 'graded' ? 'completed' : body.outcome;
        if (!(await repos.bookings.setStatus(booking.id, booking.sequence, status, now))) throw new AppError('booking:changed', {}, 409);
        // The interview happened (or could not): no reminder for it any more.
        const reminder = await repos.jobs.findByIdempotencyKey(reminderKey(booking.id, booking.sequence));
        if (reminder) await repos.jobs.cancel(reminder.id, `outcome ${body.outcome}`, now);
      } else if (body.outcome !== 'graded') {
        throw new AppError('booking:not-live', {}, 409);
      }
      const criteria: CriteriaLevels | null = body.outcome === 'graded' ? body.criteria : null;
      const assessment = await repos.oralAssessments.save(
        { bookingId: booking.id, assessorId: staff.id, outcome: body.outcome, criteria, level: criteria ? oralLevel(criteria) : null, comments: body.comments },
        now,
      );
      await repos.audit.record({ actor: { kind: 'staff', id: staff.id }, action: `oral.${body.outcome}`, subject: { kind: 'booking', id: booking.id }, details: { level: assessment.level } }, now);
      // The certification result takes the grade (durable: committed with the grade).
      if (body.outcome === 'graded') await repos.jobs.enqueue({ type: ORAL_GRADED_JOB, payload: { bookingId: booking.id }, idempotencyKey: `${ORAL_GRADED_JOB}:${booking.id}` }, now);
      return assessment;
    });
    res.json({ assessment: { outcome: saved.outcome, criteria: saved.criteria, level: saved.level, comments: saved.comments } });
  });

  router.get('/api/staff/me/availability', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    res.json({ timeZone: staff.timeZone, videoUrl: staff.videoUrl, ...(await storage.availability.get(staff.id)) });
  });

  router.put('/api/staff/me/availability', async (req, res) => {
    const staff = staffMember(req, res, 'assessor');
    const { body } = validate(req, { body: availabilityBody });
    await storage.transaction((repos) => repos.availability.replace(staff.id, body));
    res.json(await storage.availability.get(staff.id));
  });

  router.patch('/api/staff/me', async (req, res) => {
    const staff = staffMember(req, res, 'assessor', 'reviewer', 'centre-admin');
    const { body } = validate(req, {
      body: z.object({ videoUrl: z.url({ protocol: /^https?$/ }).nullable().optional(), timeZone: z.string().refine(isTimeZone, 'unknown time zone').optional(), locale: z.enum(['fr', 'en']).optional() }),
    });
    const updated = await storage.staff.update(staff.id, body, clock.now());
    res.json({ staff: { name: updated!.name, timeZone: updated!.timeZone, videoUrl: updated!.videoUrl, locale: updated!.locale } });
  });

  return router;
}
