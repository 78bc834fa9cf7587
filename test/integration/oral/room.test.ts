import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { testConfig } from '../../support/config.js';
import { TestLaunches } from '../../support/lti-principals.js';
import { seedStaff, staffLogin, weekdayMornings } from '../../support/oral.js';
import { openEventStream, type EventStream } from '../../support/sse.js';
import { startSmtpServer } from '../../support/smtp.js';

describe('the built-in oral room over HTTP: who may join, signalling, admit, ID check, parts, end', () => {
  let cadre: RunningCadre;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z')); // Monday 9:00 in Paris
  const launches = new TestLaunches();
  const lea = launches.launch({ userId: 'lea', role: 'candidate', name: 'Léa Martin', email: 'lea@example.org' });
  const tom = launches.launch({ userId: 'tom', role: 'candidate', name: 'Tom Weber' });
  const teacher = launches.launch({ userId: 'prof', role: 'instructor' });
  let leaBooking: string;
  let tomBooking: string;
  let awa: string;
  let ben: string;
  const streams: EventStream[] = [];

  const call = (cookie: string, path: string, method = 'GET', body?: unknown) =>
    fetch(`${cadre.url}${path}`, {
      method,
      headers: { cookie, accept: 'application/json', 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  const stream = async (cookie: string, bookingId: string, peer: string) => {
    const s = await openEventStream(`${cadre.url}/api/oral/rooms/${bookingId}/events?peer=${peer}`, { cookie });
    streams.push(s);
    return s;
  };
  const offer = (from: string, to: string) => ({
    from,
    to,
    signal: { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } },
  });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    cadre = await startCadre(
      testConfig({
        JOBS_ENABLED: 'false',
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'https://cadre.centre.example',
        ORAL_ROOM_ICE_SERVERS: 'stun:stun.centre.example:3478',
      }),
      { clock, principal: launches.principal, roster: launches },
    );
    // Awa holds her interviews in Cadre's room; Ben keeps his own videoconference link.
    await seedStaff(cadre.storage, { email: 'awa@centre.example.org', name: 'Awa Diallo', password: 'assessor passphrase', availability: weekdayMornings });
    // Ben is free on Thursdays from 10:00 only: Léa's 9:00 goes to Awa, Tom's 10:00 to the less busy Ben.
    await seedStaff(cadre.storage, {
      email: 'ben@centre.example.org',
      name: 'Ben Roy',
      password: 'assessor passphrase',
      videoUrl: 'https://meet.example.org/ben',
      availability: { rules: [{ weekday: 4, startMinute: 600, endMinute: 720 }], exceptions: [] },
    });
    const book = async (cookie: string, startsAt: string) =>
      (await (await call(cookie, '/api/oral/bookings', 'POST', { startsAt })).json()).booking.id as string;
    leaBooking = await book(lea.cookie, '2026-03-05T08:00:00.000Z');
    tomBooking = await book(tom.cookie, '2026-03-05T09:00:00.000Z');
    expect((await cadre.storage.bookings.get(tomBooking))!.assessorId).toBe((await cadre.storage.staff.findByEmail('ben@centre.example.org'))!.id);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await cadre?.stop();
    await smtp?.close();
  });

  it('reminds the candidate with the link to the waiting room, or with the assessor’s own video link', async () => {
    clock.set('2026-03-04T09:00:00Z');
    await cadre.worker.drain();
    const mails = await smtp.waitFor(6);
    const reminders = mails.filter((m) => m.subject.startsWith('Rappel'));
    expect(reminders.find((m) => m.to === 'lea@example.org')!.text).toContain(
      `Salle d'attente : ouvrez votre certification depuis votre cours, puis « Salle d'attente de l'entretien oral » (ou ce lien si vous êtes déjà connecté) : https://cadre.centre.example/oral/room\n`,
    );
    expect(reminders.find((m) => m.to === 'tom@example.org')!.text).toContain('https://meet.example.org/ben');
  });

  it('lets in only the booked candidate and the booking’s assessor; the room opens 10 minutes before', async () => {
    clock.set('2026-03-05T07:45:00Z');
    awa = await staffLogin(cadre.url, 'awa@centre.example.org', 'assessor passphrase');
    ben = await staffLogin(cadre.url, 'ben@centre.example.org', 'assessor passphrase');
    const room = `/api/oral/rooms/${leaBooking}`;

    // Nobody signed in: 401 everywhere. Another candidate, an instructor of the course, another assessor: no such room.
    for (const path of [room, `${room}/events?peer=stranger-peer`])
      expect((await fetch(`${cadre.url}${path}`, { headers: { accept: 'application/json' } })).status).toBe(401);
    expect(
      (
        await fetch(`${cadre.url}${room}/signal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(offer('stranger-peer', 'someone-peer')),
        })
      ).status,
    ).toBe(401);
    for (const cookie of [tom.cookie, teacher.cookie, ben]) {
      expect((await call(cookie, room)).status).toBe(404);
      expect((await call(cookie, `${room}/events?peer=intruder-peer`)).status).toBe(404);
      expect((await call(cookie, `${room}/signal`, 'POST', offer('intruder-peer', 'someone-peer'))).status).toBe(404);
      expect((await call(cookie, `${room}/admit`, 'POST')).status).toBe(404);
    }
    expect((await call(ben, `/staff/oral-room/${leaBooking}`)).status).toBe(404);
    // Form posts cannot ride the candidate's cookie: JSON only.
    expect(
      (await fetch(`${cadre.url}${room}/signal`, { method: 'POST', headers: { cookie: lea.cookie, 'content-type': 'text/plain' }, body: '{}' })).status,
    ).toBe(415);

    // Before it opens: both see when it will; no stream yet.
    const early = await (await call(lea.cookie, room)).json();
    expect(early).toMatchObject({
      side: 'candidate',
      mode: 'built-in',
      availability: 'not-yet',
      opensAt: '2026-03-05T07:50:00.000Z',
      room: null,
      iceServers: [],
    });
    expect(early.guide).toBeUndefined();
    expect((await call(lea.cookie, `${room}/events?peer=lea-page-1`)).status).toBe(409);

    clock.set('2026-03-05T07:52:00Z');
    const candidateView = await (await call(lea.cookie, room)).json();
    expect(candidateView).toMatchObject({
      side: 'candidate',
      availability: 'open',
      room: { state: 'waiting' },
      iceServers: [{ urls: 'stun:stun.centre.example:3478' }],
    });
    const assessorView = await (await call(awa, room)).json();
    expect(assessorView).toMatchObject({ side: 'assessor', candidateName: 'Léa Martin', availability: 'open' });
    // The activity has no language of its own: the only bank is English, so are the prompts.
    expect(assessorView.guide.language).toBe('en');
    expect(assessorView.guide.parts.map((p: { id: string }) => p.id)).toEqual(['introduction', 'situation', 'discussion']);

    // Ben holds his interviews on his own link: the room says so and opens no stream.
    const external = await (await call(tom.cookie, `/api/oral/rooms/${tomBooking}`)).json();
    expect(external).toMatchObject({ mode: 'external', videoUrl: 'https://meet.example.org/ben' });
    expect((await call(tom.cookie, `/api/oral/rooms/${tomBooking}/events?peer=tom-page-1`)).status).toBe(409);
  });

  it('relays offers and answers between the two pages only once the candidate is let in, then records the ID check, the parts and the end', async () => {
    const room = `/api/oral/rooms/${leaBooking}`;
    const candidate = await stream(lea.cookie, leaBooking, 'lea-page-1');
    expect(candidate.status).toBe(200);
    expect(await candidate.next('state')).toMatchObject({ state: 'waiting' });
    const assessor = await stream(awa, leaBooking, 'awa-page-1');
    expect(await assessor.next('presence', (p) => p.candidate === 'lea-page-1' && p.assessor === 'awa-page-1')).toBeTruthy();
    await candidate.next('presence', (p) => p.assessor === 'awa-page-1');

    // In the waiting room nothing goes through, either way; the candidate cannot let themself in.
    expect((await call(awa, `${room}/signal`, 'POST', offer('awa-page-1', 'lea-page-1'))).status).toBe(409);
    expect((await call(lea.cookie, `${room}/admit`, 'POST')).status).toBe(403);
    expect((await call(awa, `${room}/id-check`, 'POST')).status).toBe(409);

    expect((await call(awa, `${room}/admit`, 'POST')).status).toBe(200);
    await candidate.next('state', (s) => s.state === 'admitted');
    expect((await call(awa, `${room}/admit`, 'POST')).status).toBe(409);
    expect((await call(awa, `${room}/signal`, 'POST', offer('awa-page-1', 'lea-page-1'))).status).toBe(204);
    const relayed = await candidate.next('signal');
    expect(relayed).toMatchObject(offer('awa-page-1', 'lea-page-1'));
    const answer = {
      from: 'lea-page-1',
      to: 'awa-page-1',
      signal: { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } },
    };
    expect((await call(lea.cookie, `${room}/signal`, 'POST', answer)).status).toBe(204);
    expect(await assessor.next('signal')).toMatchObject(answer);
    // A page never hears its own messages.
    expect(assessor.events.filter((e) => e.event === 'signal')).toHaveLength(1);
    expect(candidate.events.filter((e) => e.event === 'signal')).toHaveLength(1);

    clock.set('2026-03-05T08:01:00Z');
    expect((await call(awa, `${room}/id-check`, 'POST')).status).toBe(200);
    expect((await call(awa, `${room}/parts/2`, 'POST')).status).toBe(200);
    await candidate.next('state', (s) => s.state === 'part-2');
    expect((await call(lea.cookie, `${room}/parts/3`, 'POST')).status).toBe(403);
    expect((await call(awa, `${room}/parts/4`, 'POST')).status).toBe(400);

    // The candidate's page reloads: the assessor sees the new page in the presence.
    candidate.close();
    await assessor.next('presence', (p) => p.candidate === null);
    const reloaded = await stream(lea.cookie, leaBooking, 'lea-page-2');
    expect(await reloaded.next('state')).toMatchObject({ state: 'part-2', idCheckedAt: '2026-03-05T08:01:00.000Z' });
    await assessor.next('presence', (p) => p.candidate === 'lea-page-2');

    clock.set('2026-03-05T08:19:00Z');
    expect((await call(awa, `${room}/end`, 'POST')).status).toBe(200);
    await reloaded.next('state', (s) => s.state === 'ended');
    const awaId = (await cadre.storage.staff.findByEmail('awa@centre.example.org'))!.id;
    expect(await cadre.storage.oralRooms.get(leaBooking)).toMatchObject({
      state: 'ended',
      admittedAt: new Date('2026-03-05T07:52:00Z'),
      idCheckedBy: awaId,
      idCheckedAt: new Date('2026-03-05T08:01:00Z'),
      endedAt: new Date('2026-03-05T08:19:00Z'),
    });
    expect((await cadre.storage.audit.listForSubject('booking', leaBooking)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['oral-room.admitted', 'oral-room.id-checked', 'oral-room.ended']),
    );
    // Over: closed to both, and the assessor goes on to grade.
    expect(await (await call(lea.cookie, room)).json()).toMatchObject({ availability: 'closed', room: { state: 'ended' } });
    expect((await call(lea.cookie, `${room}/events?peer=lea-page-3`)).status).toBe(409);
    expect((await call(awa, `${room}/parts/1`, 'POST')).status).toBe(409);
  });

  it('serves the waiting room to the candidate from their course session, and tells anyone else to go through the course', async () => {
    const none = await fetch(`${cadre.url}/oral/room`, { headers: { accept: 'text/html' } });
    expect(none.status).toBe(401);
    expect(await none.text()).toContain('ouvrez votre certification depuis votre cours');
    const own = await (await call(lea.cookie, '/oral/room')).text();
    expect(own).toContain(`<cadre-oral-room-candidate lang="fr" booking="${leaBooking}"></cadre-oral-room-candidate>`);
    const page = await (await call(awa, `/staff/oral-room/${leaBooking}`)).text();
    expect(page).toContain(`<cadre-assessor-console lang="fr" interview="${leaBooking}">`);
    expect((await call(awa, `/api/oral/room`)).status).toBe(403);
    expect(await (await call(tom.cookie, '/api/oral/room')).json()).toMatchObject({ room: { bookingId: tomBooking, mode: 'external' } });
  });
});
