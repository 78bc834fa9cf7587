import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Booking } from '../domain/booking/types.js';
import { INTERVIEW_GUIDE } from '../domain/oral/guide.js';
import { applyRoomChange, guideLanguage, roomMode, roomOpensAt, RoomChangeRefused, type OralRoom, type RoomChange } from '../domain/oral/room.js';
import { AppError } from '../errors.js';
import { translate, type Locale } from '../i18n.js';
import type { Storage } from '../storage/storage.js';
import { activityLanguage } from '../storage/repositories/oral-room-repository.js';
import { html, sendPage } from './html.js';
import { requestLocale } from './locale.js';
import { requireLti } from './principal.js';
import { OralRoomHub, type Presence, type Side } from './oral-room-hub.js';
import { emptyBody, validate } from './validate.js';

interface Deps {
  storage: Storage;
  clock: Clock;
  config: Config['oralRoom'];
}

/** What both pages of the room are told; the assessor also gets the interview guide. */
export interface RoomView {
  bookingId: string;
  side: Side;
  candidateName: string;
  startsAt: string;
  endsAt: string;
  opensAt: string;
  mode: 'built-in' | 'external';
  /** The assessor's own videoconference link, when they hold their interviews there. */
  videoUrl: string | null;
  /** not-yet: before opensAt; open: the room can be joined; closed: ended, graded, cancelled. */
  availability: 'not-yet' | 'open' | 'closed';
  room: RoomStateView | null;
  presence: Presence;
  /** Only while the room is open. */
  iceServers: Config['oralRoom']['iceServers'];
  guide?: { language: 'fr' | 'en'; parts: (typeof INTERVIEW_GUIDE)['fr'] };
}

export interface RoomStateView {
  state: OralRoom['state'];
  admittedAt: string | null;
  idCheckedAt: string | null;
  endedAt: string | null;
}

const idParams = z.object({ id: z.string().min(1).max(100) });
const peerId = z.string().regex(/^[\w-]{8,64}$/);
const signalBody = z.object({
  from: peerId,
  to: peerId,
  signal: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('description'), description: z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().max(100_000) }) }),
    z.object({
      kind: z.literal('candidate'),
      candidate: z.object({
        candidate: z.string().max(2000),
        sdpMid: z.string().max(100).nullable().optional(),
        sdpMLineIndex: z.number().int().min(0).max(100).nullable().optional(),
        usernameFragment: z.string().max(256).nullable().optional(),
      }),
    }),
  ]),
});
const sessionParam = /^[\w-]{20,100}$/;

const stateView = (room: OralRoom | undefined): RoomStateView | null =>
  room
    ? {
        state: room.state,
        admittedAt: room.admittedAt?.toISOString() ?? null,
        idCheckedAt: room.idCheckedAt?.toISOString() ?? null,
        endedAt: room.endedAt?.toISOString() ?? null,
      }
    : null;

/**
 * The built-in oral room: the candidate's waiting room and the assessor's room, both over one
 * interview (a booking). Only the booked candidate (LTI session) and the booking's assessor
 * (staff session) may join; everyone else is told the room does not exist. The room's state is
 * in the database; WebRTC offers, answers and ICE candidates travel through this server
 * (Server-Sent Events down, JSON posts up) between the two pages, never to anyone else.
 */
