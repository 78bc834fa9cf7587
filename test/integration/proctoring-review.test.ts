import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.js';
import { resultsReleasable } from '../../server/domain/proctoring/proctoring.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { testConfig } from '../support/config.js';
import { candidate, centreAdmin, reviewer, testPrincipals } from '../support/principals.js';
import { facePhoto } from '../support/proctoring.js';

const jpeg = (size: number) => {
  const b = Buffer.alloc(size, 7);
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  return new Blob([b], { type: 'image/jpeg' });
};

describe('proctoring API: candidate evidence, reviewer decisions, retention', () => {
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const auth = testPrincipals();
  const alice = auth.headers(candidate('alice'));
  const bob = auth.headers(candidate('bob'));
  const rev = auth.headers(reviewer('rev-1'));
  const admin = auth.headers(centreAdmin('admin-1'));
  let cadre: RunningCadre;
  let dataDir: string;
  const api = (p: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${cadre.url}${p}`, {
      ...init,
      headers: { accept: 'application/json', ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
  const post = (p: string, headers: Record<string, string>, body: unknown) => api(p, { method: 'POST', headers, body: JSON.stringify(body) });

  beforeAll(async () => {
    const config = testConfig({ JOBS_ENABLED: 'false' });
    dataDir = config.dataDir;
    cadre = await startCadre(config, { clock, principal: auth.middleware });
    await cadre.proctoring.registerSitting('sit-flagged', 'alice', 'act-1');
    await cadre.proctoring.registerSitting('sit-clean', 'bob', 'act-1');
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  it('lets a candidate act only on their own sitting', async () => {
    expect((await api('/api/proctoring/sittings/sit-flagged')).status).toBe(401);
    expect((await api('/api/proctoring/sittings/sit-flagged', { headers: bob })).status).toBe(403);
    expect((await post('/api/proctoring/sittings/sit-flagged/events', bob, { events: [] })).status).toBe(403);
    expect((await api('/api/proctoring/sittings/nope', { headers: alice })).status).toBe(403);
    const early = await api('/api/proctoring/sittings/sit-flagged/identity/face', {
      method: 'PUT',
      headers: { ...alice, 'content-type': 'image/jpeg' },
      body: jpeg(2000),
    });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { id: string } }).error.id).toBe('proctoring:consent-required');
    const res = await api('/api/proctoring/sittings/sit-flagged', { headers: alice });
    expect(await res.json()).toEqual({ sittingId: 'sit-flagged', cameraExempt: false, consented: false, finished: false });
  });

  it('records consent, the equipment result and the identity photos', async () => {
    expect((await post('/api/proctoring/sittings/sit-flagged/consent', alice, { accepted: true, locale: 'fr' })).status).toBe(204);
    expect((await post('/api/proctoring/sittings/sit-flagged/equipment', alice, { passed: true, result: { camera: 'ok', downloadMbps: 12 } })).status).toBe(
      204,
    );
    for (const kind of ['face', 'document']) {
      const res = await api(`/api/proctoring/sittings/sit-flagged/identity/${kind}?faces=1`, {
        method: 'PUT',
        headers: { ...alice, 'content-type': 'image/jpeg' },
        body: new Uint8Array(facePhoto()),
      });
      expect(res.status).toBe(201);
    }
    const notImage = await api('/api/proctoring/sittings/sit-flagged/identity/face', {
      method: 'PUT',
      headers: { ...alice, 'content-type': 'image/jpeg' },
      body: new Blob(['hello']),
    });
    expect(notImage.status).toBe(415);
  });

  it('stores a batch of events once even when the browser sends it again, with one snapshot at most', async () => {
    const batch = {
      events: [
        { clientId: 'evt-00000001', type: 'face.multiple', startedAt: '2026-03-02T08:10:00.000Z', endedAt: null, details: { faces: 2 } },
        { clientId: 'evt-00000002', type: 'window.blurred', startedAt: '2026-03-02T08:12:00.000Z', endedAt: '2026-03-02T08:12:05.000Z' },
      ],
    };
    expect((await post('/api/proctoring/sittings/sit-flagged/events', alice, batch)).status).toBe(200);
    const ended = { events: [{ ...batch.events[0], endedAt: '2026-03-02T08:10:40.000Z' }] };
    expect((await post('/api/proctoring/sittings/sit-flagged/events', alice, ended)).status).toBe(200);
    expect((await post('/api/proctoring/sittings/sit-flagged/events', alice, batch)).status).toBe(200);
    const events = await cadre.storage.proctoring.listEvents('sit-flagged');
    expect(events.map((e) => [e.type, e.severity, e.endedAt?.toISOString()])).toEqual([
      ['face.multiple', 'high', '2026-03-02T08:10:40.000Z'],
      ['window.blurred', 'low', '2026-03-02T08:12:05.000Z'],
    ]);

    const unknown = await post('/api/proctoring/sittings/sit-flagged/events', alice, {
      events: [{ clientId: 'evt-00000009', type: 'mind.reading', startedAt: '2026-03-02T08:13:00Z' }],
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { id: string } }).error.id).toBe('proctoring:unknown-event-type');

    const put = (body: Blob) =>
      api('/api/proctoring/sittings/sit-flagged/events/evt-00000001/snapshot', { method: 'PUT', headers: { ...alice, 'content-type': 'image/jpeg' }, body });
    expect((await put(jpeg(60 * 1024))).status).toBe(413);
    expect((await put(jpeg(30 * 1024))).status).toBe(201);
    expect((await put(jpeg(20 * 1024))).status).toBe(200);
  });

  /** What the browser sends besides events (issue 16): consent, verified identity photos, a monitoring heartbeat. */
  const evidence = async (sittingId: string, who: Record<string, string>) => {
    const p = `/api/proctoring/sittings/${sittingId}`;
    expect((await post(`${p}/consent`, who, { accepted: true, locale: 'fr' })).status).toBe(204);
    for (const kind of ['face', 'document']) {
      const res = await api(`${p}/identity/${kind}?faces=1`, {
        method: 'PUT',
        headers: { ...who, 'content-type': 'image/jpeg' },
        body: new Uint8Array(facePhoto()),
      });
      expect(res.status).toBe(201);
    }
    const beat = await api(`${p}/heartbeat?faces=1`, { method: 'PUT', headers: { ...who, 'content-type': 'image/jpeg' }, body: new Uint8Array(facePhoto()) });
    expect(beat.status).toBe(204);
    // The audit log orders by time: the consent comes before what follows.
    clock.advance(1000);
  };

  it('auto-validates a sitting with nothing above the threshold, and queues the flagged one', async () => {
    await post('/api/proctoring/sittings/sit-clean/events', bob, {
      events: [{ clientId: 'evt-b0000001', type: 'fullscreen.left', startedAt: '2026-03-02T08:20:00Z', endedAt: '2026-03-02T08:20:03Z' }],
    });
    clock.advance(60 * 60_000);
    await evidence('sit-clean', bob);
    expect(await cadre.proctoring.finish('sit-clean')).toBe('validated');
    expect(await cadre.proctoring.finish('sit-flagged')).toBe('pending-review');
    expect((await cadre.storage.audit.listForSubject('sitting', 'sit-clean')).map((e) => e.action)).toEqual(['proctoring.consent', 'proctoring.auto-validate']);

    expect((await api('/api/review/queue', { headers: alice })).status).toBe(403);
    const queue = (await (await api('/api/review/queue', { headers: rev })).json()) as {
      sittings: { sittingId: string; maxSeverity: string; flaggedSeconds: number }[];
    };
    // Alice's browser sent no monitoring heartbeat: the hour (and a second) since her identity check counts as missing monitoring too.
    expect(queue.sittings).toEqual([expect.objectContaining({ sittingId: 'sit-flagged', maxSeverity: 'high', flaggedSeconds: 40 + 3601 })]);
  });

  it('sends an auto-validated sitting back to review when flagged events arrive late (candidate was offline)', async () => {
    await cadre.proctoring.registerSitting('sit-late', 'dave');
    const dave = auth.headers(candidate('dave'));
    await evidence('sit-late', dave);
    expect(await cadre.proctoring.finish('sit-late')).toBe('validated');
    clock.advance(1000);
    await post('/api/proctoring/sittings/sit-late/events', dave, {
      events: [{ clientId: 'late-0000001', type: 'face.none', startedAt: '2026-03-02T08:40:00Z', endedAt: '2026-03-02T08:41:00Z' }],
    });
    expect(await cadre.proctoring.integrity('sit-late')).toBe('pending-review');
    expect((await cadre.storage.audit.listForSubject('sitting', 'sit-late')).map((e) => e.action)).toEqual([
      'proctoring.consent',
      'proctoring.auto-validate',
      'proctoring.auto-validation-withdrawn',
    ]);
    await post('/api/review/sittings/sit-late/decision', rev, { decision: 'validated', reason: 'Camera covered by a cat for a minute.' });
  });

  it('shows the reviewer the timeline with its snapshot, the identity photos and the equipment result', async () => {
    const review = (await (await api('/api/review/sittings/sit-flagged', { headers: rev })).json()) as {
      status: string;
      events: { type: string; flagged: boolean; snapshotUrl: string | null }[];
      identityPhotos: { kind: string; url: string }[];
      equipment: { passed: boolean };
    };
    expect(review.status).toBe('pending-review');
    expect(review.events.map((e) => [e.type, e.flagged, e.snapshotUrl !== null])).toEqual([
      ['monitoring.missing', true, false],
      ['face.multiple', true, true],
      ['window.blurred', false, false],
    ]);
    expect(review.identityPhotos.map((p) => p.kind).sort()).toEqual(['document', 'face']);
    expect(review.equipment.passed).toBe(true);
    const snapshot = await api(review.events.find((e) => e.snapshotUrl)!.snapshotUrl!, { headers: rev });
    expect(snapshot.headers.get('content-type')).toBe('image/jpeg');
    expect((await snapshot.arrayBuffer()).byteLength).toBe(30 * 1024);
    expect((await api(review.identityPhotos[0]!.url, { headers: alice })).status).toBe(403);
    expect((await api(review.identityPhotos[0]!.url)).status).toBe(401);
  });

  it('invalidates the flagged sitting with a reason: results stay unreleased and the decision is audit-logged', async () => {
    const noReason = await post('/api/review/sittings/sit-flagged/decision', rev, { decision: 'invalidated' });
    expect(noReason.status).toBe(400);
    const res = await post('/api/review/sittings/sit-flagged/decision', rev, {
      decision: 'invalidated',
      reason: 'A second person answers for the candidate at 08:10.',
    });
    expect(await res.json()).toEqual({ status: 'invalidated' });
    expect(resultsReleasable(await cadre.proctoring.integrity('sit-flagged'))).toBe(false);
    expect(resultsReleasable(await cadre.proctoring.integrity('sit-clean'))).toBe(true);
    const audit = await cadre.storage.audit.listForSubject('sitting', 'sit-flagged');
    expect(audit.find((e) => e.action === 'proctoring.invalidate')).toMatchObject({
      actor: { kind: 'staff', id: 'rev-1' },
      details: { reason: 'A second person answers for the candidate at 08:10.' },
    });
    expect((await post('/api/review/sittings/sit-flagged/decision', rev, { decision: 'validated' })).status).toBe(409);
    expect(((await (await api('/api/review/queue', { headers: rev })).json()) as { sittings: unknown[] }).sittings).toEqual([]);
  });

  it('lets a centre admin exempt a candidate from camera monitoring, recorded in the audit log', async () => {
    expect((await post('/api/review/sittings/sit-clean/accommodation', rev, { cameraExempt: true, reason: 'Medical certificate' })).status).toBe(403);
    expect((await post('/api/review/sittings/sit-clean/accommodation', admin, { cameraExempt: true, reason: 'Medical certificate' })).status).toBe(204);
    expect(((await (await api('/api/proctoring/sittings/sit-clean', { headers: bob })).json()) as { cameraExempt: boolean }).cameraExempt).toBe(true);
    const audit = await cadre.storage.audit.listForSubject('sitting', 'sit-clean');
    expect(audit.find((e) => e.action === 'proctoring.accommodation.camera-exempt')).toMatchObject({
      actor: { kind: 'staff', id: 'admin-1' },
      details: { reason: 'Medical certificate' },
    });
  });

  it('deletes the evidence 30 days after the results, keeping the decision', async () => {
    await cadre.proctoring.resultsReleased('sit-flagged');
    const blobs = path.join(dataDir, 'blobs');
    const files = () =>
      fs.readdirSync(blobs, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && path.join(d.parentPath, d.name).includes('s-sit-flagged'))
        .length;
    expect(files()).toBe(3);
    clock.advance(29 * 24 * 3600_000);
    expect(await cadre.proctoring.purgeDue()).toBe(0);
    clock.advance(2 * 24 * 3600_000);
    expect(await cadre.proctoring.purgeDue()).toBe(1);
    expect(files()).toBe(0);
    expect(await cadre.storage.proctoring.listEvents('sit-flagged')).toEqual([]);
    expect(await cadre.proctoring.integrity('sit-flagged')).toBe('invalidated');
    expect((await cadre.storage.audit.listForSubject('sitting', 'sit-flagged')).at(-1)?.action).toBe('proctoring.purge');
  });
});

describe('the daily retention job', () => {
  it('runs at start when this instance runs jobs, purges what is due and schedules the next day', async () => {
    const clock = new ManualClock(new Date('2026-05-10T03:00:00Z'));
    const cadre = await startCadre(testConfig(), { clock });
    try {
      // Started with the instance; stop the background worker to drive it by hand from here.
      await cadre.worker.stop();
      expect(await cadre.storage.jobs.findByIdempotencyKey('proctoring.purge:2026-05-10')).toBeDefined();
      const sitting = await cadre.proctoring.registerSitting('sit-old', 'carol');
      await cadre.proctoring.reportEvents(sitting, [
        { clientId: 'old-00000001', type: 'face.none', startedAt: new Date('2026-03-01T08:00:00Z'), endedAt: null, details: {} },
      ]);
      await cadre.proctoring.resultsReleased('sit-old', new Date('2026-03-15T00:00:00Z'));
      await cadre.storage.jobs.enqueue({ type: 'proctoring.purge', payload: {}, idempotencyKey: 'proctoring.purge:manual' }, clock.now());
      await cadre.worker.drain();
      expect(await cadre.storage.proctoring.listEvents('sit-old')).toEqual([]);
      expect(await cadre.storage.jobs.findByIdempotencyKey('proctoring.purge:2026-05-11')).toMatchObject({
        status: 'pending',
        runAt: new Date('2026-05-11T03:00:00Z'),
      });
    } finally {
      await cadre.stop();
    }
  });
});
