import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../server/app.js';
import { systemClock } from '../../server/clock.js';
import { AppError } from '../../server/errors.js';
import { errorHandler } from '../../server/http/error-handler.js';
import { validate } from '../../server/http/validate.js';
import { createMailer } from '../../server/mail/mailer.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { openStorage } from '../../server/storage/storage.js';
import { testConfig } from '../support/config.js';
import { listen } from '../support/http.js';

const json = { accept: 'application/json' };

describe('Cadre over HTTP', () => {
  let cadre: RunningCadre;
  beforeAll(async () => {
    cadre = await startCadre(testConfig());
  });
  afterAll(async () => {
    await cadre.stop();
  });

  it('says it is alive and ready once the database is migrated', async () => {
    expect(await (await fetch(`${cadre.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${cadre.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: { dialect: 'sqlite', reachable: true, pendingMigrations: 0 } });
  });

  it('answers an unknown address with an error id and a French message, or English when asked', async () => {
    const fr = await fetch(`${cadre.url}/nowhere`, { headers: json });
    expect(fr.status).toBe(404);
    const body = (await fr.json()) as { error: { id: string; message: string; requestId: string } };
    expect(body.error).toMatchObject({ id: 'error:not-found', message: "Il n'y a rien à cette adresse." });
    expect(body.error.requestId).toBe(fr.headers.get('x-request-id'));
    const en = await fetch(`${cadre.url}/nowhere`, { headers: { ...json, 'accept-language': 'en-GB' } });
    expect(((await en.json()) as { error: { message: string } }).error.message).toBe('There is nothing at this address.');
  });

  it('shows browsers an error page with the reference to quote', async () => {
    const res = await fetch(`${cadre.url}/nowhere`, { headers: { accept: 'text/html', 'x-request-id': 'support-case-1234' } });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<p role="alert">Il n&#39;y a rien à cette adresse.</p>');
    expect(html).toContain('Référence : support-case-1234');
  });

  it('answers a path with a malformed percent-escape (%ZZ) with 400 and an error id, not 500', async () => {
    for (const path of ['/api/demo-test/audio/%ZZ', '/verify/%ZZ', '/assets/%ZZ.js', '/%ZZ']) {
      const res = await fetch(`${cadre.url}${path}`, { headers: json });
      expect([path, res.status]).toEqual([path, 400]);
      expect(((await res.json()) as { error: { id: string; requestId: string } }).error).toMatchObject({
        id: 'error:malformed-url',
        requestId: expect.any(String),
      });
    }
    const page = await fetch(`${cadre.url}/api/demo-test/audio/%ZZ?lang=en`, { headers: { accept: 'text/html' } });
    expect([page.status, await page.text()]).toEqual([400, expect.stringContaining('This address is malformed')]);
  });

  it('refuses malformed JSON with a clear error', async () => {
    const res = await fetch(`${cadre.url}/anything`, { method: 'POST', headers: { ...json, 'content-type': 'application/json' }, body: '{"answer": ' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe('error:malformed-json');
  });

  it('serves the landing page with the component bundle under a strict CSP', async () => {
    const res = await fetch(`${cadre.url}/?lang=en`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(res.headers.get('x-frame-options')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<cadre-service-status');
  });
});

describe('frame-ancestors', () => {
  it('lists the registered LMS origins so Cadre can be embedded there and nowhere else', async () => {
    const config = testConfig();
    const storage = await openStorage(config.database);
    const logger = pino({ level: 'silent' });
    const origins = ['https://moodle.example.org'];
    const app = createApp({ config, storage, clock: systemClock, logger, mailer: createMailer(config.mail, logger), frameAncestors: { list: () => origins } });
    const server = await listen(app);
    try {
      const first = (await fetch(`${server.url}/health`)).headers.get('content-security-policy');
      expect(first).toContain("frame-ancestors 'self' https://moodle.example.org");
      origins.push('https://school.instructure.com');
      const second = (await fetch(`${server.url}/health`)).headers.get('content-security-policy');
      expect(second).toContain("frame-ancestors 'self' https://moodle.example.org https://school.instructure.com");
    } finally {
      await server.close();
      await storage.close();
    }
  });
});

describe('error handler', () => {
  const logged: unknown[] = [];
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const app = express();
    app.use((req, _res, next) => {
      req.id = 'req-42';
      req.log = { error: (obj: unknown) => logged.push(obj) } as unknown as typeof req.log;
      next();
    });
    app.use(express.json());
    app.post('/bookings/:slotId', (req, res) => {
      const { params, body } = validate(req, {
        params: z.object({ slotId: z.uuid() }),
        body: z.object({ timezone: z.string().min(1), note: z.string().max(10).optional() }),
      });
      res.json({ slotId: params.slotId, timezone: body.timezone });
    });
    app.get('/taken', () => {
      throw new AppError('error:forbidden', {}, 403);
    });
    app.get('/boom', () => {
      throw new Error('SQLITE_CORRUPT: database disk image is malformed at /srv/cadre/data');
    });
    app.use(errorHandler);
    server = await listen(app);
  });
  afterAll(async () => server.close());

  it('answers invalid input with 400 and every field error', async () => {
    const res = await fetch(`${server.url}/bookings/not-a-uuid`, {
      method: 'POST',
      headers: { ...json, 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'far too long a note' }),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { id: string; issues: { path: string }[] } };
    expect(error.id).toBe('error:validation');
    expect(error.issues.map((i) => i.path).sort()).toEqual(['note', 'params.slotId', 'timezone']);
  });

  it('passes valid input through typed', async () => {
    const res = await fetch(`${server.url}/bookings/0b7e0c1e-6c4e-4d8a-9f0e-2a1b3c4d5e6f`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timezone: 'Europe/Paris' }),
    });
    expect(await res.json()).toEqual({ slotId: '0b7e0c1e-6c4e-4d8a-9f0e-2a1b3c4d5e6f', timezone: 'Europe/Paris' });
  });

  it('maps an AppError to its status', async () => {
    const res = await fetch(`${server.url}/taken`, { headers: { ...json, 'accept-language': 'en' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { id: 'error:forbidden', message: 'You are not allowed to do this.', requestId: 'req-42' } });
  });

  it('hides internal errors behind a 500 with the request id, and logs them', async () => {
    const res = await fetch(`${server.url}/boom`, { headers: json });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/SQLITE|srv|stack/i);
    expect(JSON.parse(text)).toMatchObject({ error: { id: 'error:internal', requestId: 'req-42' } });
    expect(logged).toHaveLength(1);
  });
});
