import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { testConfig } from '../../support/config.js';
import { TestLaunches } from '../../support/lti-principals.js';
import { seedStaff, staffLogin, weekdayMornings } from '../../support/oral.js';

describe('assessor console API: agenda, grading, no-show and incident', () => {
  let cadre: RunningCadre;
  let assessor: string;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const launches = new TestLaunches();
  const lea = launches.launch({ userId: 'lea', role: 'candidate', name: 'Léa Martin' });
  const call = (cookie: string, path: string, method = 'GET', body?: unknown) =>
    fetch(`${cadre.url}${path}`, {
      method,
      headers: { cookie, accept: 'application/json', 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }), { clock, principal: launches.principal, roster: launches });
    await seedStaff(cadre.storage, {
      email: 'awa@centre.example.org',
      password: 'assessor passphrase',
      videoUrl: 'https://meet.example.org/awa',
      availability: weekdayMornings,
    });
    assessor = await staffLogin(cadre.url, 'awa@centre.example.org', 'assessor passphrase');
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  it('shows the day’s interviews; a no-show frees the candidate to book again; grading gives the oral level', async () => {
    const first = (await (await call(lea.cookie, '/api/oral/bookings', 'POST', { startsAt: '2026-03-03T09:00:00.000Z' })).json()).booking;
    const agenda = await (await call(assessor, '/api/staff/agenda?date=2026-03-03')).json();
    expect(agenda).toMatchObject({ date: '2026-03-03', timeZone: 'Europe/Paris', videoUrl: 'https://meet.example.org/awa' });
    expect(agenda.interviews).toEqual([
      expect.objectContaining({ id: first.id, candidateName: 'Léa Martin', startsAt: '2026-03-03T09:00:00.000Z', status: 'booked', assessment: null }),
    ]);
    const detail = await (await call(assessor, `/api/staff/interviews/${first.id}`)).json();
    expect(detail.guide.map((p: { id: string }) => p.id)).toEqual(['introduction', 'situation', 'discussion']);
    // The prompts are in the test's language (this activity has no language of its own: the English bank), not the assessor's French.
    expect(detail.guideLanguage).toBe('en');
    expect(detail.guide[1].prompts.B1[0]).toContain('IT department');

    clock.set('2026-03-03T09:10:00Z');
    // The next morning: yesterday's 12-hour session has expired.
    expect((await call(assessor, '/api/staff/agenda')).status).toBe(401);
    assessor = await staffLogin(cadre.url, 'awa@centre.example.org', 'assessor passphrase');
    expect((await call(assessor, `/api/staff/interviews/${first.id}/assessment`, 'PUT', { outcome: 'no-show', comments: 'did not connect' })).status).toBe(200);
    expect((await (await call(lea.cookie, '/api/oral/state')).json()).booking).toBeNull();
    const second = (await (await call(lea.cookie, '/api/oral/bookings', 'POST', { startsAt: '2026-03-05T09:00:00.000Z' })).json()).booking;
    expect(second.id).not.toBe(first.id);

    const incomplete = await call(assessor, `/api/staff/interviews/${second.id}/assessment`, 'PUT', { outcome: 'graded', criteria: { vocabulary: 'B2' } });
    expect(incomplete.status).toBe(400);
    const criteria = { vocabulary: 'B2', grammar: 'B1', fluency: 'B2', pronunciation: 'C1', interaction: 'B2' };
    // Grading opens at the interview's start time (issue 16): two days early, refused with the time it opens.
    const early = await call(assessor, `/api/staff/interviews/${second.id}/assessment`, 'PUT', { outcome: 'graded', criteria, comments: '' });
    expect(early.status).toBe(409);
    expect((await early.json()).error).toMatchObject({ id: 'oral:grading-not-open', message: expect.stringContaining('5 mars 2026') });
    expect((await call(assessor, `/api/staff/interviews/${second.id}/assessment`, 'PUT', { outcome: 'no-show', comments: '' })).status).toBe(409);
    expect((await cadre.storage.bookings.get(second.id))?.status).toBe('booked');
    clock.set('2026-03-05T09:00:00Z');
    assessor = await staffLogin(cadre.url, 'awa@centre.example.org', 'assessor passphrase');
    const graded = await call(assessor, `/api/staff/interviews/${second.id}/assessment`, 'PUT', { outcome: 'graded', criteria, comments: 'Clear and fluent.' });
    expect(await graded.json()).toEqual({ assessment: { outcome: 'graded', criteria, level: 'B2', comments: 'Clear and fluent.' } });
    // A graded interview can be corrected; its reminder is gone.
    const corrected = await call(assessor, `/api/staff/interviews/${second.id}/assessment`, 'PUT', {
      outcome: 'graded',
      criteria: { ...criteria, grammar: 'A2' },
      comments: '',
    });
    expect((await corrected.json()).assessment.level).toBe('B1');
    expect((await cadre.storage.jobs.findByIdempotencyKey(`booking:${second.id}:reminder:0`))?.status).toBe('failed');
    expect((await cadre.storage.bookings.get(second.id))?.status).toBe('completed');
  });

  it('hides other assessors’ interviews', async () => {
    await seedStaff(cadre.storage, { email: 'other@centre.example.org', password: 'other passphrase!' });
    const other = await staffLogin(cadre.url, 'other@centre.example.org', 'other passphrase!');
    const booking = (await cadre.storage.bookings.forCandidate('lea', 'act-1'))[0]!;
    expect((await call(other, `/api/staff/interviews/${booking.id}`)).status).toBe(404);
  });
});
