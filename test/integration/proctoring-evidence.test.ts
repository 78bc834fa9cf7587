import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { testConfig } from '../support/config.js';
import { candidate, centreAdmin, reviewer, testPrincipals } from '../support/principals.js';
import { encodePng, facePhoto, onePixelPng } from '../support/proctoring.js';

// Issue 16 item 1 and issue 20 item 4: the server verifies what it can of proctoring evidence
// (decoded identity photos, heartbeats over the monitored time) before it validates anything by
// itself, and caps what one sitting may store.
describe('proctoring evidence the server verifies', () => {
  const clock = new ManualClock(new Date('2026-04-06T08:00:00Z'));
  const auth = testPrincipals();
  const rev = auth.headers(reviewer('rev-1'));
  let cadre: RunningCadre;

  const call = async (path: string, headers: Record<string, string>, init: { method?: string; json?: unknown; image?: Buffer; type?: string } = {}) => {
    const res = await fetch(`${cadre.url}${path}`, {
      method: init.method ?? (init.json === undefined && init.image === undefined ? 'GET' : 'POST'),
      headers: {
        accept: 'application/json',
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.image ? { 'content-type': init.type ?? 'image/png' } : {}),
        ...headers,
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.image ? { body: new Uint8Array(init.image) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as { error?: { id: string; message: string } } & Record<string, unknown> };
  };
  const put = (path: string, headers: Record<string, string>, image: Buffer, type = 'image/png') => call(path, headers, { method: 'PUT', image, type });

  /** A candidate who consents and passes the equipment check, as the browser would. */
  const start = async (sittingId: string, userId: string) => {
    await cadre.proctoring.registerSitting(sittingId, userId, 'act-1');
    const who = auth.headers(candidate(userId));
    const p = `/api/proctoring/sittings/${sittingId}`;
    expect((await call(`${p}/consent`, who, { json: { accepted: true, locale: 'fr' } })).status).toBe(204);
    expect((await call(`${p}/equipment`, who, { json: { passed: true, result: { camera: 'ok' } } })).status).toBe(204);
    return { who, p };
  };

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }), { clock, principal: auth.middleware });
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  it('does not validate the scripted client of issue 16: 1×1 PNG photos, faces=1, equipment passed, no events, no heartbeat', async () => {
    const { who, p } = await start('sit-script', 'mallory');
    for (const kind of ['face', 'document']) {
      const refused = await put(`${p}/identity/${kind}?faces=1`, who, onePixelPng());
      expect([refused.status, refused.body.error?.id]).toEqual([422, 'proctoring:image-too-small']);
      expect(refused.body.error?.message).toContain('1×1');
    }
    clock.advance(20 * 60_000);
    expect(await cadre.proctoring.finish('sit-script')).toBe('pending-review');

    const queue = await call('/api/review/queue', rev);
    expect(queue.body.sittings).toEqual([expect.objectContaining({ sittingId: 'sit-script', maxSeverity: 'high' })]);
    const review = await call('/api/review/sittings/sit-script', rev);
    // Both start when monitoring should have: their order on the timeline is not the point.
    expect((review.body.events as { type: string; severity: string; flagged: boolean }[]).map((e) => [e.type, e.severity, e.flagged]).sort()).toEqual([
      ['identity.unverified', 'high', true],
      ['monitoring.missing', 'high', true],
    ]);
  });

  it('refuses identity photos it cannot verify, with an error the candidate can act on', async () => {
    const { who, p } = await start('sit-photos', 'paula');
    const blank = await put(`${p}/identity/face`, { ...who, 'accept-language': 'fr' }, encodePng(640, 480));
    expect([blank.status, blank.body.error?.id]).toEqual([422, 'proctoring:image-blank']);
    expect(blank.body.error?.message).toContain('caméra');
    const broken = await put(`${p}/identity/face`, who, facePhoto().subarray(0, 6000), 'image/jpeg');
    expect([broken.status, broken.body.error?.id]).toEqual([422, 'proctoring:image-unreadable']);
    const stored = await put(`${p}/identity/face?faces=1`, who, facePhoto(), 'image/jpeg');
    expect(stored.status).toBe(201);
    const photos = await cadre.storage.proctoring.listIdentityPhotos('sit-photos');
    expect(photos.map((ph) => [ph.kind, ph.details])).toEqual([['face', { faces: 1, verified: { width: 240, height: 240, contrast: expect.any(Number) } }]]);
  });

  it('auto-validates only with verified photos and heartbeats over the whole monitored time', async () => {
    const { who, p } = await start('sit-honest', 'henri');
    for (const kind of ['face', 'document']) expect((await put(`${p}/identity/${kind}?faces=1`, who, facePhoto(), 'image/jpeg')).status).toBe(201);
    const from = clock.now();
    for (let i = 0; i < 8; i++) {
      expect((await put(`${p}/heartbeat?faces=1`, who, facePhoto(), 'image/jpeg')).status).toBe(204);
      clock.advance(15_000);
    }
    expect(await cadre.proctoring.finish('sit-honest', { from, to: clock.now() })).toBe('validated');
    expect((await cadre.storage.proctoring.listHeartbeats('sit-honest')).map((h) => [h.width, h.height, h.faces])).toEqual(
      Array.from({ length: 8 }, () => [240, 240, 1]),
    );
    expect((await put(`${p}/heartbeat`, who, facePhoto(), 'image/jpeg')).body.error?.id).toBe('proctoring:sitting-finished');
  });

  it('records missing monitoring when the heartbeats stop during the sitting', async () => {
    const { who, p } = await start('sit-gap', 'gaston');
    for (const kind of ['face', 'document']) await put(`${p}/identity/${kind}`, who, facePhoto(), 'image/jpeg');
    const from = clock.now();
    await put(`${p}/heartbeat?faces=1`, who, facePhoto(), 'image/jpeg');
    // A blank frame is no evidence: refused, it counts for nothing.
    clock.advance(15_000);
    expect((await put(`${p}/heartbeat?faces=1`, who, encodePng(160, 120), 'image/png')).body.error?.id).toBe('proctoring:image-blank');
    clock.advance(5 * 60_000);
    await put(`${p}/heartbeat?faces=0`, who, facePhoto(), 'image/jpeg');
    clock.advance(10_000);
    expect(await cadre.proctoring.finish('sit-gap', { from, to: clock.now() })).toBe('pending-review');
    const missing = (await cadre.storage.proctoring.listEvents('sit-gap')).filter((e) => e.type === 'monitoring.missing');
    expect(missing.map((e) => [e.severity, (e.endedAt!.getTime() - e.startedAt.getTime()) / 1000])).toEqual([['high', 315]]);
  });

  it('takes frameless heartbeats from a candidate exempted from the camera only, and still checks their coverage', async () => {
    const { who, p } = await start('sit-exempt', 'estelle');
    const admin = auth.headers(centreAdmin('admin-1'));
    expect((await call('/api/review/sittings/sit-exempt/accommodation', admin, { json: { cameraExempt: true, reason: 'No usable camera' } })).status).toBe(204);
    const from = clock.now();
    for (let i = 0; i < 4; i++) {
      expect((await call(`${p}/heartbeat`, who, { method: 'PUT' })).status).toBe(204);
      clock.advance(15_000);
    }
    expect(await cadre.proctoring.finish('sit-exempt', { from, to: clock.now() })).toBe('validated');
    expect((await cadre.storage.proctoring.listHeartbeats('sit-exempt')).map((h) => [h.width, h.height, h.faces])).toEqual(
      Array.from({ length: 4 }, () => [0, 0, null]),
    );

    const { who: other, p: otherPath } = await start('sit-not-exempt', 'norbert');
    const frameless = await call(`${otherPath}/heartbeat`, other, { method: 'PUT' });
    expect([frameless.status, frameless.body.error?.id]).toEqual([415, 'proctoring:not-an-image']);
  });

  it('refuses heartbeats faster than the browser sends them, and a browser cannot forge the server’s own events', async () => {
    const { who, p } = await start('sit-fast', 'fabien');
    expect((await put(`${p}/heartbeat`, who, facePhoto(), 'image/jpeg')).status).toBe(204);
    const again = await put(`${p}/heartbeat`, who, facePhoto(), 'image/jpeg');
    expect([again.status, again.body.error?.id]).toEqual([429, 'proctoring:too-much-evidence']);
    const forged = await call(`${p}/events`, who, {
      json: { events: [{ clientId: 'server:monitoring.missing:0', type: 'face.none', startedAt: clock.now().toISOString() }] },
    });
    expect(forged.status).toBe(400);
    expect((await cadre.storage.proctoring.listHeartbeats('sit-fast')).length).toBe(1);
  });

  it('caps events and snapshots per sitting at the browser’s pace, keeping what is stored (issue 20)', async () => {
    const { who, p } = await start('sit-flood', 'flo');
    const at = clock.now().toISOString();
    const batch = (from: number) => ({
      events: Array.from({ length: 100 }, (_, i) => ({ clientId: `flood-${String(from + i).padStart(6, '0')}`, type: 'window.blurred', startedAt: at })),
    });
    expect((await call(`${p}/events`, who, { json: batch(0) })).status).toBe(200);
    expect((await call(`${p}/events`, who, { json: batch(100) })).status).toBe(200);
    // The same batch again (a resend after a network drop) is not new: accepted.
    expect((await call(`${p}/events`, who, { json: batch(100) })).status).toBe(200);
    const flood = await call(`${p}/events`, { ...who, 'accept-language': 'en' }, { json: batch(200) });
    expect([flood.status, flood.body.error?.id]).toEqual([429, 'proctoring:too-much-evidence']);
    expect(flood.body.error?.message).toContain('already received is kept');
    expect((await cadre.storage.proctoring.listEvents('sit-flood')).length).toBe(200);

    const snapshot = Buffer.alloc(40 * 1024, 7);
    snapshot.set([0xff, 0xd8, 0xff, 0xe0]);
    const results: number[] = [];
    for (let i = 0; i < 22; i++) results.push((await put(`${p}/events/flood-${String(i).padStart(6, '0')}/snapshot`, who, snapshot, 'image/jpeg')).status);
    expect(results.filter((s) => s === 201)).toHaveLength(20);
    expect(results.slice(20)).toEqual([429, 429]);
    // The browser's pace goes on: a minute later, two more snapshots and thirty more events fit.
    clock.advance(60_000);
    expect((await put(`${p}/events/flood-000020/snapshot`, who, snapshot, 'image/jpeg')).status).toBe(201);
    expect((await call(`${p}/events`, who, { json: { events: batch(200).events.slice(0, 30) } })).status).toBe(200);
    expect((await cadre.storage.proctoring.evidenceTotals('sit-flood')).snapshots).toBe(21);
  });
});
