import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMIT } from '../../server/domain/staff/accounts-service.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { testConfig } from '../support/config.js';
import { seedStaff } from '../support/oral.js';

// Issue 16: failed staff logins are counted per address and account, so an attacker guessing a
// password does not lock its owner out; and the address is the client's own unless a proxy is
// configured (TRUST_PROXY): a forged X-Forwarded-For cannot buy fresh attempts.
describe('staff login throttling', () => {
  const login = (cadre: RunningCadre, email: string, password: string, forwardedFor?: string) =>
    fetch(`${cadre.url}/staff/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: new URLSearchParams({ email, password }).toString(),
    });

  describe('behind a configured proxy (TRUST_PROXY=loopback)', () => {
    let cadre: RunningCadre;
    beforeAll(async () => {
      cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false', TRUST_PROXY: 'loopback' }));
      await seedStaff(cadre.storage, { email: 'owner@centre.example.org', role: 'assessor', password: 'the right password' });
    });
    afterAll(async () => {
      await cadre?.stop();
    });

    it("locks out the attacker's address, not the account's owner at another address", async () => {
      const attacker = '203.0.113.9';
      for (let i = 0; i < LOGIN_LIMIT.perEmailAndIp; i++) expect((await login(cadre, 'owner@centre.example.org', `guess ${i}`, attacker)).status).toBe(401);
      const blocked = await login(cadre, 'owner@centre.example.org', 'the right password', attacker);
      expect(blocked.status).toBe(429);
      expect(await blocked.text()).toContain('Trop de tentatives');
      // The owner, from their own address, still logs in.
      expect((await login(cadre, 'owner@centre.example.org', 'the right password', '198.51.100.7')).status).toBe(303);
    });
  });

  describe('with no proxy configured (the default)', () => {
    let cadre: RunningCadre;
    beforeAll(async () => {
      cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }));
      await seedStaff(cadre.storage, { email: 'owner@centre.example.org', role: 'assessor', password: 'the right password' });
    });
    afterAll(async () => {
      await cadre?.stop();
    });

    it('ignores X-Forwarded-For: a client that makes up a new address for each guess is still stopped', async () => {
      for (let i = 0; i < LOGIN_LIMIT.perEmailAndIp; i++)
        expect((await login(cadre, 'owner@centre.example.org', `guess ${i}`, `203.0.113.${i + 1}`)).status).toBe(401);
      expect((await login(cadre, 'owner@centre.example.org', 'the right password', '203.0.113.200')).status).toBe(429);
    });
  });
});
