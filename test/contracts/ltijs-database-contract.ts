import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.js';
import type { Storage } from '../../server/storage/storage.js';
import { createLtijsDatabase } from '../../lti/ltijs-database.js';

const SECRET = 'contract-secret-contract-secret-0123456789';

/** The ltijs database plugin (lti/ltijs-database.ts) over storage: part of the storage contract. */
export function ltijsDatabaseCases(current: () => Storage): void {
  describe('ltijs database plugin', () => {
    const make = () => {
      const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
      return { clock, plugin: createLtijsDatabase(current().db, clock) };
    };
    const platform = {
      platformName: 'Moodle', platformUrl: 'https://moodle.example.org', clientId: 'abc', authEndpoint: 'https://moodle.example.org/auth',
      accesstokenEndpoint: 'https://moodle.example.org/token', kid: 'kid-1', authConfig: { method: 'JWK_SET', key: 'https://moodle.example.org/certs' },
    };

    it('stores platforms, finds them by issuer, client and kid, and keeps them inactive until activated', async () => {
      const { plugin } = make();
      expect(await plugin.Get(false, 'platform', { platformUrl: platform.platformUrl })).toBe(false);
      await plugin.Replace(false, 'platform', { platformUrl: platform.platformUrl, clientId: 'abc' }, platform);
      expect(await plugin.Get(false, 'platform', { platformUrl: platform.platformUrl, clientId: 'abc' })).toEqual([{ ...platform, authorizationServer: undefined }]);
      expect(await plugin.Get(false, 'platform', { kid: 'kid-1' })).toHaveLength(1);
      expect(await plugin.Get(false, 'platformStatus', { id: 'kid-1' })).toEqual([{ id: 'kid-1', active: false }]);
      await plugin.Replace(false, 'platformStatus', { id: 'kid-1' }, { id: 'kid-1', active: true });
      expect(await plugin.Get(false, 'platformStatus', { id: 'kid-1' })).toEqual([{ id: 'kid-1', active: true }]);
      await plugin.Modify(false, 'platform', { platformUrl: platform.platformUrl, clientId: 'abc' }, { platformName: 'Moodle 4.5' });
      expect((await plugin.Get(false, 'platform', { kid: 'kid-1' }))).toMatchObject([{ platformName: 'Moodle 4.5' }]);
      await plugin.Delete('platform', { platformUrl: platform.platformUrl, clientId: 'abc' });
      expect(await plugin.Get(false, 'platform', { kid: 'kid-1' })).toBe(false);
    });

    it('seals tool keys: readable with the secret only, listed for the JWKS, replaced per platform', async () => {
      const { plugin } = make();
      const index = { kid: 'k1', platformUrl: platform.platformUrl, clientId: 'abc' };
      await plugin.Replace(SECRET, 'privatekey', { platformUrl: platform.platformUrl, clientId: 'abc' }, { key: 'PRIVATE PEM', kid: 'k1' }, index);
      await plugin.Replace(SECRET, 'publickey', { platformUrl: platform.platformUrl, clientId: 'abc' }, { key: 'PUBLIC PEM', kid: 'k1' }, index);
      expect(await plugin.Get(SECRET, 'privatekey', { kid: 'k1' })).toEqual([{ key: 'PRIVATE PEM', kid: 'k1' }]);
      const raw = await plugin.Get(false, 'privatekey', { kid: 'k1' });
      expect(JSON.stringify(raw)).not.toContain('PRIVATE PEM');
      await expect(plugin.Get('another-secret', 'privatekey', { kid: 'k1' })).rejects.toThrow();
      await plugin.Replace(SECRET, 'publickey', { platformUrl: platform.platformUrl, clientId: 'abc' }, { key: 'NEW PEM', kid: 'k2' }, { ...index, kid: 'k2' });
      expect(await plugin.Get(SECRET, 'publickey')).toEqual([{ key: 'NEW PEM', kid: 'k2' }]);
    });

    it('keeps one access token per platform and scope set, with its age', async () => {
      const { plugin, clock } = make();
      const query = { platformUrl: platform.platformUrl, clientId: 'abc', scopes: 'score' };
      await plugin.Replace(SECRET, 'accesstoken', query, { token: { access_token: 'one', expires_in: 3600 } }, query);
      clock.advance(1000);
      await plugin.Replace(SECRET, 'accesstoken', query, { token: { access_token: 'two', expires_in: 3600 } }, query);
      expect(await plugin.Get(SECRET, 'accesstoken', query)).toEqual([{ token: { access_token: 'two', expires_in: 3600 }, createdAt: Date.parse('2026-03-02T08:00:01.000Z') }]);
    });

    it('refuses a nonce twice, and purges nonces, states and tokens once they expire', async () => {
      const { plugin, clock } = make();
      await plugin.Insert(false, 'nonce', { nonce: 'n1' });
      await expect(plugin.Insert(false, 'nonce', { nonce: 'n1' })).rejects.toThrow();
      await plugin.Insert(false, 'state', { state: 's1', query: { a: '1' } });
      expect(await plugin.Get(false, 'state', { state: 's1' })).toEqual([{ state: 's1', query: { a: '1' } }]);
      clock.advance(601_000);
      await plugin.purgeExpired();
      expect(await plugin.Get(false, 'nonce', { nonce: 'n1' })).toBe(false);
      expect(await plugin.Get(false, 'state', { state: 's1' })).toBe(false);
    });

    it('replaces launch tokens in place and merges modifications', async () => {
      const { plugin } = make();
      const key = { iss: platform.platformUrl, clientId: 'abc', deploymentId: 'd1', user: 'u1' };
      await plugin.Replace(false, 'idtoken', key, { ...key, userInfo: { name: 'A' } });
      await plugin.Replace(false, 'idtoken', key, { ...key, userInfo: { name: 'B' } });
      expect(await plugin.Get(false, 'idtoken', key)).toEqual([{ ...key, userInfo: { name: 'B' } }]);
      const ctx = { contextId: 'c1', user: 'u1' };
      await plugin.Replace(false, 'contexttoken', ctx, { ...ctx, path: '/launch', roles: ['r'] });
      await plugin.Modify(false, 'contexttoken', ctx, { path: '/elsewhere' });
      expect(await plugin.Get(false, 'contexttoken', ctx)).toEqual([{ ...ctx, path: '/elsewhere', roles: ['r'] }]);
      await expect(plugin.Get(false, 'contexttoken', { unknownField: 1 })).rejects.toThrow(/unsupported query field/);
    });
  });
}
