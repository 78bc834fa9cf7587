import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { tempDir, testConfig } from '../../support/config.js';
import { TestLaunches } from '../../support/lti-principals.js';
import { seedStaff, weekdayMornings } from '../../support/oral.js';
import { startSmtpServer } from '../../support/smtp.js';

describe('the 24-hour reminder, across a restart, with an injected clock', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const file = path.join(tempDir(), 'cadre.sqlite');
  const launches = new TestLaunches();
  const lea = launches.launch({ userId: 'lea', role: 'candidate', email: 'lea@example.org', name: 'Léa' });
  const tom = launches.launch({ userId: 'tom', role: 'candidate', email: 'tom@example.org', name: 'Tom', locale: 'en' });
  const zoe = launches.launch({ userId: 'zoe', role: 'candidate', email: 'zoe@example.org', name: 'Zoé' });
  const start = (clock: ManualClock) =>
    startCadre(testConfig({ DATABASE_URL: `sqlite:${file}`, SMTP_URL: smtp.url, JOBS_ENABLED: 'false' }), {
      clock,
      principal: launches.principal,
      roster: launches,
    });
  const post = (cadre: RunningCadre, cookie: string, p: string, method: string, body: unknown) =>
    fetch(`${cadre.url}${p}`, { method, headers: { 'content-type': 'application/json', accept: 'application/json', cookie }, body: JSON.stringify(body) });

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('is scheduled with the booking, survives a restart, goes once at the right time; a moved or cancelled booking gets no stale one', async () => {
    // First process: Monday 2 March 2026, 9:00 Paris.
    const first = await start(new ManualClock(new Date('2026-03-02T08:00:00Z')));
    await seedStaff(first.storage, {
      email: 'awa@centre.example.org',
      name: 'Awa',
      videoUrl: 'https://meet.example.org/awa-room',
      availability: weekdayMornings,
    });
    const leaBooking = (await (await post(first, lea.cookie, '/api/oral/bookings', 'POST', { startsAt: '2026-03-05T08:00:00.000Z' })).json()).booking;
    const tomBooking = (
      await (await post(first, tom.cookie, '/api/oral/bookings', 'POST', { startsAt: '2026-03-05T09:00:00.000Z', timeZone: 'Europe/London' })).json()
    ).booking;
    const zoeBooking = (await (await post(first, zoe.cookie, '/api/oral/bookings', 'POST', { startsAt: '2026-03-05T10:00:00.000Z' })).json()).booking;
    // Tom moves to Friday: his Thursday reminder must never go.
    expect((await post(first, tom.cookie, `/api/oral/bookings/${tomBooking.id}`, 'PATCH', { startsAt: '2026-03-06T08:00:00.000Z' })).status).toBe(200);
    const reminder = await first.storage.jobs.findByIdempotencyKey(`booking:${leaBooking.id}:reminder:0`);
    expect(reminder).toMatchObject({ status: 'pending', runAt: new Date('2026-03-04T08:00:00Z') });
    expect((await first.storage.jobs.findByIdempotencyKey(`booking:${tomBooking.id}:reminder:0`))?.status).toBe('failed'); // cancelled
    // Zoé's booking is cancelled behind the service's back (as a crash between the two writes
    // could leave it): the handler itself must still refuse to remind.
    await first.storage.bookings.setStatus(zoeBooking.id, 0, 'cancelled', new Date('2026-03-02T08:05:00Z'));
    await first.worker.drain();
    await smtp.waitFor(8); // 3 confirmations + Tom's update, each to candidate and assessor
    await first.stop();

    // The process restarts with a new storage and a new worker on the same SQLite file.
    const clock = new ManualClock(new Date('2026-03-04T07:59:00Z'));
    const second = await start(clock);
    smtp.mails.length = 0;
    expect(await second.worker.drain()).toBe(0);
    clock.set('2026-03-04T08:00:00Z');
    await second.worker.drain();
    clock.set('2026-03-04T09:00:00Z');
    await second.worker.drain();
    await smtp.waitFor(1);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ to: 'lea@example.org', subject: 'Rappel : entretien oral demain, jeudi 5 mars 2026 à 09:00' });
    expect(smtp.mails[0]!.text).toContain('https://meet.example.org/awa-room');
    expect(smtp.mails[0]!.ics).toBeUndefined();
    // The Message-ID comes from the job: a send retried after a crash is the same message.
    const reminderJob = await second.storage.jobs.findByIdempotencyKey(`booking:${leaBooking.id}:reminder:0`);
    expect(smtp.mails[0]!.parsed.messageId).toBe(`<${reminderJob!.id}@localhost>`);

    // Friday's interview: Tom is reminded on Thursday, in English and on London time.
    clock.set('2026-03-05T08:00:00Z');
    await second.worker.drain();
    clock.set('2026-03-06T12:00:00Z');
    expect(await second.worker.drain()).toBe(0);
    await smtp.waitFor(2);
    expect(smtp.mails.map((m) => [m.to, m.subject])).toEqual([
      ['lea@example.org', 'Rappel : entretien oral demain, jeudi 5 mars 2026 à 09:00'],
      ['tom@example.org', 'Reminder: oral interview tomorrow, Friday 6 March 2026 at 08:00'],
    ]);
    const zoeReminder = await second.storage.jobs.findByIdempotencyKey(`booking:${zoeBooking.id}:reminder:0`);
    expect(zoeReminder?.status).toBe('done'); // ran, saw the cancellation, sent nothing
    await second.stop();
  });
});
