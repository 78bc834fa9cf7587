import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { BookingService, type Calendar, type Candidate } from '../domain/booking/booking-service.js';
import type { OralRoster } from '../domain/booking/roster.js';
import type { Booking, BookingActor, Centre } from '../domain/booking/types.js';
import { AppError } from '../errors.js';
import { translate } from '../i18n.js';
import { bookingUid, calendarEntry } from '../mail/booking-mail.js';
import type { Storage } from '../storage/storage.js';
import { html, sendPage } from './html.js';
import { requestLocale } from './locale.js';
import { requireLti, type LtiPrincipal } from './principal.js';
import { isTimeZone, staffMember } from './staff-routes.js';
import { emptyBody, validate } from './validate.js';

interface Deps {
  storage: Storage;
  clock: Clock;
  roster: OralRoster;
  /** Who candidates write to when no slot suits them and the centre has no contact of its own (ISSUER_EMAIL). */
  contactEmail?: string | undefined;
  /** Cadre's public address: the calendar file's UID and its way back to the booking. */
  publicUrl: string;
}

/** What the booking component is told about a booking. */
export interface BookingView {
  id: string;
  status: Booking['status'];
  startsAt: string;
  endsAt: string;
  sequence: number;
  confirmed: boolean;
  /** Who made the booking: the candidate, or their centre (instructor, LMS admin, staff) for them. */
  bookedBy: 'candidate' | 'centre';
  candidateName: string;
  videoUrl: string | null;
}

/** GET /api/oral/state: what the booking page shows. */
export interface OralState {
  candidate: { userId: string; name: string };
  booking: BookingView | null;
  /** When the candidate chose "quitter sans prendre de rendez-vous" (their centre books for them). */
  leftWithoutBookingAt: string | null;
  /** Whom to write to when no slot suits: the centre's contact, else the issuer's (ISSUER_EMAIL). */
  centre: { name: string; contactEmail: string | null };
  calendar: Calendar;
}

const startBody = z.object({
  startsAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  /** The candidate's zone as their browser knows it: their e-mails show times on that clock. */
  timeZone: z.string().max(100).refine(isTimeZone, 'unknown time zone').optional(),
  candidateUserId: z.string().min(1).max(200).optional(),
  assessorId: z.string().min(1).max(100).optional(),
});
const idParams = z.object({ id: z.string().min(1).max(100) });
const tzQuery = z.object({ tz: z.string().max(100).optional(), candidate: z.string().max(200).optional() });

const actorOf = (p: LtiPrincipal): BookingActor => ({ kind: p.role, userId: p.userId });

/**
 * The candidate's booking (and an instructor's or LMS admin's, for a candidate of their course):
 * the calendar in the viewer's time zone, book, move, confirm, cancel. A slot that someone else
 * took meanwhile answers 409 with the error and a fresh calendar, so the page can redraw at once.
 */
