import { describe, expect, it } from 'vitest';
import type { NewPlatformRecord } from '../../server/storage/repositories/lti-repositories.js';
import type { Storage } from '../../server/storage/storage.js';

const t0 = new Date('2026-03-02T08:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

const platform = (id: string, over: Partial<NewPlatformRecord> = {}): NewPlatformRecord => ({
  id,
  issuer: 'https://moodle.example.org',
  clientId: `client-${id}`,
  name: 'Moodle',
  authEndpoint: 'https://moodle.example.org/mod/lti/auth.php',
  tokenEndpoint: 'https://moodle.example.org/mod/lti/token.php',
  authorizationServer: null,
  authConfig: { method: 'JWK_SET', key: 'https://moodle.example.org/mod/lti/certs.php' },
  active: false,
  acceptNewDeployments: false,
  registeredBy: 'manual',
  ...over,
});
const key = (kid: string) => ({ kid, publicKey: { iv: `${kid}-piv`, data: `${kid}-public` }, privateKey: { iv: `${kid}-kiv`, data: `${kid}-private` } });

/** The LTI repositories (server/storage/repositories/lti-repositories.ts): part of the storage contract. */
export function ltiStorageCases(current: () => Storage): void {
  describe('LTI platforms, tool keys, logins and access tokens', () => {
    it('registers a platform with its key pair and deployments, finds it by id, issuer and client, lists it', async () => {
      const storage = current();
      await storage.ltiPlatforms.register(platform('p1', { authorizationServer: 'https://moodle.example.org/oauth' }), key('p1'), ['d1', 'd2', 'd1'], at(0));
      const found = await storage.ltiPlatforms.find('https://moodle.example.org', 'client-p1');
      expect(found).toEqual({ ...platform('p1', { authorizationServer: 'https://moodle.example.org/oauth' }), createdAt: at(0) });
      expect(await storage.ltiPlatforms.get('p1')).toEqual(found);
      expect(await storage.ltiPlatforms.find('https://moodle.example.org', 'someone-else')).toBeUndefined();
      expect(await storage.ltiPlatforms.findByIssuer('https://moodle.example.org')).toEqual([found]);
      expect(await storage.ltiPlatforms.list()).toEqual([{ ...found, deployments: ['d1', 'd2'] }]);
      expect(await storage.ltiToolKeys.current('p1')).toEqual({ ...key('p1'), platformId: 'p1', createdAt: at(0) });
    });

    it('refuses a second registration of the same issuer and client, leaving no key behind', async () => {
      const storage = current();
      await storage.ltiPlatforms.register(platform('p1'), key('p1'), [], at(0));
      await expect(storage.ltiPlatforms.register(platform('p2', { clientId: 'client-p1' }), key('p2'), ['d9'], at(1))).rejects.toThrow();
      expect((await storage.ltiToolKeys.publicKeys()).map((k) => k.kid)).toEqual(['p1']);
      expect(await storage.ltiPlatforms.hasDeployment('p2', 'd9')).toBe(false);
    });

    it('registers inside a storage transaction, and nothing stays when the transaction fails', async () => {
      const storage = current();
      await storage.transaction((repos) => repos.ltiPlatforms.register(platform('p1'), key('p1'), ['d1'], at(0)));
      await expect(
        storage.transaction(async (repos) => {
          await repos.ltiPlatforms.register(platform('p2'), key('p2'), ['d1'], at(1));
          throw new Error('abandoned');
        }),
      ).rejects.toThrow('abandoned');
      expect((await storage.ltiPlatforms.list()).map((p) => p.id)).toEqual(['p1']);
      expect(await storage.ltiToolKeys.current('p2')).toBeUndefined();
    });

    it('activates, accepts new deployments, records each deployment once', async () => {
      const storage = current();
      await storage.ltiPlatforms.register(platform('p1'), key('p1'), [], at(0));
      await storage.ltiPlatforms.register(platform('p2', { issuer: 'https://canvas.example.org' }), key('p2'), [], at(0));
      expect(await storage.ltiPlatforms.activeIssuers()).toEqual([]);
      expect(await storage.ltiPlatforms.setActive('p2', true, at(5))).toBe(true);
      expect(await storage.ltiPlatforms.setActive('nobody', true, at(5))).toBe(false);
      expect(await storage.ltiPlatforms.activeIssuers()).toEqual(['https://canvas.example.org']);
      await storage.ltiPlatforms.setAcceptNewDeployments('p1', true, at(6));
      expect(await storage.ltiPlatforms.get('p1')).toMatchObject({ active: false, acceptNewDeployments: true });
      expect(await storage.ltiPlatforms.hasDeployment('p1', 'late')).toBe(false);
      await storage.ltiPlatforms.addDeployment('p1', 'late', 'first-launch', at(7));
      await storage.ltiPlatforms.addDeployment('p1', 'late', 'manual', at(8));
      expect(await storage.ltiPlatforms.hasDeployment('p1', 'late')).toBe(true);
      expect(await storage.ltiPlatforms.hasDeployment('p2', 'late')).toBe(false);
      expect((await storage.ltiPlatforms.list()).find((p) => p.id === 'p1')?.deployments).toEqual(['late']);
    });

    it('signs with the newest key of a platform and publishes every public key', async () => {
      const storage = current();
      await storage.ltiPlatforms.register(platform('p1'), key('p1'), [], at(0));
      await storage.ltiPlatforms.register(platform('p2', { clientId: 'other' }), key('p2'), [], at(1));
      // A later pair for p1 (what a key rotation adds).
      await storage.db
        .insertInto('lti_tool_keys')
        .values({
          kid: 'p1-b',
          platform_id: 'p1',
          public_iv: 'i',
          public_data: 'pub-b',
          private_iv: 'j',
          private_data: 'priv-b',
          created_at: at(10).toISOString(),
        })
        .execute();
      expect(await storage.ltiToolKeys.current('p1')).toMatchObject({ kid: 'p1-b', privateKey: { iv: 'j', data: 'priv-b' } });
      expect(await storage.ltiToolKeys.current('p2')).toMatchObject({ kid: 'p2' });
      expect((await storage.ltiToolKeys.publicKeys()).map((k) => k.kid)).toEqual(['p1', 'p2', 'p1-b']);
      expect(await storage.ltiToolKeys.publicKeys()).toContainEqual({ kid: 'p2', publicKey: { iv: 'p2-piv', data: 'p2-public' } });
    });

    it('removes a platform with its keys, tokens and deployments', async () => {
      const storage = current();
      await storage.ltiPlatforms.register(platform('p1'), key('p1'), ['d1'], at(0));
      await storage.ltiAccessTokens.put('p1', 'score', { iv: 'a', data: 'b' }, at(1));
      expect(await storage.ltiPlatforms.remove('p1')).toBe(true);
      expect(await storage.ltiPlatforms.remove('p1')).toBe(false);
      expect(await storage.ltiPlatforms.get('p1')).toBeUndefined();
      expect(await storage.ltiToolKeys.current('p1')).toBeUndefined();
      expect(await storage.ltiToolKeys.publicKeys()).toEqual([]);
      expect(await storage.ltiAccessTokens.get('p1', 'score')).toBeUndefined();
      expect(await storage.ltiPlatforms.hasDeployment('p1', 'd1')).toBe(false);
    });

    it('gives a login back once, to one of many concurrent callers, and purges old ones', async () => {
      const storage = current();
      await storage.ltiLogins.record({ state: 's1', nonce: 'n1', issuer: 'https://moodle.example.org' }, at(0));
      await storage.ltiLogins.record({ state: 's2', nonce: 'n2', issuer: 'https://moodle.example.org' }, at(100));
      await expect(storage.ltiLogins.record({ state: 's1', nonce: 'other', issuer: 'x' }, at(1))).rejects.toThrow();
      const taken = await Promise.all(Array.from({ length: 8 }, () => storage.ltiLogins.consume('s1')));
      expect(taken.filter(Boolean)).toEqual([{ state: 's1', nonce: 'n1', issuer: 'https://moodle.example.org', createdAt: at(0) }]);
      expect(await storage.ltiLogins.consume('s1')).toBeUndefined();
      await storage.ltiLogins.record({ state: 's3', nonce: 'n3', issuer: 'https://moodle.example.org' }, at(10));
      await storage.ltiLogins.purgeBefore(at(50));
      expect(await storage.ltiLogins.consume('s3')).toBeUndefined();
      expect(await storage.ltiLogins.consume('s2')).toMatchObject({ nonce: 'n2' });
    });

    it('gives a one-time token back once, for its purpose only, before it expires', async () => {
      const storage = current();
      await storage.oneTimeTokens.issue({ token: 'tok-1', purpose: 'exam-handoff', subject: 'session-1', expiresAt: at(60) }, at(0));
      await storage.oneTimeTokens.issue({ token: 'tok-2', purpose: 'exam-handoff', subject: 'session-2', expiresAt: at(60) }, at(0));
      await storage.oneTimeTokens.issue({ token: 'tok-3', purpose: 'lti-registration', subject: 'admin', expiresAt: at(60) }, at(0));
      expect(await storage.oneTimeTokens.consume('lti-registration', 'tok-1', at(1))).toBeUndefined();
      const taken = await Promise.all(Array.from({ length: 8 }, () => storage.oneTimeTokens.consume('exam-handoff', 'tok-1', at(1))));
      expect(taken.filter(Boolean)).toEqual(['session-1']);
      expect(await storage.oneTimeTokens.consume('exam-handoff', 'tok-2', at(60))).toBeUndefined();
      await storage.oneTimeTokens.purgeExpired(at(61));
      expect(await storage.oneTimeTokens.consume('lti-registration', 'tok-3', at(30))).toBeUndefined();
      expect((await storage.db.selectFrom('one_time_tokens').select('token_hash').execute()).map((r) => r.token_hash)).not.toContain('tok-3');
    });

    it('keeps one access token per platform and scope set, with its age, until purged', async () => {
      const storage = current();
      await storage.ltiPlatforms.register(platform('p1'), key('p1'), [], at(0));
      await storage.ltiAccessTokens.put('p1', 'score', { iv: '1', data: 'one' }, at(0));
      await storage.ltiAccessTokens.put('p1', 'score', { iv: '2', data: 'two' }, at(30));
      await storage.ltiAccessTokens.put('p1', 'lineitem score', { iv: '3', data: 'three' }, at(5));
      expect(await storage.ltiAccessTokens.get('p1', 'score')).toEqual({ token: { iv: '2', data: 'two' }, createdAt: at(30) });
      await storage.ltiAccessTokens.purgeBefore(at(10));
      expect(await storage.ltiAccessTokens.get('p1', 'lineitem score')).toBeUndefined();
      expect(await storage.ltiAccessTokens.get('p1', 'score')).toBeDefined();
    });
  });
}
