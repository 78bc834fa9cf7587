import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { PlatformKeys } from '../../../lti/guard.js';
import type { Platform } from '../../../lti/platforms.js';
import { startEmulator } from '../../support/lti/servers.js';

// The platform JWKS cache of the launch guard, against an emulated LMS over HTTP.
describe('platform keys (JWKS cache)', () => {
  let lms: Awaited<ReturnType<typeof startEmulator>>;
  let platform: Platform;
  let closed = false;

  beforeAll(async () => {
    lms = await startEmulator();
    platform = {
      id: 'p1',
      issuer: lms.url,
      clientId: 'c1',
      name: 'LMS',
      authEndpoint: `${lms.url}/auth`,
      tokenEndpoint: `${lms.url}/token`,
      authorizationServer: null,
      authConfig: { method: 'JWK_SET', key: `${lms.url}/jwks` },
      active: true,
      acceptNewDeployments: false,
      registeredBy: 'manual',
      createdAt: new Date(),
    };
  });
  afterAll(async () => {
    if (!closed) await lms.close();
  });

  const token = () => lms.emulator.signIdToken({ iss: lms.url, sub: 'u', aud: 'c1' });

  it('keeps verifying with the cached set when the LMS key endpoint stops answering, even past its age', async () => {
    const clock = new ManualClock(new Date());
    const keys = new PlatformKeys(clock);
    const resolve = await keys.resolver(platform);
    expect((await jwtVerify(await token(), resolve)).payload.sub).toBe('u');
    const signed = await token();
    await lms.close();
    closed = true;
    clock.advance(11 * 60_000); // older than the 10-minute age: a refresh is tried, fails, the old set serves
    expect((await jwtVerify(signed, resolve)).payload.sub).toBe('u');
    // With nothing cached, no launch can be verified while the LMS key endpoint is down: refused.
    const fresh = new PlatformKeys(clock);
    await expect(jwtVerify(signed, await fresh.resolver(platform))).rejects.toThrow();
  });
});
