import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from '../../components/api/client.js';
import type { Locale } from '../../components/i18n.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { testConfig } from '../support/config.js';
import { listen } from '../support/http.js';

/** The error a call ends with (the test fails if it succeeds). */
async function failure(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("the components' API client against Cadre", () => {
  let cadre: RunningCadre;
  beforeAll(async () => {
    cadre = await startCadre(testConfig());
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  const client = (lang: Locale) => new ApiClient({ base: `${cadre.url}/api/sitting`, lang: () => lang });

  it("turns a refusal into an ApiError with the server's error id and its message in the element's language", async () => {
    const fr = await failure(client('fr').get(''));
    expect(fr).toMatchObject({ status: 401, id: 'error:unauthenticated', message: 'Veuillez vous reconnecter depuis la page de votre cours.' });
    expect(fr.requestId).toBeTruthy();
    const en = await failure(client('en').get(''));
    expect(en).toMatchObject({ status: 401, id: 'error:unauthenticated', message: 'Please sign in again from your course page.' });
  });

  it('sends every write as JSON, even without a body, so the JSON-only guard lets it through to the session check', async () => {
    expect(await failure(client('en').post('/next'))).toMatchObject({ status: 401, id: 'error:unauthenticated' });
    // The same write with another content type is what a cross-site form would send: refused first.
    const raw = await failure(client('en').post('/next', { raw: new Blob(['x=1']), type: 'application/x-www-form-urlencoded' }));
    expect(raw).toMatchObject({ status: 415, id: 'error:json-required', message: 'This request must be sent as JSON.' });
  });

  it('says the server could not be reached, in the right language', async () => {
    const offline = new ApiClient({ base: 'http://127.0.0.1:9', lang: () => 'fr' });
    const error = await failure(offline.get('/api/sitting'));
    expect(error).toMatchObject({ status: 0, id: 'error:network', message: 'La connexion au serveur a échoué. Vérifiez votre connexion puis réessayez.' });
  });

  // Last: it closes the database.
  it('reads an error status as an answer when told so (/ready says 503 with its report)', async () => {
    const ready = new ApiClient({ base: cadre.url, lang: () => 'en' });
    expect(await ready.get('/ready', {}, { answers: [503] })).toMatchObject({ status: 'ready' });
    await cadre.storage.close();
    expect(await ready.get('/ready', {}, { answers: [503] })).toMatchObject({ status: 'not-ready', database: { reachable: false } });
    expect(await failure(ready.get('/ready'))).toMatchObject({ status: 503, id: 'error:internal' });
  });
});

describe("the components' API client, as a server sees its requests", () => {
  let echo: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    const app = express();
    app.use(express.json(), express.raw({ type: 'image/jpeg' }));
    app.all('/echo', (req, res) => {
      res.json({
        method: req.method,
        query: req.query,
        contentType: req.get('content-type') ?? null,
        language: req.get('accept-language'),
        accept: req.get('accept'),
        body: Buffer.isBuffer(req.body) ? { bytes: req.body.length } : (req.body ?? null),
      });
    });
    app.post('/nothing', (_req, res) => void res.status(204).end());
    app.get('/proxy-error', (_req, res) => void res.status(502).type('html').send('<h1>Bad gateway</h1>'));
    app.post(
      '/conflict',
      (_req, res) => void res.status(409).json({ error: { id: 'booking:slot-taken', message: 'Taken', requestId: 'r1' }, calendar: { slots: [] } }),
    );
    echo = await listen(app);
  });
  afterAll(async () => {
    await echo?.close();
  });

  it('adds the LTI session parameter and the query to every address, keeping a query already in the base', async () => {
    const api = new ApiClient({ base: `${echo.url}/echo?lang=fr`, lang: () => 'en', session: 's=session-id-0123456789abcdef' });
    const seen = await api.get<{ method: string; query: Record<string, string>; language: string; accept: string }>('', {
      tz: 'Europe/Paris',
      candidate: undefined,
    });
    expect(seen).toMatchObject({
      method: 'GET',
      query: { lang: 'fr', tz: 'Europe/Paris', s: 'session-id-0123456789abcdef' },
      language: 'en',
      accept: 'application/json',
    });
    expect(api.url('', { lang: 'en' })).toBe(`${echo.url}/echo?lang=en&s=session-id-0123456789abcdef`);
    expect(new ApiClient({ base: '/api/activities/a1', lang: () => 'fr' }).url('/dashboard.csv')).toBe('/api/activities/a1/dashboard.csv');
  });

  it('sends JSON bodies (an empty object for a bare write), raw bodies with their own type, and takes 204 as nothing', async () => {
    const api = new ApiClient({ base: echo.url, lang: () => 'fr' });
    expect(await api.put('/echo', { response: { choice: 'b' } })).toMatchObject({
      method: 'PUT',
      contentType: 'application/json',
      body: { response: { choice: 'b' } },
    });
    expect(await api.post('/echo')).toMatchObject({ contentType: 'application/json', body: {} });
    expect(await api.put('/echo', { raw: new Uint8Array(1234), type: 'image/jpeg' })).toMatchObject({ contentType: 'image/jpeg', body: { bytes: 1234 } });
    expect(await api.post('/nothing')).toBeUndefined();
  });

  it("keeps the other fields of an error answer, and says 'internal' for an answer that is not Cadre's", async () => {
    const api = new ApiClient({ base: echo.url, lang: () => 'en' });
    const conflict = await failure(api.post('/conflict', {}));
    expect(conflict).toMatchObject({ status: 409, id: 'booking:slot-taken', message: 'Taken', requestId: 'r1', extra: { calendar: { slots: [] } } });
    const proxy = await failure(api.get('/proxy-error'));
    expect(proxy).toMatchObject({ status: 502, id: 'error:internal' });
    expect(proxy.message).toMatch(/unexpected error/);
  });
});