export function bookingRoutes(deps: Deps): Router {
  const { storage, clock, roster } = deps;
  const service = new BookingService({ store: storage, clock });
  const router = Router();

  // One centre until activities are mapped to centres.
  const centreOf = (_p: LtiPrincipal) => 'default';
  const activityOf = (p: LtiPrincipal) => {
    if (!p.activityId) throw new AppError('error:forbidden', {}, 403);
    return p.activityId;
  };
  /** The viewer's zone: what their browser says (?tz=), else the centre's. */
  const zoneOf = (req: Request, centre: Centre, given?: string) => {
    const tz = given ?? (typeof req.query.tz === 'string' ? req.query.tz : undefined);
    return tz && isTimeZone(tz) ? tz : centre.timeZone;
  };

  /** The candidate this request is about: the principal, or one of the instructor's course. */
  async function candidateOf(req: Request, p: LtiPrincipal, userId: string | undefined, timeZone?: string): Promise<Candidate> {
    const activityId = activityOf(p);
    let profile: { userId: string; name: string | null; email: string | null; locale: 'fr' | 'en' };
    if (p.role === 'candidate' || !userId || userId === p.userId) {
      if (p.role !== 'candidate') throw new AppError('booking:unknown-candidate', {}, 404);
      // A candidate books for themselves only: naming someone else is refused, not ignored.
      if (userId && userId !== p.userId) throw new AppError('error:forbidden', {}, 403);
      profile = { userId: p.userId, name: p.name, email: p.email, locale: p.locale };
    } else {
      const found = await roster.candidate(p.contextId, userId);
      if (!found) throw new AppError('booking:unknown-candidate', {}, 404);
      profile = found;
    }
    const sittingId = await roster.writtenDoneSitting(activityId, profile.userId);
    if (!sittingId) throw new AppError('booking:written-not-done', {}, 409);
    const centre = await service.centre(centreOf(p));
    // An instructor's browser does not tell the candidate's zone: the centre's then.
    const zone = p.role === 'candidate' ? zoneOf(req, centre, timeZone) : centre.timeZone;
    return {
      ...profile,
      name: profile.name ?? profile.email ?? profile.userId,
      timeZone: zone,
      sittingId,
      activityId,
      contextId: p.contextId,
      centreId: centre.id,
    };
  }

  /** A sitting the proctoring review invalidated has no oral: booking it is refused, with the reason why. */
  async function mustBeBookable(sittingId: string): Promise<void> {
    const decision = await storage.proctoring.getDecision(sittingId);
    if (decision?.decision === 'invalidated') throw new AppError('booking:sitting-invalidated', {}, 409);
  }

  /** A booking the principal may see and change: their own, or one of their course's. */
  async function bookingFor(p: LtiPrincipal, id: string): Promise<Booking> {
    const booking = await storage.bookings.get(id);
    const mine =
      booking && (p.role === 'candidate' ? booking.candidateUserId === p.userId && booking.activityId === activityOf(p) : booking.contextId === p.contextId);
    if (!booking || !mine) throw new AppError('booking:not-found', {}, 404);
    return booking;
  }

  async function view(booking: Booking | undefined): Promise<BookingView | null> {
    if (!booking) return null;
    const assessor = await storage.staff.get(booking.assessorId);
    return {
      id: booking.id,
      status: booking.status,
      startsAt: booking.startsAt.toISOString(),
      endsAt: booking.endsAt.toISOString(),
      sequence: booking.sequence,
      confirmed: booking.confirmedAt !== null,
      bookedBy: booking.createdBy === 'candidate' ? 'candidate' : 'centre',
      candidateName: booking.candidateName,
      videoUrl: assessor?.videoUrl ?? null,
    };
  }

  /** 409 with the error and the calendar as it is now: the loser of a race picks again at once. */
  async function withFreshCalendar<T>(
    req: Request,
    res: Response,
    p: LtiPrincipal,
    action: () => Promise<T>,
    excludeBookingId?: string,
  ): Promise<T | undefined> {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 409 || error.id !== 'booking:slot-taken') throw error;
      const centre = await service.centre(centreOf(p));
      const calendar: Calendar = await service.calendar(
        centre.id,
        zoneOf(req, centre, typeof req.body?.timeZone === 'string' ? req.body.timeZone : undefined),
        { excludeBookingId },
      );
      res.status(409).json({ error: { id: error.id, message: translate(requestLocale(req), error.id, error.params), requestId: String(req.id) }, calendar });
      return undefined;
    }
  }

  router.get('/oral/booking', (req, res) => {
    const locale = requestLocale(req);
    // Opened from a calendar or an e-mail, without the course's session: say how to come back through the course.
    if (req.principal?.kind !== 'lti') {
      const title = translate(locale, 'booking:title');
      return sendPage(
        res,
        { lang: locale, title, body: html`<h1>${title}</h1>\n<p role="alert">${translate(locale, 'booking:sign-in-through-course')}</p>` },
        { status: 401 },
      );
    }
    const p = requireLti(req);
    const lang = typeof req.query.lang === 'string' ? locale : p.locale;
    const candidate = typeof req.query.candidate === 'string' ? req.query.candidate : '';
    // The LTI session in the URL (an LMS frame without cookies) travels on with the API calls.
    const session = typeof req.query.s === 'string' ? new URLSearchParams({ s: req.query.s }).toString() : '';
    sendPage(res, {
      lang,
      title: translate(lang, 'booking:title'),
      body: html`<cadre-booking lang="${lang}"${candidate && html` candidate="${candidate}"`}${session && html` session-param="${session}"`}></cadre-booking>`,
    });
  });

  router.get('/api/oral/state', async (req, res) => {
    const p = requireLti(req);
    const { query } = validate(req, { query: tzQuery });
    const candidate = await candidateOf(req, p, query.candidate);
    const centre = await service.centre(candidate.centreId);
    const leftAt = await storage.bookings.leftAt(candidate.sittingId);
    const state: OralState = {
      candidate: { userId: candidate.userId, name: candidate.name },
      booking: await view(await storage.bookings.liveForSitting(candidate.sittingId)),
      leftWithoutBookingAt: leftAt?.toISOString() ?? null,
      centre: { name: centre.name, contactEmail: centre.contactEmail ?? deps.contactEmail ?? null },
      calendar: await service.calendar(candidate.centreId, candidate.timeZone),
    };
    res.json(state);
  });

  router.get('/api/oral/calendar', async (req, res) => {
    const p = requireLti(req);
    const centre = await service.centre(centreOf(p));
    res.json(await service.calendar(centre.id, zoneOf(req, centre)));
  });

  router.post('/api/oral/bookings', async (req, res) => {
    const p = requireLti(req);
    const { body } = validate(req, { body: startBody });
    const candidate = await candidateOf(req, p, body.candidateUserId, body.timeZone);
    await mustBeBookable(candidate.sittingId);
    const assessorId = p.role === 'candidate' ? undefined : body.assessorId;
    const booking = await withFreshCalendar(req, res, p, () => service.book(candidate, body.startsAt, actorOf(p), { assessorId }));
    if (booking) res.status(201).json({ booking: await view(booking) });
  });

  router.patch('/api/oral/bookings/:id', async (req, res) => {
    const p = requireLti(req);
    const { params, body } = validate(req, { params: idParams, body: startBody });
    const booking = await bookingFor(p, params.id);
    await mustBeBookable(booking.sittingId);
    const assessorId = p.role === 'candidate' ? undefined : body.assessorId;
    const moved = await withFreshCalendar(req, res, p, () => service.move(booking, body.startsAt, actorOf(p), { assessorId }), booking.id);
    if (moved) res.json({ booking: await view(moved) });
  });

  router.post('/api/oral/bookings/:id/confirm', async (req, res) => {
    const p = requireLti(req);
    const { params } = validate(req, { params: idParams, body: emptyBody });
    res.json({ booking: await view(await service.confirm(await bookingFor(p, params.id), actorOf(p))) });
  });

  // "Ajouter à mon agenda": the booked interview as an iCalendar file (same UID as the e-mailed invitations).
  router.get('/api/oral/bookings/:id/calendar.ics', async (req, res) => {
    const p = requireLti(req);
    const { params } = validate(req, { params: idParams });
    const booking = await bookingFor(p, params.id);
    if (booking.status !== 'booked') throw new AppError('booking:not-found', {}, 404);
    const locale = requestLocale(req);
    const content = calendarEntry({
      uid: bookingUid(booking.id, deps.publicUrl),
      sequence: booking.sequence,
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      stamp: clock.now(),
      summary: translate(locale, 'booking:ics-summary'),
      description: translate(locale, 'booking:ics-description', { url: `${deps.publicUrl}/oral/booking?lang=${locale}` }),
    });
    res
      .set('cache-control', 'private, no-store')
      .set('content-disposition', `attachment; filename="${translate(locale, 'booking:ics-filename')}"`)
      .type('text/calendar; charset=utf-8')
      .send(content);
  });

  router.delete('/api/oral/bookings/:id', async (req, res) => {
    const p = requireLti(req);
    const { params } = validate(req, { params: idParams, body: emptyBody });
    res.json({ booking: await view(await service.cancel(await bookingFor(p, params.id), actorOf(p))) });
  });

  /**
   * "Mon centre a prévu un rendez-vous à ma place — quitter sans prendre de rendez-vous": recorded
   * for the candidate's sitting, so their home and the instructor dashboard show it.
   */
  router.post('/api/oral/leave', async (req, res) => {
    const p = requireLti(req, 'candidate');
    validate(req, { body: emptyBody });
    const leftAt = await service.leave(await candidateOf(req, p, undefined), actorOf(p), String(req.id));
    res.json({ leftWithoutBookingAt: leftAt.toISOString() });
  });

  // A centre admin (staff) moves or cancels any booking of their centre.
  router.patch('/api/staff/bookings/:id', async (req, res) => {
    const admin = staffMember(req, res, 'centre-admin');
    const { params, body } = validate(req, { params: idParams, body: startBody });
    const booking = await storage.bookings.get(params.id);
    if (!booking || booking.centreId !== admin.centreId) throw new AppError('booking:not-found', {}, 404);
    const moved = await service.move(booking, body.startsAt, { kind: 'staff', staffId: admin.id }, { assessorId: body.assessorId });
    res.json({ booking: await view(moved) });
  });

  router.delete('/api/staff/bookings/:id', async (req, res) => {
    const admin = staffMember(req, res, 'centre-admin');
    const { params } = validate(req, { params: idParams, body: emptyBody });
    const booking = await storage.bookings.get(params.id);
    if (!booking || booking.centreId !== admin.centreId) throw new AppError('booking:not-found', {}, 404);
    res.json({ booking: await view(await service.cancel(booking, { kind: 'staff', staffId: admin.id })) });
  });

  return router;
}
