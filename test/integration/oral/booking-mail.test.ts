import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { testConfig } from '../../support/config.js';
import { TestLaunches } from '../../support/lti-principals.js';
import { seedStaff, weekdayMornings } from '../../support/oral.js';
import { startSmtpServer, type ReceivedMail } from '../../support/smtp.js';

function readIcs(mail: ReceivedMail) {
  expect(mail.ics, `no text/calendar part in "${mail.subject}"`).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(mail.ics!));
  const event = calendar.getFirstSubcomponent('vevent')!;
  const dtstart = event.getFirstPropertyValue('dtstart') as ICAL.Time;
  const dtstamp = event.getFirstPropertyValue('dtstamp') as ICAL.Time;
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: event.getFirstPropertyValue('sequence'),
    status: event.getFirstPropertyValue('status'),
    dtstart: dtstart.toJSDate().toISOString(),
    dtstartIsUtc: dtstart.zone === ICAL.Timezone.utcTimezone,
    dtstamp: dtstamp.toJSDate().toISOString(),
    dtstampIsUtc: dtstamp.zone === ICAL.Timezone.utcTimezone && /^DTSTAMP:\d{8}T\d{6}Z\r?$/m.test(mail.ics!),
  };
}

describe('booking e-mails through a real SMTP server, read back with mailparser and ical.js', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let cadre: RunningCadre;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z')); // a Monday, 9:00 in Paris
  const launches = new TestLaunches();
  const candidate = launches.launch({ userId: 'lea', role: 'candidate', name: 'Léa Martin', email: 'lea@example.org', locale: 'fr' });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${cadre.url}${path}`, {
      ...init,
      headers: { accept: 'application/json', 'content-type': 'application/json', cookie: candidate.cookie, ...init.headers },
    });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    cadre = await startCadre(testConfig({ SMTP_URL: smtp.url, JOBS_ENABLED: 'false', PUBLIC_URL: 'https://cadre.example.org' }), {
      clock,
      principal: launches.principal,
      roster: launches,
    });
    await seedStaff(cadre.storage, {
      email: 'awa@centre.example.org',
      name: 'Awa Diallo',
      locale: 'en',
      videoUrl: 'https://meet.example.org/awa',
      availability: weekdayMornings,
    });
  });
  afterAll(async () => {
    await cadre?.stop();
    await smtp?.close();
  });

  it('sends confirmation, update and cancellation to candidate and assessor, with one UID and a rising SEQUENCE', async () => {
    const state = await (await api('/api/oral/state')).json();
    expect(state.booking).toBeNull();
    // 24 h minimum notice: the first slot is Tuesday 9:00 Paris (8:00 UTC).
    expect(state.calendar.slots[0]).toEqual({
      startsAt: '2026-03-03T08:00:00.000Z',
      endsAt: '2026-03-03T08:30:00.000Z',
      date: '2026-03-03',
      start: '09:00',
      end: '09:30',
    });

    // Wednesday 9:00 Paris: the reminder is due on Tuesday, not yet.
    const booked = await api('/api/oral/bookings', { method: 'POST', body: JSON.stringify({ startsAt: '2026-03-04T08:00:00.000Z' }) });
    expect(booked.status).toBe(201);
    const { booking } = await booked.json();
    await cadre.worker.drain();
    await smtp.waitFor(2);
    const confirmation = smtp.mails.find((m) => m.to.includes('lea@example.org'))!;
    expect(confirmation.subject).toBe('Confirmation de votre entretien oral du mercredi 4 mars 2026 à 09:00');
    const toAssessor = smtp.mails.find((m) => m.to.includes('awa@centre.example.org'))!;
    expect(toAssessor.subject).toBe('Your oral interview on Wednesday 4 March 2026 at 09:00 is confirmed');
    expect(toAssessor.text).toContain('Léa Martin');
    const first = readIcs(confirmation);
    expect(first).toMatchObject({
      method: 'REQUEST',
      sequence: 0,
      status: 'CONFIRMED',
      dtstart: '2026-03-04T08:00:00.000Z',
      dtstartIsUtc: true,
      dtstamp: '2026-03-02T08:00:00.000Z',
      dtstampIsUtc: true,
    });
    expect(first.uid).toBe(`booking-${booking.id}@cadre.example.org`);
    expect(readIcs(toAssessor)).toEqual(first);
    // Issue 17: the invitation's link, opened from a calendar (no course session), says how to come back through the course.
    const description = new ICAL.Component(ICAL.parse(confirmation.ics!)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('description') as string;
    expect(description).toContain('ouvrez votre certification depuis votre cours');
    const link = description.match(/https?:\/\/\S+/)![0].replace('https://cadre.example.org', cadre.url);
    const fromCalendar = await fetch(link);
    expect(fromCalendar.status).toBe(401);
    expect(await fromCalendar.text()).toContain('ouvrez votre certification depuis votre cours');

    clock.advance(60_000);
    const moved = await api(`/api/oral/bookings/${booking.id}`, { method: 'PATCH', body: JSON.stringify({ startsAt: '2026-03-05T10:00:00.000Z' }) });
    expect(moved.status).toBe(200);
    await cadre.worker.drain();
    await smtp.waitFor(4);
    const update = smtp.mails.slice(2).find((m) => m.to.includes('lea@example.org'))!;
    expect(update.subject).toBe('Nouvel horaire pour votre entretien oral : jeudi 5 mars 2026 à 11:00');
    expect(readIcs(update)).toMatchObject({
      method: 'REQUEST',
      uid: first.uid,
      sequence: 1,
      dtstart: '2026-03-05T10:00:00.000Z',
      dtstamp: '2026-03-02T08:01:00.000Z',
      dtstampIsUtc: true,
    });
    expect(readIcs(smtp.mails.slice(2).find((m) => m.to.includes('awa@'))!)).toMatchObject({ method: 'REQUEST', uid: first.uid, sequence: 1 });

    clock.advance(60_000);
    expect((await api(`/api/oral/bookings/${booking.id}`, { method: 'DELETE' })).status).toBe(200);
    await cadre.worker.drain();
    await smtp.waitFor(6);
    const cancellation = smtp.mails.slice(4).find((m) => m.to.includes('lea@example.org'))!;
    expect(cancellation.subject).toContain('Annulation');
    expect(readIcs(cancellation)).toMatchObject({
      method: 'CANCEL',
      uid: first.uid,
      sequence: 2,
      status: 'CANCELLED',
      dtstart: '2026-03-05T10:00:00.000Z',
      dtstampIsUtc: true,
    });
    expect(readIcs(smtp.mails.slice(4).find((m) => m.to.includes('awa@'))!)).toMatchObject({
      method: 'CANCEL',
      uid: first.uid,
      sequence: 2,
      status: 'CANCELLED',
    });
    expect(smtp.mails).toHaveLength(6);
  });

  it('answers 409 with a fresh calendar to the one who lost the slot', async () => {
    const other = launches.launch({ userId: 'tom', role: 'candidate', email: 'tom@example.org' });
    const winner = await api('/api/oral/bookings', { method: 'POST', body: JSON.stringify({ startsAt: '2026-03-05T08:00:00.000Z' }) });
    expect(winner.status, await winner.clone().text()).toBe(201);
    const loser = await fetch(`${cadre.url}/api/oral/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie: other.cookie },
      body: JSON.stringify({ startsAt: '2026-03-05T08:00:00.000Z' }),
    });
    expect(loser.status).toBe(409);
    const body = await loser.json();
    expect(body.error.id).toBe('booking:slot-taken');
    expect(body.calendar.slots.map((s: { startsAt: string }) => s.startsAt)).not.toContain('2026-03-05T08:00:00.000Z');
    expect(body.calendar.slots.map((s: { startsAt: string }) => s.startsAt)).toContain('2026-03-05T08:30:00.000Z');
  });

  it('refuses candidates without a finished written part and requests without a launch', async () => {
    const early = launches.launch({ userId: 'sam', role: 'candidate' }, { writtenDone: false });
    const res = await fetch(`${cadre.url}/api/oral/state`, { headers: { accept: 'application/json', cookie: early.cookie } });
    expect(res.status).toBe(409);
    expect((await res.json()).error.id).toBe('booking:written-not-done');
    expect((await fetch(`${cadre.url}/api/oral/state`, { headers: { accept: 'application/json' } })).status).toBe(401);
    // A forged cross-site form cannot write: JSON only.
    const forged = await fetch(`${cadre.url}/api/oral/leave`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: early.cookie },
      body: 'x=1',
    });
    expect(forged.status).toBe(415);
  });

  it('lets an instructor book, move and cancel for a candidate of their course, not of another', async () => {
    const nina = launches.launch({ userId: 'nina', role: 'candidate' });
    const teacher = launches.launch({ userId: 'prof', role: 'instructor' });
    const elsewhere = launches.launch({ userId: 'prof2', role: 'instructor', contextId: 'ctx-2', activityId: 'act-2' });
    const as = (cookie: string, path: string, method: string, body?: unknown) =>
      fetch(`${cadre.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json', cookie },
        body: body ? JSON.stringify(body) : undefined,
      });
    const created = await as(teacher.cookie, '/api/oral/bookings', 'POST', { startsAt: '2026-03-06T09:00:00.000Z', candidateUserId: 'nina' });
    expect(created.status).toBe(201);
    const { booking } = await created.json();
    expect((await (await as(nina.cookie, '/api/oral/state', 'GET')).json()).booking).toMatchObject({ id: booking.id, startsAt: '2026-03-06T09:00:00.000Z' });
    clock.advance(1000);
    expect((await as(elsewhere.cookie, `/api/oral/bookings/${booking.id}`, 'DELETE')).status).toBe(404);
    clock.advance(1000);
    expect((await as(teacher.cookie, `/api/oral/bookings/${booking.id}`, 'PATCH', { startsAt: '2026-03-06T09:30:00.000Z' })).status).toBe(200);
    clock.advance(1000);
    expect((await as(teacher.cookie, `/api/oral/bookings/${booking.id}`, 'DELETE')).status).toBe(200);
    const audit = await cadre.storage.audit.listForSubject('booking', booking.id);
    expect(audit.map((e) => [e.action, e.actor.id])).toEqual([
      ['booking.create', 'prof'],
      ['booking.move', 'prof'],
      ['booking.cancel', 'prof'],
    ]);
  });
});
