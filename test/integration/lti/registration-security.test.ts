import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRATION_ATTEMPTS } from '../../../lti/index.js';
import { issueRegistrationUrl } from '../../../lti/registration.js';
import { ManualClock } from '../../../server/clock.js';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { testConfig } from '../../support/config.js';
import { Agent } from '../../support/lti/agent.js';
import { startWorld, type World } from '../../support/lti/cadre.js';
import { seedStaff, staffLogin } from '../../support/oral.js';

/** A server on 127.0.0.1 that counts the requests it gets (what Cadre was made to fetch). */
async function countingServer(answer: (res: http.ServerResponse) => void) {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Dynamic registration (issue 16, item 2): only with a Tool URL a Cadre admin issued (single use,
 * expiring), never to a non-public address unless configured, rate-limited, one answer for every failure.
 */
describe('LTI dynamic registration, attacked', () => {
  let world: World;
  let strict: RunningCadre;
  let json: Awaited<ReturnType<typeof countingServer>>;
  let text: Awaited<ReturnType<typeof countingServer>>;
  const clock = new ManualClock(new Date());
  let strictAttempts = 0;

  const register = async (cadre: { url: string }, query: Record<string, string>) => {
    const res = await fetch(`${cadre.url}/lti/register?${new URLSearchParams(query).toString()}`, {
      headers: { accept: 'application/json', 'accept-language': 'en' },
    });
    if (cadre === strict) strictAttempts++;
    return { status: res.status, error: ((await res.json()) as { error: { id: string; message: string } }).error };
  };

  beforeAll(async () => {
    world = await startWorld({ clock });
    strict = await startCadre(testConfig({ JOBS_ENABLED: 'false', DEMO: 'false', LTI_REGISTRATION_PRIVATE_ADDRESSES: 'false' }));
    json = await countingServer((res) => res.setHeader('content-type', 'application/json').end('{"issuer":"x"}'));
    text = await countingServer((res) => res.end('<html>intranet page</html>'));
  });
  afterAll(async () => {
    await world?.close();
    await strict?.stop();
    await json?.close();
    await text?.close();
  });

  it('fetches nothing and registers nothing without a registration URL issued by a Cadre admin', async () => {
    const target = `http://127.0.0.1:${json.port}/.well-known/openid-configuration`;
    for (const token of [undefined, 'made-up-token-made-up-token-made-up-token-1']) {
      const answer = await register(world.cadre, { openid_configuration: target, ...(token ? { token } : {}) });
      expect(answer.status).toBe(400);
      expect(answer.error).toMatchObject({ id: 'lti:registration-failed', message: expect.stringContaining('Cadre could not be registered') });
    }
    expect(json.hits()).toBe(0);
    expect(await world.cadre.lti.platforms.list()).toEqual([]);
  });

  it('registers once with an issued Tool URL, which cannot be used a second time', async () => {
    const { url } = await issueRegistrationUrl(world.cadre.storage.oneTimeTokens, clock.now(), { publicUrl: world.cadre.url, issuedBy: 'admin' });
    expect(url).toMatch(/\/lti\/register\?token=[\w-]{43}$/);
    const first = await new Agent().follow(world.lms.emulator.startDynamicRegistration(url));
    expect(first.status).toBe(200);
    expect(first.body).toContain('org.imsglobal.lti.close');
    const again = await new Agent().follow(world.lms.emulator.startDynamicRegistration(url), { headers: { accept: 'application/json' } });
    expect(again.status).toBe(400);
    expect(await world.cadre.lti.platforms.list()).toHaveLength(1);
  });

  it('lets a signed-in centre admin issue a Tool URL from /admin/lti, and nobody else', async () => {
    await seedStaff(world.cadre.storage, { email: 'admin@centre.example.org', role: 'centre-admin', password: 'admin passphrase ok' });
    await seedStaff(world.cadre.storage, { email: 'awa@centre.example.org', role: 'assessor', password: 'assessor passphrase' });
    const issue = (cookie: string) =>
      fetch(`${world.cadre.url}/admin/lti/registration-url`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'accept-language': 'en' },
        body: '',
      });
    expect((await issue('')).status).toBe(401);
    expect((await issue(await staffLogin(world.cadre.url, 'awa@centre.example.org', 'assessor passphrase'))).status).toBe(403);
    const admin = await staffLogin(world.cadre.url, 'admin@centre.example.org', 'admin passphrase ok');
    expect(await (await fetch(`${world.cadre.url}/admin/lti`, { headers: { cookie: admin, 'accept-language': 'en' } })).text()).toContain(
      'Issue a registration URL',
    );
    const page = await issue(admin);
    expect(page.status).toBe(200);
    const url = (await page.text()).match(/<code>(http[^<]+\/lti\/register\?token=[\w-]{43})<\/code>/)![1]!;
    const registered = await new Agent().follow(world.lms.emulator.startDynamicRegistration(url));
    expect(registered.status).toBe(200);
    expect(await world.cadre.lti.platforms.list()).toHaveLength(2);
  });

  it('refuses an issued Tool URL after it expired', async () => {
    const { url } = await issueRegistrationUrl(world.cadre.storage.oneTimeTokens, clock.now(), { publicUrl: world.cadre.url, issuedBy: 'admin', days: 1 });
    clock.advance(86_400_000 + 1000);
    const late = await new Agent().follow(world.lms.emulator.startDynamicRegistration(url), { headers: { accept: 'application/json' } });
    expect(late.status).toBe(400);
    expect(await world.cadre.lti.platforms.list()).toHaveLength(2);
  });

  it('never reaches a loopback, private or link-local address when they are not allowed, and answers every failure alike', async () => {
    const answers = [];
    for (const target of [
      `http://127.0.0.1:${json.port}/.well-known/openid-configuration`,
      `http://localhost:${json.port}/.well-known/openid-configuration`,
      `http://[::1]:${json.port}/x`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/x',
      `http://127.0.0.1:${text.port}/`,
    ]) {
      const { url } = await issueRegistrationUrl(strict.storage.oneTimeTokens, new Date(), { publicUrl: strict.url, issuedBy: 'admin' });
      answers.push(await register(strict, { token: new URL(url).searchParams.get('token')!, openid_configuration: target }));
    }
    expect(json.hits()).toBe(0);
    expect(text.hits()).toBe(0);
    // Same status and message whatever was (or was not) found at the address: no oracle.
    expect(new Set(answers.map((a) => `${a.status} ${a.error.id} ${a.error.message}`)).size).toBe(1);
    expect(answers[0]!.status).toBe(400);
    expect(await strict.lti.platforms.list()).toEqual([]);
  });

  it('limits attempts per client address', async () => {
    let last;
    while (strictAttempts < REGISTRATION_ATTEMPTS.perAddress) {
      last = await register(strict, { openid_configuration: 'https://lms.example.org/oidc' });
      expect(last.status).toBe(400);
    }
    last = await register(strict, { openid_configuration: 'https://lms.example.org/oidc' });
    expect(last.status).toBe(429);
    expect(last.error.id).toBe('lti:registration-failed');
  });
});
