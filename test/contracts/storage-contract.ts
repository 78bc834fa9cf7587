import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openResult, recordOral } from '../../server/domain/results/result.js';
import type { Storage } from '../../server/storage/storage.js';
import { openInput, oralGrade } from '../support/results.js';

export interface StorageFixture {
  storage: Storage;
  cleanup(): Promise<void>;
}

const t0 = new Date('2026-03-02T08:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/**
 * What every storage backend must do, whatever the database. Run on SQLite always and on
 * PostgreSQL whenever TEST_DATABASE_URL is set (always in CI). Other modules add their
 * repositories' cases here as they add tables.
 */
export function runStorageContract(name: string, makeStorage: () => Promise<StorageFixture>): void {
  describe(`storage contract: ${name}`, () => {
    let fixture: StorageFixture;
    let storage: Storage;
    // A fresh, migrated database for every case: no case depends on another's leftovers.
    beforeEach(async () => {
      fixture = await makeStorage();
      storage = fixture.storage;
    });
    afterEach(async () => {
      await fixture?.cleanup();
    });

    it('is ready once migrated', async () => {
      expect(await storage.health()).toEqual({ reachable: true, pendingMigrations: 0 });
    });

    describe('audit log', () => {
      it('keeps entries in order for their subject, with their details', async () => {
        await storage.audit.record({ actor: { kind: 'staff', id: 'rev-1' }, action: 'sitting.invalidate', subject: { kind: 'sitting', id: 's-audit' }, details: { reason: 'second person visible' }, requestId: 'req-1' }, at(2));
        await storage.audit.record({ actor: { kind: 'system' }, action: 'sitting.create', subject: { kind: 'sitting', id: 's-audit' } }, at(1));
        await storage.audit.record({ actor: { kind: 'system' }, action: 'sitting.create', subject: { kind: 'sitting', id: 'other' } }, at(1));
        const entries = await storage.audit.listForSubject('sitting', 's-audit');
        expect(entries.map((e) => e.action)).toEqual(['sitting.create', 'sitting.invalidate']);
        expect(entries[1]).toMatchObject({ actor: { kind: 'staff', id: 'rev-1' }, details: { reason: 'second person visible' }, requestId: 'req-1', at: at(2) });
        expect(await storage.audit.get(entries[1]!.id)).toEqual(entries[1]);
      });
    });

    describe('jobs', () => {
      it('enqueues once per idempotency key', async () => {
        const first = await storage.jobs.enqueue({ type: 'mail.send', payload: { to: 'a@example.org' }, idempotencyKey: 'booking-1:confirmation' }, at(0));
        const second = await storage.jobs.enqueue({ type: 'mail.send', payload: { to: 'other@example.org' }, idempotencyKey: 'booking-1:confirmation' }, at(5));
        expect(second.id).toBe(first.id);
        expect(second.payload).toEqual({ to: 'a@example.org' });
        expect(await storage.jobs.findByIdempotencyKey('booking-1:confirmation')).toMatchObject({ id: first.id, status: 'pending' });
      });

      it('claims only due jobs, oldest first, and holds them for the lease', async () => {
        const later = await storage.jobs.enqueue({ type: 'lease', payload: 2, runAt: at(120) }, at(0));
        const sooner = await storage.jobs.enqueue({ type: 'lease', payload: 1, runAt: at(100) }, at(0));
        expect((await storage.jobs.claimNext('w1', at(90), 30_000))?.type).not.toBe('lease');
        const claimed = await storage.jobs.claimNext('w1', at(130), 30_000);
        expect(claimed).toMatchObject({ id: sooner.id, attempts: 1 });
        const next = await storage.jobs.claimNext('w2', at(131), 30_000);
        expect(next?.id).toBe(later.id);
        // Both are leased: nothing more to take until a lease runs out.
        expect(await storage.jobs.claimNext('w3', at(140), 30_000)).toBeUndefined();
        // w1 died: its lease expires and w3 takes the job over, as a second attempt.
        const takenOver = await storage.jobs.claimNext('w3', at(161), 30_000);
        expect(takenOver).toMatchObject({ id: sooner.id, attempts: 2 });
        // The dead worker's late completion does not count: the job is w3's now.
        await storage.jobs.complete(sooner.id, 'w1', at(162));
        expect((await storage.jobs.get(sooner.id))?.status).toBe('pending');
        await storage.jobs.complete(sooner.id, 'w3', at(163));
        await storage.jobs.complete(later.id, 'w2', at(163));
        expect(await storage.jobs.get(sooner.id)).toMatchObject({ status: 'done', finishedAt: at(163) });
        expect(await storage.jobs.claimNext('w4', at(10_000), 30_000)).toBeUndefined();
      });

      it('retries later with the reason, fails for good, cancels pending work', async () => {
        const job = await storage.jobs.enqueue({ type: 'grade.send', payload: {} }, at(0));
        await storage.jobs.claimNext('w1', at(1), 30_000);
        await storage.jobs.retry(job.id, 'w1', at(60), 'LMS answered 503', at(2));
        expect(await storage.jobs.get(job.id)).toMatchObject({ status: 'pending', runAt: at(60), lastError: 'LMS answered 503' });
        expect(await storage.jobs.claimNext('w1', at(30), 30_000)).toBeUndefined();
        await storage.jobs.claimNext('w1', at(61), 30_000);
        await storage.jobs.fail(job.id, 'w1', 'LMS answered 400: line item deleted', at(62));
        expect(await storage.jobs.get(job.id)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'LMS answered 400: line item deleted' });

        const reminder = await storage.jobs.enqueue({ type: 'mail.reminder', payload: {}, runAt: at(3600) }, at(0));
        expect(await storage.jobs.cancel(reminder.id, 'booking moved', at(10))).toBe(true);
        expect(await storage.jobs.cancel(reminder.id, 'again', at(11))).toBe(false);
        expect(await storage.jobs.claimNext('w1', at(7200), 30_000)).toBeUndefined();
      });

      it('gives each job to one worker when many claim at once', async () => {
        const ids = new Set<string>();
        for (let i = 0; i < 5; i++) ids.add((await storage.jobs.enqueue({ type: 'race', payload: i }, at(0))).id);
        const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => storage.jobs.claimNext(`racer-${i}`, at(1), 60_000)));
        const won = claims.filter((c) => c !== undefined).map((c) => c.id);
        expect(won.sort()).toEqual([...ids].sort());
      });
    });

    describe('sittings, responses and exposure counts', () => {
      const sitting = (id: string, userId: string) => ({
        id,
        activityId: 'act-1',
        userId,
        bankId: 'en',
        settings: { proctoring: false, timeMultiplier: 1 },
        step: 'instructions' as const,
        sectionIndex: 0,
        skillState: null,
        results: [],
        current: null,
        stepData: {},
        createdAt: at(0).toISOString(),
        updatedAt: at(0).toISOString(),
        version: 1,
      });

      it('keeps one sitting per candidate and activity, written only over the version it read', async () => {
        expect(await storage.sittings.create(sitting('s1', 'u1'))).toBe(true);
        expect(await storage.sittings.create(sitting('s2', 'u1'))).toBe(false);
        expect((await storage.sittings.findFor('act-1', 'u1'))?.id).toBe('s1');
        const read = (await storage.sittings.get('s1'))!;
        expect(await storage.sittings.save({ ...read, step: 'items', version: 2 })).toBe(true);
        // A second tab that read version 1 too loses: it must reload.
        expect(await storage.sittings.save({ ...read, step: 'written-done', version: 2 })).toBe(false);
        expect(await storage.sittings.get('s1')).toMatchObject({ step: 'items', version: 2 });
      });

      it('records each response once, in order', async () => {
        await storage.sittings.create(sitting('s3', 'u3'));
        const base = { sittingId: 's3', skill: 'vocabulary' as const, response: { blanks: ['go'] }, maxPoints: 1, timedOut: false, servedAt: at(0).toISOString(), answeredAt: at(30).toISOString() };
        await storage.responses.record({ ...base, itemId: 'i2', position: 2, points: 0, timedOut: true });
        await storage.responses.record({ ...base, itemId: 'i1', position: 1, points: 1 });
        await expect(storage.responses.record({ ...base, itemId: 'i1', position: 1, points: 1 })).rejects.toThrow();
        const list = await storage.responses.listFor('s3');
        expect(list.map((r) => [r.itemId, r.points, r.timedOut])).toEqual([['i1', 1, false], ['i2', 0, true]]);
        expect(list[0]!.response).toEqual({ blanks: ['go'] });
      });

      it('counts exposures exactly under concurrent sittings', async () => {
        await Promise.all(Array.from({ length: 20 }, () => storage.exposure.recordAdministered('en', 'grammar', 'g1')));
        await Promise.all(Array.from({ length: 7 }, () => storage.exposure.recordSkillStarted('en', 'grammar')));
        await storage.exposure.recordAdministered('en', 'reading', 'g1');
        const counts = await storage.exposure.loadSkillCounts('en', 'grammar');
        expect(counts.candidates).toBe(7);
        expect([...counts.administered]).toEqual([['g1', 20]]);
      });
    });

    describe('results and certificates', () => {
      const result = (id: string, sittingId: string, activityId = 'act-r') => ({ ...openResult({ ...openInput(), id, sittingId, activity: { ...openInput().activity, activityId } }, at(0)) });
      const certificate = (id: string, resultId: string, statusIndex: number) => ({
        id, resultId, statusList: '1', statusIndex, jwt: `header.${id}.signature`, issuedAt: at(10).toISOString(), revokedAt: null, revocationReason: null, revokedBy: null,
      });

      it('keeps one result per sitting and saves only over the version it read', async () => {
        const r = result('res-1', 'sit-1');
        expect(await storage.results.create(r)).toBe(true);
        expect(await storage.results.create(result('res-other', 'sit-1'))).toBe(false);
        expect(await storage.results.findBySitting('sit-1')).toEqual(r);
        expect(await storage.results.findFor('act-r', r.userId)).toEqual(r);
        expect(await storage.results.findFor('act-r', 'nobody')).toBeUndefined();
        const next = recordOral(r, oralGrade('B2'), at(5));
        expect(await storage.results.save(next)).toBe(true);
        expect(await storage.results.save(next)).toBe(false);
        expect(await storage.results.get('res-1')).toMatchObject({ state: 'validated', version: 2, levels: { overall: 'B2' } });
        await storage.results.create(result('res-2', 'sit-2'));
        await storage.results.create(result('res-3', 'sit-3', 'other-activity'));
        expect((await storage.results.listForActivity('act-r')).map((x) => x.id)).toEqual(['res-1', 'res-2']);
      });

      it('gives each certificate its own status entry and keeps the first revocation', async () => {
        await storage.results.create(result('res-c1', 'sit-c1'));
        await storage.results.create(result('res-c2', 'sit-c2'));
        await storage.certificates.create(certificate('cert-1', 'res-c1', 4242));
        await expect(storage.certificates.create(certificate('cert-2', 'res-c2', 4242))).rejects.toThrow();
        await expect(storage.certificates.create(certificate('cert-2', 'res-c1', 7))).rejects.toThrow();
        await storage.certificates.create(certificate('cert-2', 'res-c2', 7));
        expect(await storage.certificates.findByResult('res-c2')).toMatchObject({ id: 'cert-2', statusIndex: 7 });
        expect(await storage.certificates.findByStatus('1', 4242)).toMatchObject({ id: 'cert-1' });
        expect(await storage.certificates.revoke('cert-1', { at: at(20).toISOString(), reason: 'identity fraud', by: 'admin-1' })).toBe(true);
        expect(await storage.certificates.revoke('cert-1', { at: at(30).toISOString(), reason: 'again', by: 'admin-2' })).toBe(false);
        expect(await storage.certificates.get('cert-1')).toMatchObject({ revokedAt: at(20).toISOString(), revocationReason: 'identity fraud', revokedBy: 'admin-1' });
        expect(await storage.certificates.statusEntries('1')).toEqual({ used: [7, 4242], revoked: [4242] });
        expect(await storage.certificates.statusEntries('2')).toEqual({ used: [], revoked: [] });
      });
    });

    describe('transactions', () => {
      it('commits all writes together or none', async () => {
        await expect(
          storage.transaction(async (repos) => {
            await repos.audit.record({ actor: { kind: 'system' }, action: 'a', subject: { kind: 'tx', id: 'rolled-back' } }, at(0));
            await repos.jobs.enqueue({ type: 'x', payload: {}, idempotencyKey: 'tx-rolled-back' }, at(0));
            throw new Error('booking refused');
          }),
        ).rejects.toThrow('booking refused');
        expect(await storage.audit.listForSubject('tx', 'rolled-back')).toEqual([]);
        expect(await storage.jobs.findByIdempotencyKey('tx-rolled-back')).toBeUndefined();

        await storage.transaction(async (repos) => {
          await repos.audit.record({ actor: { kind: 'system' }, action: 'a', subject: { kind: 'tx', id: 'committed' } }, at(0));
          await repos.jobs.enqueue({ type: 'x', payload: {}, idempotencyKey: 'tx-committed' }, at(0));
        });
        expect(await storage.audit.listForSubject('tx', 'committed')).toHaveLength(1);
        expect(await storage.jobs.findByIdempotencyKey('tx-committed')).toBeDefined();
      });
    });
  });
}
