import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { CROSS_SITE_WRITES, STATE_CHANGING_METHODS } from '../../server/http/same-origin-writes.js';
import { testConfig } from '../support/config.js';
import { seedStaff, staffLogin } from '../support/oral.js';
import { listRoutes } from '../support/routes.js';

/**
 * CSRF (issue 16, item 3): every state-changing route refuses a write made by another site's page,
 * whatever cookie rides along; Cadre's own pages still write. The routes are read from the
 * application's router, so a route added later is checked without being listed here.
 */
describe('writes from another site', () => {
  let cadre: RunningCadre;
  const publicOrigin = 'https://cadre.example.org';
  let admin: string;

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false', DEMO: 'true', PUBLIC_URL: publicOrigin }));
    await seedStaff(cadre.storage, { email: 'admin@centre.example.org', role: 'centre-admin', password: 'admin passphrase ok' });
    admin = await staffLogin(cadre.url, 'admin@centre.example.org', 'admin passphrase ok');
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  const writes = () =>
    listRoutes(cadre.app)
      .map((r) => ({ method: r.method === '_ALL' ? 'POST' : r.method, path: r.path.replace(/:(\w+)/g, 'x-$1') }))
      .filter((r) => STATE_CHANGING_METHODS.includes(r.method));

  const forged = (method: string, path: string, headers: Record<string, string>) =>
    fetch(`${cadre.url}${path}`, {
      method,
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'accept-language': 'en', cookie: admin, ...headers },
      body: 'email=attacker%40evil.example&role=centre-admin&name=Mallory',
    });

  it('lists the routes of every feature, the LTI and demo routers included, and no application it cannot enter', () => {
    const routes = listRoutes(cadre.app);
    expect(routes.filter((r) => r.method === 'USE')).toEqual([]);
    const paths = new Set(writes().map((r) => `${r.method} ${r.path}`));
    for (const expected of [
      'POST /staff/admin/staff',
      'POST /staff/admin/centre',
      'POST /api/certificates/x-id/revoke',
      'POST /api/review/sittings/x-sittingId/decision',
      'POST /api/review/sittings/x-sittingId/accommodation',
      'POST /lti/deep-linking',
      'POST /demo/deep-link-return',
    ])
      expect(paths).toContain(expected);
    expect(paths.size).toBeGreaterThan(40);
  });

  it('refuses a cross-site form post on every state-changing route with 403 error:cross-site-request', async () => {
    const exempt = new Set(CROSS_SITE_WRITES.map((w) => w.path));
    const refused: string[] = [];
    for (const { method, path } of writes()) {
      if (exempt.has(path)) continue;
      const res = await forged(method, path, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
      const body = (await res.json().catch(() => ({}))) as { error?: { id?: string; message?: string } };
      if (res.status === 403 && body.error?.id === 'error:cross-site-request') refused.push(`${method} ${path}`);
      else expect.fail(`${method} ${path} answered ${res.status} ${JSON.stringify(body)}`);
    }
    expect(refused.length).toBe(writes().filter((r) => !exempt.has(r.path)).length);
    // Nothing was created by the forged admin form.
    expect(await cadre.storage.staff.findByEmail('attacker@evil.example')).toBeUndefined();
  });

  it('refuses a same-site page, a Referer from another site, and an opaque (null) origin', async () => {
    const pages: Record<string, string>[] = [
      { origin: 'https://other.example.org', 'sec-fetch-site': 'same-site' },
      { referer: 'https://evil.example/page.html' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of pages) {
      const res = await forged('POST', '/staff/admin/staff', headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: { id: string; message: string } }).error).toMatchObject({
        id: 'error:cross-site-request',
        message: expect.stringContaining('another site'),
      });
    }
    expect(await cadre.storage.staff.findByEmail('attacker@evil.example')).toBeUndefined();
  });

  it("exempts only the LMS's own cross-site posts, each with its reason", async () => {
    expect(CROSS_SITE_WRITES.map((w) => w.path)).toEqual(['/lti/login', '/lti/launch', '/scorm/launch']);
    for (const w of CROSS_SITE_WRITES) expect(w.reason.length).toBeGreaterThan(20);
    // The LMS's form_post reaches the launch guard, which refuses it for its own reasons (no state).
    const launch = await forged('POST', '/lti/launch', { origin: 'https://lms.example.org', 'sec-fetch-site': 'cross-site' });
    expect(launch.status).not.toBe(403);
  });

  it("lets Cadre's own pages write: a form and a JSON call from the public origin, and a client that names no page", async () => {
    const fromCadre = { origin: publicOrigin, 'sec-fetch-site': 'same-origin' };
    const created = await fetch(`${cadre.url}/staff/admin/staff`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin, ...fromCadre },
      body: new URLSearchParams({ name: 'Awa Diallo', email: 'awa@centre.example.org', role: 'assessor', timeZone: 'Europe/Paris' }).toString(),
    });
    expect(created.status).toBe(201);
    const json = await fetch(`${cadre.url}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...fromCadre },
      body: JSON.stringify({ credential: 'not-a-credential' }),
    });
    // It reaches the route, which looks the credential up.
    expect(json.status).toBe(404);
    // Outside production, the address the request was sent to counts as Cadre's (127.0.0.1 here).
    const local = await fetch(`${cadre.url}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin: cadre.url, referer: `${cadre.url}/verify` },
      body: JSON.stringify({ credential: 'not-a-credential' }),
    });
    expect(local.status).toBe(404);
    const noPage = await fetch(`${cadre.url}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ credential: 'not-a-credential' }),
    });
    expect(noPage.status).toBe(404);
    // A form posted from a no-referrer page of Cadre: Chromium sends `Origin: null` and says same-origin.
    const hiddenOrigin = await fetch(`${cadre.url}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin: 'null', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ credential: 'not-a-credential' }),
    });
    expect(hiddenOrigin.status).toBe(404);
  });

  it('sends referrers to its own pages only, so that a same-origin form names its origin', async () => {
    const res = await fetch(`${cadre.url}/staff/login`);
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });
});
