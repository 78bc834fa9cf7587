import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { testConfig } from '../support/config.js';
import { seedStaff, staffLogin } from '../support/oral.js';

// Issue 17: reviewers had no page (they landed on the assessors' console: 403), and the queue named
// sittings by an opaque id.
describe('the reviewers’ page: landing after login, the queue with names', () => {
  let cadre: RunningCadre;
  const password = 'correct horse battery';

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }));
    for (const role of ['assessor', 'reviewer', 'centre-admin'] as const) await seedStaff(cadre.storage, { email: `${role}@centre.example`, role, password });
    const now = new Date();
    const userId = await cadre.storage.users.save({ issuer: 'https://lms.example', subject: 'u-1', name: 'Léa Martin' }, now);
    const sitting = await cadre.proctoring.registerSitting('sit-1', userId);
    await cadre.proctoring.reportEvents(sitting, [
      { clientId: 'evt-00000001', type: 'face.none', startedAt: new Date(now.getTime() - 120_000), endedAt: new Date(now.getTime() - 60_000), details: {} },
    ]);
    await cadre.proctoring.finish('sit-1');
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  const landing = async (role: string) => {
    const cookie = await staffLogin(cadre.url, `${role}@centre.example`, password);
    const res = await fetch(`${cadre.url}/staff`, { headers: { cookie }, redirect: 'manual' });
    return { cookie, location: res.headers.get('location') };
  };

  it('sends each role to its own page after login: reviewers to /staff/review', async () => {
    expect((await landing('reviewer')).location).toBe('/staff/review');
    expect((await landing('assessor')).location).toBe('/staff/console');
    expect((await landing('centre-admin')).location).toBe('/staff/admin');
  });

  it('serves the review queue to reviewers and centre admins (who find it linked from their page), not to assessors', async () => {
    const { cookie } = await landing('reviewer');
    const page = await fetch(`${cadre.url}/staff/review`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('<h1>Relecture des sessions surveillées</h1>');
    expect(body).toContain('<cadre-review-queue');

    const admin = (await landing('centre-admin')).cookie;
    expect((await fetch(`${cadre.url}/staff/review`, { headers: { cookie: admin } })).status).toBe(200);
    expect(await (await fetch(`${cadre.url}/staff/admin`, { headers: { cookie: admin } })).text()).toContain('href="/staff/review?lang=fr"');

    const assessor = (await landing('assessor')).cookie;
    expect((await fetch(`${cadre.url}/staff/review`, { headers: { cookie: assessor, accept: 'application/json' } })).status).toBe(403);
    expect((await fetch(`${cadre.url}/staff/review`, { redirect: 'manual' })).headers.get('location')).toBe('/staff/login');
  });

  it('names the candidate in the queue and on the sitting, not only its id', async () => {
    const { cookie } = await landing('reviewer');
    const queue = (await (await fetch(`${cadre.url}/api/review/queue`, { headers: { cookie } })).json()) as { sittings: Record<string, unknown>[] };
    // The sitting had no identity photo and no heartbeat: the server's own evidence events are high.
    expect(queue.sittings).toEqual([expect.objectContaining({ sittingId: 'sit-1', candidateName: 'Léa Martin', activityTitle: null, maxSeverity: 'high' })]);
    expect(queue.sittings[0]!.finishedAt).toEqual(expect.any(String));
    const review = (await (await fetch(`${cadre.url}/api/review/sittings/sit-1`, { headers: { cookie } })).json()) as { names: unknown };
    expect(review.names).toEqual({ candidateName: 'Léa Martin', activityTitle: null });
  });
});
