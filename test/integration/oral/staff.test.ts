import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { FORGOT_LIMIT, LOGIN_LIMIT } from '../../../server/domain/staff/accounts-service.js';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { testConfig } from '../../support/config.js';
import { TestLaunches } from '../../support/lti-principals.js';
import { seedStaff, staffLogin, weekdayMornings } from '../../support/oral.js';
import { startSmtpServer } from '../../support/smtp.js';

describe('staff accounts over HTTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let cadre: RunningCadre;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const launches = new TestLaunches();
  const form = (path: string, fields: Record<string, string>, cookie = '') =>
    fetch(`${cadre.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams(fields).toString(),
    });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    cadre = await startCadre(testConfig({ SMTP_URL: smtp.url, JOBS_ENABLED: 'false', PUBLIC_URL: 'https://cadre.example.org' }), {
      clock,
      principal: launches.principal,
      roster: launches,
    });
    await seedStaff(cadre.storage, { email: 'admin@centre.example.org', name: 'Claire Admin', role: 'centre-admin', password: 'correct horse battery' });
  });
  afterAll(async () => {
    await cadre?.stop();
    await smtp?.close();
  });

  it('logs in with a session cookie that is httpOnly, SameSite=Lax and Secure over https', async () => {
    const res = await form('/staff/login', { email: 'ADMIN@centre.example.org', password: 'correct horse battery' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cadre_staff=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Secure');
    const session = cookie.split(';')[0]!;
    const home = await fetch(`${cadre.url}/staff`, { redirect: 'manual', headers: { cookie: session } });
    expect(home.headers.get('location')).toBe('/staff/admin');
    // Only the hash of the token is stored.
    const rows = await cadre.storage.db.selectFrom('staff_sessions').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(session.split('=')[1]);
    // Logging out ends the session.
    await form('/staff/logout', {}, session);
    expect((await fetch(`${cadre.url}/api/staff/me/availability`, { headers: { cookie: session, accept: 'application/json' } })).status).toBe(401);
  });

  it('limits failed logins per e-mail address from one address and answers 429 after that, even with the right password', async () => {
    await seedStaff(cadre.storage, { email: 'target@centre.example.org', role: 'assessor', password: 'the right password' });
    for (let i = 0; i < LOGIN_LIMIT.perEmailAndIp; i++)
      expect((await form('/staff/login', { email: 'target@centre.example.org', password: `guess ${i}` })).status).toBe(401);
    const blocked = await form('/staff/login', { email: 'target@centre.example.org', password: 'the right password' });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('Trop de tentatives');
    clock.advance(LOGIN_LIMIT.windowMs + 1000);
    expect((await form('/staff/login', { email: 'target@centre.example.org', password: 'the right password' })).status).toBe(303);
  });

  it('lets a centre admin create an assessor, who sets a password once from the e-mailed link and logs in', async () => {
    const admin = await staffLogin(cadre.url, 'admin@centre.example.org', 'correct horse battery');
    const created = await form(
      '/staff/admin/staff?lang=en',
      { name: 'Awa Diallo', email: 'awa@centre.example.org', role: 'assessor', timeZone: 'Europe/Paris', videoUrl: 'https://meet.example.org/awa' },
      admin,
    );
    expect(created.status).toBe(201);
    expect(await created.text()).toContain('the link to choose a password was sent to awa@centre.example.org');
    const mail = (await smtp.waitFor(1)).find((m) => m.to === 'awa@centre.example.org')!;
    const link = mail.text.match(/https:\/\/cadre\.example\.org(\/staff\/set-password\?token=[\w-]+)/)![1]!;
    expect(
      (await form('/staff/admin/staff', { name: 'Again', email: 'awa@centre.example.org', role: 'assessor', timeZone: 'Europe/Paris' }, admin)).status,
    ).toBe(409);

    expect((await fetch(`${cadre.url}${link}`)).status).toBe(200);
    const token = new URL(link, cadre.url).searchParams.get('token')!;
    expect((await form('/staff/set-password', { token, password: 'short' })).status).toBe(400);
    expect((await form('/staff/set-password', { token, password: 'a long enough passphrase' })).status).toBe(200);
    expect((await form('/staff/set-password', { token, password: 'someone else tries again' })).status).toBe(410);
    expect((await fetch(`${cadre.url}${link}`)).status).toBe(410);
    const session = await staffLogin(cadre.url, 'awa@centre.example.org', 'a long enough passphrase');
    const put = await fetch(`${cadre.url}/api/staff/me/availability`, {
      method: 'PUT',
      headers: { cookie: session, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(weekdayMornings),
    });
    expect(put.status).toBe(200);
    expect((await put.json()).rules).toHaveLength(5);
  });

  it('lets the centre admin set the booking rules that candidates then see', async () => {
    const admin = await staffLogin(cadre.url, 'admin@centre.example.org', 'correct horse battery');
    const page = await fetch(`${cadre.url}/staff/admin`, { headers: { cookie: admin } });
    expect(await page.text()).toContain('name="slotMinutes" type="number" min="15" max="120" value="30"');
    const saved = await form(
      '/staff/admin/centre',
      { name: 'Centre Lyon', contactEmail: 'oral@lyon.example.org', timeZone: 'Europe/Paris', slotMinutes: '45', minNoticeHours: '48', maxDaysAhead: '14' },
      admin,
    );
    expect(saved.status).toBe(200);
    expect(await cadre.storage.centres.get('default')).toMatchObject({
      name: 'Centre Lyon',
      contactEmail: 'oral@lyon.example.org',
      slotMinutes: 45,
      minNoticeMinutes: 2880,
      maxDaysAhead: 14,
    });
    const candidate = launches.launch({ userId: 'cand', role: 'candidate' });
    const calendar = await (await fetch(`${cadre.url}/api/oral/calendar`, { headers: { accept: 'application/json', cookie: candidate.cookie } })).json();
    const now = clock.now().getTime();
    expect(calendar.slots.length).toBeGreaterThan(0);
    for (const slot of calendar.slots) {
      expect(Date.parse(slot.startsAt) - now).toBeGreaterThanOrEqual(48 * 3_600_000);
      expect(Date.parse(slot.startsAt) - now).toBeLessThan(14 * 86_400_000);
      expect(Date.parse(slot.endsAt) - Date.parse(slot.startsAt)).toBe(45 * 60_000);
    }
  });

  it('expires the set-password link after 72 hours', async () => {
    const admin = await staffLogin(cadre.url, 'admin@centre.example.org', 'correct horse battery');
    await form('/staff/admin/staff', { name: 'Late', email: 'late@centre.example.org', role: 'reviewer', timeZone: 'Europe/Paris' }, admin);
    const mail = (await smtp.waitFor(2)).find((m) => m.to === 'late@centre.example.org')!;
    const token = mail.text.match(/token=([\w-]+)/)![1]!;
    clock.advance(72 * 3_600_000 + 1000);
    expect((await form('/staff/set-password', { token, password: 'a long enough passphrase' })).status).toBe(410);
  });

  it('"mot de passe oublié": the same answer for any address, a set-password link for an account, sessions closed only when it is used', async () => {
    await seedStaff(cadre.storage, { email: 'forgetful@centre.example.org', name: 'Farid Oubli', role: 'reviewer', password: 'the old passphrase' });
    const session = await staffLogin(cadre.url, 'forgetful@centre.example.org', 'the old passphrase');
    const login = await (await fetch(`${cadre.url}/staff/login`)).text();
    expect(login).toContain('<a href="/staff/forgot-password?lang=fr">Mot de passe oublié ?</a>');
    const before = smtp.mails.length;
    const known = await form('/staff/forgot-password', { email: 'forgetful@centre.example.org' });
    const unknown = await form('/staff/forgot-password', { email: 'nobody@centre.example.org' });
    expect([known.status, unknown.status]).toEqual([200, 200]);
    const [knownPage, unknownPage] = [await known.text(), await unknown.text()];
    expect(knownPage).toContain('Si un compte existe pour cette adresse');
    expect(knownPage).toBe(unknownPage);
    const mails = await smtp.waitFor(before + 1);
    await new Promise((r) => setTimeout(r, 300)); // nothing else arrives for the unknown address
    expect(smtp.mails.slice(before).map((m) => m.to)).toEqual(['forgetful@centre.example.org']);
    // Asking is not enough to end the sessions: anyone can ask.
    expect((await fetch(`${cadre.url}/staff/review`, { redirect: 'manual', headers: { cookie: session } })).status).toBe(200);
    const token = mails.at(-1)!.text.match(/https:\/\/cadre\.example\.org\/staff\/set-password\?token=([\w-]+)/)![1]!;
    expect((await form('/staff/set-password', { token, password: 'a brand new passphrase' })).status).toBe(200);
    expect((await fetch(`${cadre.url}/staff/review`, { redirect: 'manual', headers: { cookie: session } })).status).toBe(303);
    await staffLogin(cadre.url, 'forgetful@centre.example.org', 'a brand new passphrase');
    // Past FORGOT_LIMIT requests for one address in the window: the same answer, no more mail.
    for (let i = 0; i < FORGOT_LIMIT.perEmail; i++) await form('/staff/forgot-password', { email: 'forgetful@centre.example.org' });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mails.slice(before).filter((m) => m.to === 'forgetful@centre.example.org')).toHaveLength(FORGOT_LIMIT.perEmail);
  });

  it('keeps staff pages and APIs from anyone else: candidates, assessors on admin pages', async () => {
    expect((await fetch(`${cadre.url}/staff/console`, { redirect: 'manual' })).headers.get('location')).toBe('/staff/login');
    expect(
      (
        await fetch(`${cadre.url}/api/staff/agenda`, {
          headers: { accept: 'application/json', cookie: launches.launch({ userId: 'c', role: 'candidate' }).cookie },
        })
      ).status,
    ).toBe(403);
    const assessor = await staffLogin(cadre.url, 'awa@centre.example.org', 'a long enough passphrase');
    expect((await fetch(`${cadre.url}/staff/admin`, { headers: { cookie: assessor, accept: 'application/json' } })).status).toBe(403);
  });
});
