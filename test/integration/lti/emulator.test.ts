import express from 'express';
import { SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM, ROLE, SCOPE } from '../../../lti/claims.js';
import { Agent, parseForm } from '../../support/lti/agent.js';
import { listen, startEmulator, type Running } from '../../support/lti/servers.js';
import type { PlatformEmulator } from '../../../lti/emulator/index.js';

// The emulator is what every LTI test leans on: check it behaves like an LMS over HTTP.
describe('LTI platform emulator', () => {
  let lms: Running & { emulator: PlatformEmulator };
  let tool: Running;
  let toolKey: CryptoKey;
  let otherKey: CryptoKey;

  beforeAll(async () => {
    lms = await startEmulator();
    const pair = await generateKeyPair('RS256');
    toolKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'tool-1', alg: 'RS256', use: 'sig' };
    const app = express();
    app.get('/jwks', (_req, res) => res.json({ keys: [jwk] }));
    tool = await listen(app);
  });
  afterAll(async () => {
    await lms?.close();
    await tool?.close();
  });

  const assertion = (clientId: string, key: CryptoKey = toolKey) =>
    new SignJWT({ jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: 'tool-1' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(lms.emulator.endpoints.token)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(key);

  const token = async (clientId: string, scope: string, key?: CryptoKey) =>
    fetch(`${lms.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await assertion(clientId, key),
        scope,
      }),
    });

  function registerTool() {
    return lms.emulator.registerTool({
      name: 'Fake tool',
      initiateLoginUri: `${tool.url}/login`,
      redirectUris: [`${tool.url}/launch`],
      jwksUri: `${tool.url}/jwks`,
      targetLinkUri: `${tool.url}/launch`,
    });
  }

  it('publishes its OpenID configuration and keys', async () => {
    const config = (await (await fetch(`${lms.url}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(config.issuer).toBe(lms.url);
    expect(config.token_endpoint).toBe(`${lms.url}/token`);
    const jwks = (await (await fetch(config.jwks_uri!)).json()) as { keys: { kty: string }[] };
    expect(jwks.keys[0]?.kty).toBe('RSA');
  });

  it('runs a third-party initiated login and posts a signed id_token to the tool', async () => {
    const registered = registerTool();
    const agent = new Agent();
    const start = await agent.request(`${lms.url}/launch?client_id=${registered.clientId}&user=learner-3`);
    expect(start.status).toBe(302);
    const login = new URL(start.headers.get('location')!);
    expect(login.origin + login.pathname).toBe(`${tool.url}/login`);
    expect(login.searchParams.get('iss')).toBe(lms.url);
    const auth = new URL(`${lms.url}/auth`);
    for (const [k, v] of Object.entries({
      response_type: 'id_token',
      response_mode: 'form_post',
      scope: 'openid',
      prompt: 'none',
      client_id: registered.clientId,
      redirect_uri: `${tool.url}/launch`,
      login_hint: 'learner-3',
      lti_message_hint: login.searchParams.get('lti_message_hint')!,
      nonce: 'n-1',
      state: 's-1',
    }))
      auth.searchParams.set(k, v);
    const page = await agent.request(auth.toString());
    const form = parseForm(page.body);
    expect(form.action).toBe(`${tool.url}/launch`);
    expect(form.fields.state).toBe('s-1');
    const { payload } = await jwtVerify(form.fields.id_token!, createRemoteJWKSet(new URL(`${lms.url}/jwks`)), {
      issuer: lms.url,
      audience: registered.clientId,
    });
    expect(payload.nonce).toBe('n-1');
    expect(payload.sub).toBe('learner-3');
    expect(payload[CLAIM.roles]).toEqual([ROLE.learner]);
    expect(payload[CLAIM.deploymentId]).toBe(registered.deploymentId);
    // the same login cannot be answered twice
    expect((await agent.request(auth.toString())).status).toBe(400);
  });

  it('issues access tokens only for a client assertion signed with the tool key', async () => {
    const registered = registerTool();
    expect((await token(registered.clientId, SCOPE.score, otherKey)).status).toBe(401);
    const ok = await token(registered.clientId, `${SCOPE.score} ${SCOPE.lineItem}`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { token_type: string }).token_type).toBe('Bearer');
  });

  it('keeps line items and scores, and shows them in the gradebook', async () => {
    const registered = registerTool();
    const { access_token } = (await (await token(registered.clientId, `${SCOPE.lineItem} ${SCOPE.score}`)).json()) as { access_token: string };
    const auth = { authorization: `Bearer ${access_token}`, 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' };
    const items = `${lms.url}/api/contexts/course-101/lineitems`;
    expect((await fetch(items, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
    const created = (await (
      await fetch(items, { method: 'POST', headers: auth, body: JSON.stringify({ label: 'Niveau global', scoreMaximum: 6, tag: 'overall', resourceId: 'a1' }) })
    ).json()) as { id: string };
    const found = (await (await fetch(`${items}?tag=overall`, { headers: auth })).json()) as { id: string }[];
    expect(found.map((i) => i.id)).toContain(created.id);
    const score = {
      userId: 'learner-2',
      scoreGiven: 4,
      scoreMaximum: 6,
      comment: 'B2',
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: new Date().toISOString(),
    };
    const posted = await fetch(`${created.id}/scores`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
      body: JSON.stringify(score),
    });
    expect(posted.status).toBe(204);
    const gradebook = await (await fetch(`${lms.url}/gradebook/course-101`)).text();
    expect(gradebook).toContain('Niveau global');
    expect(gradebook).toContain('4 / 6');
  });

  it('pages the roster with Link headers, and can be switched into an outage', async () => {
    const registered = registerTool();
    const { access_token } = (await (await token(registered.clientId, SCOPE.nrps)).json()) as { access_token: string };
    const headers = { authorization: `Bearer ${access_token}` };
    let next: string | undefined = `${lms.url}/api/contexts/course-101/memberships`;
    const members: string[] = [];
    let pages = 0;
    while (next) {
      const res: Response = await fetch(next, { headers });
      members.push(...((await res.json()) as { members: { user_id: string }[] }).members.map((m) => m.user_id));
      next = res.headers.get('link')?.match(/<([^>]+)>; rel="next"/)?.[1];
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(members).size).toBe(members.length);
    expect(members).toContain('instructor-1');

    lms.emulator.setOutage(503, 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${lms.url}/api/contexts/course-101/memberships`, { headers })).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('accepts a dynamic registration once per registration token', async () => {
    const start = new URL(lms.emulator.startDynamicRegistration(`${tool.url}/register`));
    const config = (await (await fetch(start.searchParams.get('openid_configuration')!)).json()) as { registration_endpoint: string };
    const body = {
      application_type: 'web',
      response_types: ['id_token'],
      grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: `${tool.url}/login`,
      redirect_uris: [`${tool.url}/launch`],
      jwks_uri: `${tool.url}/jwks`,
      token_endpoint_auth_method: 'private_key_jwt',
      client_name: 'Cadre',
      scope: `${SCOPE.score} ${SCOPE.nrps}`,
      [CLAIM.toolConfiguration]: { domain: '127.0.0.1', target_link_uri: `${tool.url}/launch`, messages: [{ type: 'LtiResourceLinkRequest' }] },
    };
    const post = () =>
      fetch(config.registration_endpoint, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${start.searchParams.get('registration_token')}` },
      });
    const res = await post();
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(lms.emulator.tools.get(answer.client_id as string)?.scopes).toEqual([SCOPE.score, SCOPE.nrps]);
    expect((answer[CLAIM.toolConfiguration] as { deployment_id: string }).deployment_id).toBeTruthy();
    expect((await post()).status).toBe(401);
  });
});
