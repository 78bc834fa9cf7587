import { SignJWT, UnsecuredJWT, decodeJwt, generateKeyPair, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM } from '../../../lti/claims.js';
import { Agent, type Page } from '../../support/lti/agent.js';
import { loginOnly, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

// Every malformed or forged launch: a clear error page, 400 or 401, no internal detail, no session.
describe('LTI launch refusals', () => {
  let world: World;
  let clientId: string;

  beforeAll(async () => {
    world = await startWorld();
    clientId = (await registerDynamically(world)).tool.clientId;
  });
  afterAll(async () => {
    await world?.close();
  });

  const sessions = async () =>
    Number(
      (
        await world.cadre.storage.db
          .selectFrom('lti_sessions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** A real login in a fresh browser; returns what is needed to post a (possibly forged) token. */
  async function login(userId = 'learner-2') {
    const agent = new Agent();
    const got = await loginOnly(world, agent, { clientId, userId, contextId: 'course-101', resourceLinkId: 'rl-bad' });
    return { agent, ...got, claims: decodeJwt(got.idToken) };
  }

  const post = (agent: Agent, action: string, fields: Record<string, string>) =>
    agent.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams(fields).toString(),
    });

  async function expectRefused(page: Page, status: 400 | 401, before: number) {
    expect(page.status).toBe(status);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('role="alert"');
    expect(page.body).not.toMatch(/\bat \S+ \(|Error:|SQLITE|select |stack|jwt|JWS|nonce/i);
    expect(page.headers.getSetCookie().some((c) => c.startsWith('cadre_lti=') || c.startsWith('lti'))).toBe(false);
    expect(await sessions()).toBe(before);
  }

  async function forged(change: (claims: JWTPayload) => JWTPayload, status: 400 | 401) {
    const l = await login();
    const before = await sessions();
    const token = await world.lms.emulator.signIdToken(change({ ...l.claims }));
    await expectRefused(await post(l.agent, l.action, { id_token: token, state: l.state }), status, before);
  }

  const now = () => Math.floor(Date.now() / 1000);

  it('accepts the untouched launch (the baseline the forgeries start from)', async () => {
    const l = await login();
    const before = await sessions();
    const page = await post(l.agent, l.action, { id_token: l.idToken, state: l.state });
    expect(page.status).toBe(303);
    expect(await sessions()).toBe(before + 1);
    // The login's state cookie is spent: cleared.
    expect([...l.agent.cookies.keys()].filter((name) => name.startsWith('cadre_state_'))).toEqual([]);
  });

  it('accepts short context role names (LTI core allows `Learner` for its URI): a candidate session', async () => {
    const l = await login();
    const before = await sessions();
    const token = await world.lms.emulator.signIdToken({ ...l.claims, [CLAIM.roles]: ['Learner'] });
    const page = await post(l.agent, l.action, { id_token: token, state: l.state });
    expect(page.status).toBe(303);
    expect(new URL(page.headers.get('location')!, world.cadre.url).pathname).toBe('/lti/home');
    expect(await sessions()).toBe(before + 1);
  });

  it('refuses a bad signature', async () => {
    const l = await login();
    const before = await sessions();
    const { privateKey } = await generateKeyPair('RS256');
    const token = await world.lms.emulator.signIdToken(l.claims, { key: privateKey });
    await expectRefused(await post(l.agent, l.action, { id_token: token, state: l.state }), 401, before);
  });

  it('refuses an unknown issuer', () => forged((c) => ({ ...c, iss: 'https://evil.example.org' }), 401));
  it('refuses an unknown client_id', () => forged((c) => ({ ...c, aud: 'someone-else' }), 401));
  it('refuses an unknown deployment_id', () => forged((c) => ({ ...c, [CLAIM.deploymentId]: 'not-registered' }), 401));
  it('refuses several audiences without azp', () => forged((c) => ({ ...c, aud: [clientId, 'other-tool'] }), 401));
  it('refuses an azp that is not our client_id', () => forged((c) => ({ ...c, aud: [clientId, 'other-tool'], azp: 'other-tool' }), 401));
  it('refuses an expired token', () => forged((c) => ({ ...c, iat: now() - 100, exp: now() - 30 }), 401));
  it('refuses a token issued more than 60 s ago', () => forged((c) => ({ ...c, iat: now() - 90, exp: now() + 60 }), 401));
  it('refuses an unsupported message type', () => forged((c) => ({ ...c, [CLAIM.messageType]: 'LtiSubmissionReviewRequest' }), 400));
  it('refuses roles that are not an array of URIs or short context role names', async () => {
    await forged((c) => ({ ...c, [CLAIM.roles]: 'Learner' }), 400);
    await forged((c) => ({ ...c, [CLAIM.roles]: ['Student'] }), 400);
    await forged((c) => ({ ...c, [CLAIM.roles]: ['Learner; drop'] }), 400);
  });
  it('refuses a token without sub', () => forged(({ sub: _sub, ...c }) => c, 400));
  it('refuses a token without nonce', () => forged(({ nonce: _nonce, ...c }) => c, 400));
  it('refuses an oversized token', () => forged((c) => ({ ...c, padding: 'x'.repeat(20_000) }), 400));

  it('refuses alg none and HS256', async () => {
    for (const make of [
      (c: JWTPayload) => new UnsecuredJWT(c).encode(),
      (c: JWTPayload) =>
        new SignJWT(c)
          .setProtectedHeader({ alg: 'HS256', kid: world.lms.emulator.kid })
          .sign(new TextEncoder().encode(JSON.stringify(world.lms.emulator.jwks()))),
    ]) {
      const l = await login();
      const before = await sessions();
      await expectRefused(await post(l.agent, l.action, { id_token: await make(l.claims), state: l.state }), 401, before);
    }
  });

  it('refuses a missing state (400) and a state it never issued (401)', async () => {
    const l = await login();
    const before = await sessions();
    await expectRefused(await post(l.agent, l.action, { id_token: l.idToken }), 400, before);
    const m = await login();
    await expectRefused(await post(m.agent, m.action, { id_token: m.idToken, state: 'f'.repeat(50) }), 401, before);
  });

  it('refuses an id_token from another login of the same browser (nonce not bound to this state)', async () => {
    const agent = new Agent();
    const first = await loginOnly(world, agent, { clientId, userId: 'learner-3', contextId: 'course-101', resourceLinkId: 'rl-bad' });
    const second = await loginOnly(world, agent, { clientId, userId: 'learner-3', contextId: 'course-101', resourceLinkId: 'rl-bad' });
    const before = await sessions();
    await expectRefused(await post(agent, first.action, { id_token: first.idToken, state: second.state }), 401, before);
  });

  it('refuses an id_token posted by another browser than the one that started the login (no state cookie)', async () => {
    const l = await login();
    expect([...l.agent.cookies.keys()].some((name) => name.startsWith('cadre_state_'))).toBe(true);
    const before = await sessions();
    await expectRefused(await post(new Agent(), l.action, { id_token: l.idToken, state: l.state }), 401, before);
    // A cookie of the right name with a value Cadre did not set does not pass either.
    const m = await login();
    const forgedCookie = new Agent();
    forgedCookie.cookies.set(`cadre_state_${m.state}`, 'x'.repeat(43));
    await expectRefused(await post(forgedCookie, m.action, { id_token: m.idToken, state: m.state }), 401, before);
  });

  it('refuses a login from an unknown platform or for a target outside Cadre, and sends none to the LMS', async () => {
    for (const query of <Record<string, string>[]>[
      { iss: 'https://evil.example.org', login_hint: 'u', target_link_uri: `${world.cadre.url}/lti/launch`, client_id: clientId },
      { iss: world.lms.url, login_hint: 'u', target_link_uri: 'https://evil.example.org/launch', client_id: clientId },
      { iss: world.lms.url, target_link_uri: `${world.cadre.url}/lti/launch`, client_id: clientId },
    ]) {
      const page = await new Agent().request(`${world.cadre.url}/lti/login?${new URLSearchParams(query)}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      expect(page.headers.getSetCookie()).toEqual([]);
    }
  });

  it('refuses a replayed launch', async () => {
    const l = await login();
    expect((await post(l.agent, l.action, { id_token: l.idToken, state: l.state })).status).toBe(303);
    const before = await sessions();
    await expectRefused(await post(l.agent, l.action, { id_token: l.idToken, state: l.state }), 401, before);
  });

  it('refuses launches from an inactive platform, and accepts a new deployment only when the platform allows it (recorded)', async () => {
    const [platform] = await world.cadre.lti.platforms.list();
    await world.cadre.lti.platforms.setActive(platform!.id, false);
    const refused = await new Agent().follow(
      world.lms.emulator.beginLaunch({ clientId, userId: 'learner-4', contextId: 'course-101', resourceLinkId: 'rl-bad' }),
    );
    expect(refused.status).toBe(401);
    await world.cadre.lti.platforms.setActive(platform!.id, true);

    await world.cadre.lti.platforms.setAcceptNewDeployments(platform!.id, true);
    const l = await loginOnly(world, new Agent(), {
      clientId,
      userId: 'learner-4',
      contextId: 'course-101',
      resourceLinkId: 'rl-bad',
      deploymentId: 'second-deployment',
    });
    const agent = new Agent();
    const again = await loginOnly(world, agent, {
      clientId,
      userId: 'learner-4',
      contextId: 'course-101',
      resourceLinkId: 'rl-bad',
      deploymentId: 'second-deployment',
    });
    void l;
    expect((await post(agent, again.action, { id_token: again.idToken, state: again.state })).status).toBe(303);
    const deployment = await world.cadre.storage.db.selectFrom('deployments').selectAll().where('deployment_id', '=', 'second-deployment').executeTakeFirst();
    expect(deployment?.source).toBe('first-launch');
    expect(await world.cadre.storage.audit.listForSubject('platform', platform!.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'lti.deployment.accepted-on-first-launch', details: { deploymentId: 'second-deployment' } })]),
    );
    await world.cadre.lti.platforms.setAcceptNewDeployments(platform!.id, false);
  });
});
