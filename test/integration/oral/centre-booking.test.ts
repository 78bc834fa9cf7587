import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { testConfig } from '../../support/config.js';
import { TestLaunches } from '../../support/lti-principals.js';
import { seedStaff, weekdayMornings } from '../../support/oral.js';
import { startSmtpServer } from '../../support/smtp.js';

// Issue 15: the centre books for a candidate (an instructor of the candidate's own course), under
// the same uniqueness rules, audit-logged, with the invitation to the candidate; nobody else may.
describe('the centre books the oral for a candidate; the candidate may leave it to the centre', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let cadre: RunningCadre;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z')); // Monday 9:00 in Paris
  const launches = new TestLaunches();
  const lea = launches.launch({ userId: 'lea', role: 'candidate', name: 'Léa Martin', email: 'lea@example.org' });
  const tom = launches.launch({ userId: 'tom', role: 'candidate', name: 'Tom Petit', email: 'tom@example.org' });
  const teacher = launches.launch({ userId: 'teacher', role: 'instructor', name: 'Dominique Leroy' });
  // Another course's instructor, and a candidate of that course.
  const otherTeacher = launches.launch({ userId: 'other-teacher', role: 'instructor', contextId: 'ctx-2', activityId: 'act-2' });

  const call = (cookie: string, method: string, path: string, body?: unknown) =>
    fetch(`${cadre.url}${path}`, {
      method,
      headers: { accept: 'application/json', 'content-type': 'application/json', cookie },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    cadre = await startCadre(testConfig({ SMTP_URL: smtp.url, JOBS_ENABLED: 'false', ISSUER_EMAIL: 'certification@centre.example.org' }), {
      clock,
      principal: launches.principal,
      roster: launches,
    });
    await seedStaff(cadre.storage, { email: 'awa@centre.example.org', name: 'Awa Diallo', availability: weekdayMornings });
  });
  afterAll(async () => {
    await cadre?.stop();
    await smtp?.close();
  });

  it('refuses a candidate booking for someone else, and another course’s instructor', async () => {
    const asTom = await call(tom.cookie, 'POST', '/api/oral/bookings', { startsAt: '2026-03-03T08:00:00.000Z', candidateUserId: 'lea' });
    expect(asTom.status).toBe(403);
    expect((await call(tom.cookie, 'GET', '/api/oral/state?candidate=lea')).status).toBe(403);
    const asOther = await call(otherTeacher.cookie, 'POST', '/api/oral/bookings', { startsAt: '2026-03-03T08:00:00.000Z', candidateUserId: 'lea' });
    expect(asOther.status).toBe(404);
    expect((await call(otherTeacher.cookie, 'GET', '/api/oral/state?candidate=lea')).status).toBe(404);
    // An instructor cannot "leave without booking" for anyone: that is the candidate's word.
    expect((await call(teacher.cookie, 'POST', '/api/oral/leave', {})).status).toBe(403);
    expect(await cadre.storage.bookings.forCandidate('lea', 'act-1')).toEqual([]);
    expect(await cadre.storage.bookings.forCandidate('tom', 'act-1')).toEqual([]);
  });

  it('records "leave without booking" for the candidate, and shows the issuer’s contact when the centre has none', async () => {
    const left = await call(lea.cookie, 'POST', '/api/oral/leave', {});
    expect(left.status).toBe(200);
    const { leftWithoutBookingAt } = await left.json();
    expect(leftWithoutBookingAt).toBe('2026-03-02T08:00:00.000Z');
    clock.advance(60_000);
    // Saying it twice changes nothing: the first time stands, one audit entry.
    expect((await (await call(lea.cookie, 'POST', '/api/oral/leave', {})).json()).leftWithoutBookingAt).toBe(leftWithoutBookingAt);
    const state = await (await call(lea.cookie, 'GET', '/api/oral/state')).json();
    expect(state).toMatchObject({ leftWithoutBookingAt, booking: null, centre: { contactEmail: 'certification@centre.example.org' } });
    const audit = await cadre.storage.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'booking.left-without').execute();
    expect(audit).toEqual([{ action: 'booking.left-without', actor_id: 'lea' }]);
  });

  it('lets the instructor book for a candidate of the course: audit-logged, and the candidate gets the invitation', async () => {
    const seen = await (await call(teacher.cookie, 'GET', '/api/oral/state?candidate=lea')).json();
    expect(seen).toMatchObject({ candidate: { userId: 'lea', name: 'Léa Martin' }, booking: null, calendar: { timeZone: 'Europe/Paris' } });
    const res = await call(teacher.cookie, 'POST', '/api/oral/bookings', { startsAt: '2026-03-04T09:00:00.000Z', candidateUserId: 'lea' });
    expect(res.status).toBe(201);
    const { booking } = await res.json();
    expect(booking).toMatchObject({ status: 'booked', bookedBy: 'centre', candidateName: 'Léa Martin' });
    const audit = await cadre.storage.db.selectFrom('audit_log').select(['actor_id', 'subject_id']).where('action', '=', 'booking.create').execute();
    expect(audit).toEqual([{ actor_id: 'teacher', subject_id: booking.id }]);

    await cadre.worker.drain();
    const mails = await smtp.waitFor(2);
    const invitation = mails.find((m) => m.to.includes('lea@example.org'))!;
    expect(invitation.subject).toBe('Confirmation de votre entretien oral du mercredi 4 mars 2026 à 10:00');
    const vevent = new ICAL.Component(ICAL.parse(invitation.ics!));
    expect(vevent.getFirstPropertyValue('method')).toBe('REQUEST');
    expect((vevent.getFirstSubcomponent('vevent')!.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe('2026-03-04T09:00:00.000Z');

    // The candidate sees the centre's booking on their page.
    expect((await (await call(lea.cookie, 'GET', '/api/oral/state')).json()).booking).toMatchObject({ id: booking.id, bookedBy: 'centre' });

    // "Ajouter à mon agenda": the same event (UID) as the invitation, for Léa only.
    const file = await call(lea.cookie, 'GET', `/api/oral/bookings/${booking.id}/calendar.ics?lang=en`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="oral-interview.ics"');
    const entry = new ICAL.Component(ICAL.parse(await file.text()));
    expect(entry.getFirstPropertyValue('method')).toBe('PUBLISH');
    const event = entry.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe(vevent.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid'));
    expect(event.getFirstPropertyValue('summary')).toBe('Certification oral interview');
    expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe('2026-03-04T09:00:00.000Z');
    expect((await call(tom.cookie, 'GET', `/api/oral/bookings/${booking.id}/calendar.ics`)).status).toBe(404);
  });

  it('decides a race between the centre and a candidate by the unique index: the loser gets 409 and a fresh calendar', async () => {
    const slot = '2026-03-05T08:00:00.000Z';
    const [byTeacher, byTom] = await Promise.all([
      call(teacher.cookie, 'POST', '/api/oral/bookings', { startsAt: slot, candidateUserId: 'tom' }),
      call(tom.cookie, 'POST', '/api/oral/bookings', { startsAt: slot }),
    ]);
    // Tom is the candidate of both requests: one booking for his sitting, whoever asked.
    const statuses = [byTeacher.status, byTom.status].sort();
    expect(statuses).toEqual([201, 409]);
    const loser = byTeacher.status === 409 ? byTeacher : byTom;
    const body = await loser.json();
    expect(['booking:slot-taken', 'booking:already-booked']).toContain(body.error.id);
    expect(await cadre.storage.bookings.forCandidate('tom', 'act-1')).toHaveLength(1);

    // Another candidate asking for the slot the centre just gave Tom: 409 with the calendar without it.
    const zoe = launches.launch({ userId: 'zoe', role: 'candidate' });
    const taken = await call(zoe.cookie, 'POST', '/api/oral/bookings', { startsAt: slot });
    expect(taken.status).toBe(409);
    const fresh = await taken.json();
    expect(fresh.error.id).toBe('booking:slot-taken');
    expect(fresh.calendar.slots.some((s: { startsAt: string }) => s.startsAt === slot)).toBe(false);
  });
});
