import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { testConfig } from '../support/config.js';
import { TestLaunches } from '../support/lti-principals.js';
import { seedStaff, staffLogin, weekdayMornings } from '../support/oral.js';

/**
 * validate(): a body schema means a JSON body (415 for a form, text or no content type), so a
 * cross-site form cannot reach a JSON API; routes an HTML form posts to declare it. And the
 * server pages escape what they show.
 */
describe('request bodies and server pages', () => {
  let cadre: RunningCadre;
  let admin: string;
  let assessor: string;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const launches = new TestLaunches();
  const lea = launches.launch({ userId: 'lea', role: 'candidate', name: 'Léa Martin' });
  const send = (path: string, init: { method?: string; cookie: string; type?: string; body?: string; accept?: string }) =>
    fetch(`${cadre.url}${path}`, {
      method: init.method ?? 'POST',
      redirect: 'manual',
      headers: { cookie: init.cookie, accept: init.accept ?? 'application/json', 'accept-language': 'en', ...(init.type ? { 'content-type': init.type } : {}) },
      body: init.body,
    });

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }), { clock, principal: launches.principal, roster: launches });
    await seedStaff(cadre.storage, { email: 'admin@centre.example.org', role: 'centre-admin', password: 'admin passphrase ok' });
    await seedStaff(cadre.storage, {
      email: 'awa@centre.example.org',
      name: '<script>alert("Awa")</script>',
      password: 'assessor passphrase',
      availability: weekdayMornings,
    });
    admin = await staffLogin(cadre.url, 'admin@centre.example.org', 'admin passphrase ok');
    assessor = await staffLogin(cadre.url, 'awa@centre.example.org', 'assessor passphrase');
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  it('takes JSON on a JSON route', async () => {
    const res = await send('/api/staff/me/availability', {
      method: 'PUT',
      cookie: assessor,
      type: 'application/json; charset=utf-8',
      body: JSON.stringify(weekdayMornings),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).rules).toHaveLength(5);
  });

  it('refuses a form, text or a body without content type on a JSON route with 415 and a clear error, and changes nothing', async () => {
    const before = await cadre.storage.availability.get((await cadre.storage.staff.findByEmail('awa@centre.example.org'))!.id);
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', undefined]) {
      const res = await send('/api/staff/me/availability', { method: 'PUT', cookie: assessor, type, body: 'rules=' });
      expect(res.status, String(type)).toBe(415);
      expect((await res.json()).error).toMatchObject({ id: 'error:json-required', message: 'This request must be sent as JSON.' });
    }
    expect(await cadre.storage.availability.get((await cadre.storage.staff.findByEmail('awa@centre.example.org'))!.id)).toEqual(before);
    // A forged booking from another site, riding the candidate's LTI cookie (SameSite=None), and a body-less confirm.
    expect(
      (await send('/api/oral/bookings', { cookie: lea.cookie, type: 'application/x-www-form-urlencoded', body: 'startsAt=2026-03-04T09:00:00.000Z' })).status,
    ).toBe(415);
    expect((await send('/api/oral/bookings/any/confirm', { cookie: lea.cookie, type: 'text/plain' })).status).toBe(415);
    expect(await cadre.storage.bookings.forCandidate('lea', 'act-1')).toEqual([]);
  });

  it('takes a form where the route says so, but no other kind of body', async () => {
    const policy = new URLSearchParams({
      name: 'Centre Lumière',
      contactEmail: '',
      timeZone: 'Europe/Paris',
      slotMinutes: '30',
      minNoticeHours: '24',
      maxDaysAhead: '28',
    }).toString();
    const saved = await send('/staff/admin/centre?lang=en', { cookie: admin, type: 'application/x-www-form-urlencoded', body: policy, accept: 'text/html' });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Rules saved.');
    expect((await cadre.storage.centres.get('default'))?.name).toBe('Centre Lumière');
    const text = await send('/staff/admin/centre', { cookie: admin, type: 'text/plain', body: policy });
    expect(text.status).toBe(415);
    expect((await text.json()).error).toMatchObject({ id: 'error:form-or-json-required', message: 'This request must be sent as JSON or from a form.' });
  });

  it('shows a staff name with markup as text on the admin page, and deactivates that account from it', async () => {
    const page = await (await send('/staff/admin?lang=en', { method: 'GET', cookie: admin, accept: 'text/html' })).text();
    expect(page).toContain('<td>&lt;script&gt;alert(&quot;Awa&quot;)&lt;/script&gt;</td>');
    expect(page).not.toContain('<script>alert');
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);

    const awa = (await cadre.storage.staff.findByEmail('awa@centre.example.org'))!;
    expect(page).toContain(`action="/staff/admin/staff/${awa.id}/deactivate?lang=en"`);
    const done = await send(`/staff/admin/staff/${awa.id}/deactivate?lang=en`, {
      cookie: admin,
      type: 'application/x-www-form-urlencoded',
      body: '',
      accept: 'text/html',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('The account of awa@centre.example.org is deactivated');
    // Her session ended with it.
    expect((await send('/api/staff/agenda', { method: 'GET', cookie: assessor })).status).toBe(401);
  });
});