export function oralRoomRoutes(deps: Deps): Router {
  const { storage, clock, config } = deps;
  const hub = new OralRoomHub();
  const router = Router();

  /** The booking and the side of the principal in it; 401 without a session, 404 for anyone else. */
  async function participant(req: Request, id: string): Promise<{ booking: Booking; side: Side }> {
    const p = req.principal;
    if (!p) throw new AppError('error:unauthenticated', {}, 401);
    const booking = await storage.bookings.get(id);
    if (booking && p.kind === 'lti' && p.role === 'candidate' && booking.candidateUserId === p.userId && booking.activityId === p.activityId)
      return { booking, side: 'candidate' };
    if (booking && p.kind === 'staff' && p.role === 'assessor' && booking.assessorId === p.staffId) return { booking, side: 'assessor' };
    throw new AppError('oral-room:not-found', {}, 404);
  }

  async function viewOf(booking: Booking, side: Side): Promise<RoomView> {
    const assessor = await storage.staff.get(booking.assessorId);
    const mode = roomMode(assessor);
    const opensAt = roomOpensAt(booking.startsAt, config.opensMinutesBefore);
    let room = await storage.oralRooms.get(booking.id);
    const live = booking.status === 'booked' && room?.state !== 'ended';
    const availability = !live ? 'closed' : clock.now() < opensAt ? 'not-yet' : 'open';
    // The room exists from the first time either side finds it open.
    if (availability === 'open' && mode === 'built-in' && !room) room = await storage.oralRooms.open(booking.id, clock.now());
    const view: RoomView = {
      bookingId: booking.id,
      side,
      candidateName: booking.candidateName,
      startsAt: booking.startsAt.toISOString(),
      endsAt: booking.endsAt.toISOString(),
      opensAt: opensAt.toISOString(),
      mode,
      videoUrl: mode === 'external' ? assessor!.videoUrl : null,
      availability,
      room: stateView(room),
      presence: hub.presence(booking.id),
      iceServers: availability === 'open' && mode === 'built-in' ? config.iceServers : [],
    };
    if (side === 'assessor') {
      const language = guideLanguage(await activityLanguage(storage.db, booking.activityId));
      view.guide = { language, parts: INTERVIEW_GUIDE[language] };
    }
    return view;
  }

  /** The room as it is now, for a signalling stream or a post: open, built in, not ended. */
  async function joinable(booking: Booking): Promise<OralRoom> {
    const view = await viewOf(booking, 'candidate');
    if (view.mode !== 'built-in') throw new AppError('oral-room:external', {}, 409);
    if (view.availability !== 'open') throw new AppError(view.availability === 'not-yet' ? 'oral-room:not-open' : 'oral-room:closed', {}, 409);
    return (await storage.oralRooms.get(booking.id))!;
  }

  // --- Pages.

  /** The candidate's waiting room: the live booking of the launch's activity (one at a time). */
  router.get('/oral/room', async (req, res) => {
    const lang = requestLocale(req);
    if (req.principal?.kind !== 'lti') {
      const title = translate(lang, 'oral-room:title');
      return sendPage(
        res,
        { lang, title, body: html`<h1>${title}</h1>\n<p role="alert">${translate(lang, 'oral-room:sign-in-through-course')}</p>` },
        { status: 401 },
      );
    }
    const p = requireLti(req, 'candidate');
    const locale: Locale = typeof req.query.lang === 'string' ? lang : p.locale;
    const bookings = p.activityId ? await storage.bookings.forCandidate(p.userId, p.activityId) : [];
    const booking = bookings.find((b) => b.status === 'booked') ?? bookings[0];
    const title = translate(locale, 'oral-room:title');
    if (!booking) {
      return sendPage(res, {
        lang: locale,
        title,
        body: html`<h1>${title}</h1>\n<p>${translate(locale, 'oral-room:no-booking')} <a href="/oral/booking">${translate(locale, 'booking:title')}</a></p>`,
      });
    }
    // A page opened with the launch session in its address (no third-party cookie) hands it on to its requests.
    const session = typeof req.query.s === 'string' && sessionParam.test(req.query.s) ? req.query.s : '';
    sendPage(res, {
      lang: locale,
      title,
      body: html`<cadre-oral-room-candidate lang="${locale}" booking="${booking.id}"${session && html` session="${session}"`}></cadre-oral-room-candidate>`,
    });
  });

  /** The assessor's room: the call and the three parts beside the grading console of the same interview. */
  router.get('/staff/oral-room/:id', async (req, res) => {
    if (req.principal?.kind !== 'staff') return res.redirect(303, '/staff/login');
    const { params } = validate(req, { params: idParams });
    const { booking } = await participant(req, params.id);
    const locale: Locale = typeof req.query.lang === 'string' ? requestLocale(req) : req.principal.locale;
    const title = translate(locale, 'oral-room:title');
    sendPage(res, {
      lang: locale,
      title,
      body: html`<div class="cadre-oral-room-layout">
<cadre-oral-room-assessor lang="${locale}" booking="${booking.id}"></cadre-oral-room-assessor>
<cadre-assessor-console lang="${locale}" interview="${booking.id}"></cadre-assessor-console>
</div>`,
    });
  });

  // --- API.

  /** For the candidate's home page: the waiting room of their live booking, if any. */
  router.get('/api/oral/room', async (req, res) => {
    const p = requireLti(req, 'candidate');
    const booking = p.activityId ? (await storage.bookings.forCandidate(p.userId, p.activityId)).find((b) => b.status === 'booked') : undefined;
    if (!booking) return res.json({ room: null });
    const view = await viewOf(booking, 'candidate');
    res.json({ room: { bookingId: booking.id, startsAt: view.startsAt, opensAt: view.opensAt, mode: view.mode, availability: view.availability } });
  });

  router.get('/api/oral/rooms/:id', async (req, res) => {
    const { params } = validate(req, { params: idParams });
    const { booking, side } = await participant(req, params.id);
    res.set('cache-control', 'private, no-store').json(await viewOf(booking, side));
  });

  /** The signalling stream: presence, the room's state, and the other side's offers, answers and candidates. */
  router.get('/api/oral/rooms/:id/events', async (req: Request, res: Response) => {
    const { params, query } = validate(req, { params: idParams, query: z.object({ peer: peerId }) });
    const { booking, side } = await participant(req, params.id);
    const room = await joinable(booking);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'private, no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('state', stateView(room));
    const leave = hub.join(booking.id, { side, peerId: query.peer, send });
    // A comment every 15 s keeps proxies from closing an idle stream.
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      leave();
    });
  });

  router.post('/api/oral/rooms/:id/signal', async (req, res) => {
    const { params, body } = validate(req, { params: idParams, body: signalBody });
    const { booking, side } = await participant(req, params.id);
    const room = await joinable(booking);
    // No picture or sound leaves the waiting room before the assessor lets the candidate in.
    if (room.state === 'waiting') throw new AppError('oral-room:not-admitted', {}, 409);
    hub.toOther(booking.id, side, 'signal', { ...body, id: randomUUID() });
    res.status(204).end();
  });

  /** The assessor's changes: admit, ID checked, part 1–3, end. */
  const change = (path: string, of: (req: Request, staffId: string) => RoomChange, action?: string) =>
    router.post(`/api/oral/rooms/:id/${path}`, async (req, res) => {
      const { params } = validate(req, { params: idParams, body: emptyBody });
      const { booking, side } = await participant(req, params.id);
      if (side !== 'assessor' || req.principal?.kind !== 'staff') throw new AppError('error:forbidden', {}, 403);
      const staffId = req.principal.staffId;
      const current = await joinable(booking);
      const now = clock.now();
      let next: OralRoom;
      try {
        next = applyRoomChange(current, of(req, staffId), now);
      } catch (error) {
        if (error instanceof RoomChangeRefused) throw new AppError('oral-room:change-refused', {}, 409);
        throw error;
      }
      const saved = await storage.transaction(async (repos) => {
        const written = await repos.oralRooms.update(current, next);
        if (written && action)
          await repos.audit.record(
            { actor: { kind: 'staff', id: staffId }, action, subject: { kind: 'booking', id: booking.id }, requestId: String(req.id) },
            now,
          );
        return written;
      });
      if (!saved) throw new AppError('oral-room:changed', {}, 409);
      hub.broadcast(booking.id, 'state', stateView(saved));
      res.json({ room: stateView(saved) });
    });
  change('admit', () => ({ kind: 'admit' }), 'oral-room.admitted');
  change('id-check', (_req, staffId) => ({ kind: 'id-check', assessorId: staffId }), 'oral-room.id-checked');
  change('parts/:part', (req) => ({
    kind: 'part',
    part: validate(req, { params: z.object({ id: z.string(), part: z.coerce.number().int().min(1).max(3) }) }).params.part as 1 | 2 | 3,
  }));
  change('end', () => ({ kind: 'end' }), 'oral-room.ended');

  return router;
}
