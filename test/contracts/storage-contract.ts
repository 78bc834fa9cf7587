import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sitting } from '../../server/domain/delivery/sitting.js';
import { BookingConflict, type NewBooking } from '../../server/domain/booking/types.js';
import { StaffEmailTaken } from '../../server/domain/staff/staff.js';
import { EnrolmentService } from '../../server/domain/enrolment/enrolment-service.js';
import type { Storage } from '../../server/storage/storage.js';
import { ltiStorageCases } from './lti-storage-contract.js';
import { oralRoomCases } from './oral-room-contract.js';
import { sampleDetails } from '../support/personal-details.js';
import type { ScormPackage } from '../../scorm/ports.js';
import { openResult, recordOral } from '../../server/domain/results/result.js';
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
        await storage.audit.record(
          {
            actor: { kind: 'staff', id: 'rev-1' },
            action: 'sitting.invalidate',
            subject: { kind: 'sitting', id: 's-audit' },
            details: { reason: 'second person visible' },
            requestId: 'req-1',
          },
          at(2),
        );
        await storage.audit.record({ actor: { kind: 'system' }, action: 'sitting.create', subject: { kind: 'sitting', id: 's-audit' } }, at(1));
        await storage.audit.record({ actor: { kind: 'system' }, action: 'sitting.create', subject: { kind: 'sitting', id: 'other' } }, at(1));
        const entries = await storage.audit.listForSubject('sitting', 's-audit');
        expect(entries.map((e) => e.action)).toEqual(['sitting.create', 'sitting.invalidate']);
        expect(entries[1]).toMatchObject({
          actor: { kind: 'staff', id: 'rev-1' },
          details: { reason: 'second person visible' },
          requestId: 'req-1',
          at: at(2),
        });
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

    ltiStorageCases(() => storage);

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

      const none = { responses: [], exposure: [], jobs: [] };
      const response = (sittingId: string, itemId: string, position: number, points: number) => ({
        sittingId,
        itemId,
        skill: 'vocabulary' as const,
        position,
        response: { blanks: ['go'] },
        points,
        maxPoints: 1,
        timedOut: points === 0,
        servedAt: at(0).toISOString(),
        answeredAt: at(30).toISOString(),
      });
      const next = (s: Sitting, changes: Partial<Parameters<Storage['sittings']['commit']>[1]> = {}) =>
        storage.sittings.commit({ ...s, version: s.version + 1 }, { ...none, ...changes }, at(40));

      it('keeps one sitting per candidate and activity, written only over the version it read', async () => {
        expect(await storage.sittings.create(sitting('s1', 'u1'))).toBe(true);
        expect(await storage.sittings.create(sitting('s2', 'u1'))).toBe(false);
        expect((await storage.sittings.findFor({ activityId: 'act-1', userId: 'u1' }))?.id).toBe('s1');
        expect(await storage.sittings.findFor({ activityId: 'act-1', userId: 'nobody' })).toBeUndefined();
        const read = (await storage.sittings.get('s1'))!;
        expect(await next({ ...read, step: 'items' })).toBe(true);
        // A second tab that read version 1 too loses, and writes nothing of what it brought: it must reload.
        const late = { responses: [response('s1', 'i1', 1, 1)], exposure: [{ bankId: 'en', skill: 'vocabulary' as const, itemId: 'i1' }] };
        expect(await next({ ...read, step: 'written-done' }, late)).toBe(false);
        expect(await next({ ...read, step: 'written-done' }, { ...late, jobs: [{ type: 'certification.written-done', payload: {} }] })).toBe(false);
        expect(await storage.sittings.get('s1')).toMatchObject({ step: 'items', version: 2 });
        expect(await storage.responses.listFor('s1')).toEqual([]);
        expect((await storage.exposure.loadSkillCounts('en', 'vocabulary')).administered.size).toBe(0);
        expect(await storage.jobs.claimNext('w', at(50), 1000)).toBeUndefined();
      });

      it('commits the responses, exposure counts and job of an action with its sitting, each response once', async () => {
        await storage.sittings.create(sitting('s3', 'u3'));
        let s = (await storage.sittings.get('s3'))!;
        const given = (itemId: string) => ({ bankId: 'en', skill: 'vocabulary' as const, itemId });
        expect(await next(s, { responses: [response('s3', 'i2', 2, 0)], exposure: [given(''), given('i2')] })).toBe(true);
        s = (await storage.sittings.get('s3'))!;
        const job = { type: 'certification.written-done', payload: { sittingId: 's3' }, idempotencyKey: 'written-done:s3' };
        expect(await next(s, { responses: [response('s3', 'i1', 1, 1)], exposure: [given('i1'), given('i2')], jobs: [job] })).toBe(true);
        s = (await storage.sittings.get('s3'))!;
        // The same response again is refused, and nothing of that action is written.
        await expect(next(s, { responses: [response('s3', 'i1', 1, 1)], exposure: [given('i1')] })).rejects.toThrow();
        expect(await storage.sittings.get('s3')).toMatchObject({ version: 3 });
        const list = await storage.responses.listFor('s3');
        expect(list.map((r) => [r.itemId, r.points, r.timedOut])).toEqual([
          ['i1', 1, false],
          ['i2', 0, true],
        ]);
        expect(list[0]!.response).toEqual({ blanks: ['go'] });
        const counts = await storage.exposure.loadSkillCounts('en', 'vocabulary');
        expect(counts.candidates).toBe(1);
        expect([...counts.administered].sort()).toEqual([
          ['i1', 1],
          ['i2', 2],
        ]);
        expect(await storage.jobs.findByIdempotencyKey('written-done:s3')).toMatchObject({ type: 'certification.written-done', payload: { sittingId: 's3' } });
      });

      it('counts exposures exactly under concurrent sittings', async () => {
        const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
        for (const id of ids) await storage.sittings.create(sitting(id, `user-${id}`));
        const given = (itemId: string) => ({ bankId: 'en', skill: 'grammar' as const, itemId });
        await Promise.all(ids.map(async (id, i) => next((await storage.sittings.get(id))!, { exposure: i < 7 ? [given(''), given('g1')] : [given('g1')] })));
        await next((await storage.sittings.get('c0'))!, { exposure: [{ bankId: 'en', skill: 'reading', itemId: 'g1' }] });
        const counts = await storage.exposure.loadSkillCounts('en', 'grammar');
        expect(counts.candidates).toBe(7);
        expect([...counts.administered]).toEqual([['g1', 20]]);
      });

      it('commits many sittings at once, each all or nothing: a bad one fails alone, a stale one writes nothing', async () => {
        const ids = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, '0')}`);
        for (const id of ids) await storage.sittings.create(sitting(id, `user-${id}`));
        const given = (itemId: string) => ({ bankId: 'en', skill: 'reading' as const, itemId });
        const first = await storage.sittings.get('m00');
        expect(await next(first!, { responses: [response('m00', 'r1', 1, 1)] })).toBe(true);
        // m00 sends r1 again (refused by the database); m01 writes over a version it did not read.
        const outcomes = await Promise.allSettled(
          ids.map(async (id) => {
            const s = (await storage.sittings.get(id))!;
            const stale = id === 'm01' ? { ...s, version: s.version + 5 } : s;
            return next(stale, { responses: [response(id, id === 'm00' ? 'r1' : 'r2', 2, 1)], exposure: [given('r2')] });
          }),
        );
        expect(outcomes[0]).toMatchObject({ status: 'rejected' });
        expect(outcomes[1]).toEqual({ status: 'fulfilled', value: false });
        expect(outcomes.slice(2).every((o) => o.status === 'fulfilled' && o.value)).toBe(true);
        for (const id of ids.slice(2)) expect((await storage.responses.listFor(id)).map((r) => r.itemId)).toEqual(['r2']);
        expect(await storage.responses.listFor('m01')).toEqual([]);
        expect((await storage.responses.listFor('m00')).map((r) => r.itemId)).toEqual(['r1']);
        expect(await storage.sittings.get('m00')).toMatchObject({ version: 2 });
        const stored = await storage.db.selectFrom('item_exposure').select('count').where('item_id', '=', 'r2').executeTakeFirst();
        expect(stored?.count).toBe(38);
      });

      it('knows the state of a sitting as last committed or read here, and nothing after a failed commit', async () => {
        const owner = { activityId: 'act-1', userId: 'u9' };
        await storage.sittings.create(sitting('s9', 'u9'));
        expect(storage.sittings.known(owner)).toBeUndefined();
        const read = (await storage.sittings.findFor(owner))!;
        expect(storage.sittings.known(owner)).toEqual(read);
        expect(await next({ ...read, step: 'items' })).toBe(true);
        expect(storage.sittings.known(owner)).toMatchObject({ step: 'items', version: 2 });
        // A copy each time: changing what it gave changes nothing kept.
        storage.sittings.known(owner)!.step = 'written-done';
        expect(storage.sittings.known(owner)).toMatchObject({ step: 'items' });
        expect(await next(read)).toBe(false);
        expect(storage.sittings.known(owner)).toBeUndefined();
        // What a transaction wrote may yet be rolled back: it is not kept.
        const current = (await storage.sittings.findFor(owner))!;
        await storage.transaction((repos) => repos.sittings.commit({ ...current, version: current.version + 1 }, none, at(50)));
        expect(storage.sittings.known(owner)).toBeUndefined();
      });

      it('counts what it commits at once, even right after the counts were read', async () => {
        await storage.sittings.create(sitting('s4', 'u4'));
        expect((await storage.exposure.loadSkillCounts('en', 'reading')).administered.size).toBe(0);
        const given = (itemId: string) => ({ bankId: 'en', skill: 'reading' as const, itemId });
        await next((await storage.sittings.get('s4'))!, { exposure: [given(''), given('r1'), given('r1'), given('r2')] });
        const counts = await storage.exposure.loadSkillCounts('en', 'reading');
        expect(counts.candidates).toBe(1);
        expect([...counts.administered].sort()).toEqual([
          ['r1', 2],
          ['r2', 1],
        ]);
      });

      it('lists the skill results of the bank’s finished written tests, newest first, for the prior’s correlation', async () => {
        const result = (skill: 'vocabulary' | 'grammar', theta: number) => ({
          skill,
          theta,
          se: 0.4,
          level: 'B1' as const,
          subLevel: 'middle' as const,
          levelProbability: 0.6,
          bandProbabilities: [0, 0.2, 0.6, 0.2, 0, 0],
          itemsAdministered: 10,
          prior: { mean: 0, sd: 1 },
          likelihood: { mean: theta, variance: 0.2 },
        });
        const finished = async (id: string, bankId: string, theta: number, seconds: number) => {
          await storage.sittings.create({ ...sitting(id, `user-${id}`), bankId });
          const s = (await storage.sittings.get(id))!;
          await storage.sittings.commit(
            {
              ...s,
              step: 'written-done',
              results: [result('vocabulary', theta), result('grammar', theta + 0.1)],
              updatedAt: at(seconds).toISOString(),
              version: s.version + 1,
            },
            none,
            at(seconds),
          );
        };
        await finished('w1', 'en', 0.5, 100);
        await finished('w2', 'en', -0.5, 200);
        await finished('w3', 'fr', 1, 300);
        await storage.sittings.create(sitting('w4', 'user-w4')); // still at its instructions
        const en = await storage.sittings.writtenResults('en', 10);
        expect(en.map((r) => r.map((x) => x.theta))).toEqual([
          [-0.5, -0.4],
          [0.5, 0.6],
        ]);
        expect(en[0]![0]!.likelihood).toEqual({ mean: -0.5, variance: 0.2 });
        expect(await storage.sittings.writtenResults('en', 1)).toHaveLength(1);
        expect(await storage.sittings.writtenResults('de', 10)).toEqual([]);
      });
    });

    describe('SCORM packages and start tickets', () => {
      const pkg = (id: string, activityId = 'act-1', createdAt = at(0)): ScormPackage => ({
        id,
        activityId,
        version: '1.2',
        label: 'Moodle',
        lmsOrigin: 'https://moodle.example.org',
        hashLearnerIds: false,
        scoreScale: 'cefr',
        createdAt,
        createdBy: { kind: 'staff', id: 'admin-1' },
        revokedAt: null,
        revokedBy: null,
        lastLaunchAt: null,
        launchCount: 0,
      });
      const ticket = (packageId: string, expiresAt: Date) => ({
        packageId,
        userId: 'u-1',
        activityId: 'act-1',
        contextId: 'ctx-1',
        name: 'Jane',
        locale: 'fr' as const,
        expiresAt,
      });

      it('lists packages per activity, newest first, revokes once and counts launches', async () => {
        const scorm = storage.scormPackages;
        await scorm.insert(pkg('p-old', 'act-1', at(0)), 'hash-old');
        await scorm.insert(pkg('p-new', 'act-1', at(10)), 'hash-new');
        await scorm.insert(pkg('p-other', 'act-2', at(5)), 'hash-other');
        expect((await scorm.listForActivity('act-1')).map((p) => p.id)).toEqual(['p-new', 'p-old']);
        expect((await scorm.listAll()).map((p) => p.id)).toEqual(['p-new', 'p-other', 'p-old']);
        expect(await scorm.get('p-old')).toEqual({ pkg: pkg('p-old', 'act-1', at(0)), keyHash: 'hash-old' });
        expect(await scorm.revoke('p-old', { kind: 'cli' }, at(20))).toBe(true);
        expect(await scorm.revoke('p-old', { kind: 'cli' }, at(30))).toBe(false);
        await scorm.recordLaunch('p-new', at(40));
        await scorm.recordLaunch('p-new', at(41));
        expect((await scorm.get('p-old'))?.pkg).toMatchObject({ revokedAt: at(20), revokedBy: { kind: 'cli' } });
        expect((await scorm.get('p-new'))?.pkg).toMatchObject({ revokedAt: null, lastLaunchAt: at(41), launchCount: 2 });
        expect(await scorm.get('missing')).toBeUndefined();
      });

      it('redeems a start ticket once, even when two requests race, and never after it expired', async () => {
        const scorm = storage.scormPackages;
        await scorm.insert(pkg('p-t'), 'h');
        await scorm.addTicket('t-race', ticket('p-t', at(600)), at(0));
        await scorm.addTicket('t-late', ticket('p-t', at(60)), at(0));
        const [a, b] = await Promise.all([scorm.redeemTicket('t-race', at(1)), scorm.redeemTicket('t-race', at(1))]);
        expect([a, b].filter(Boolean)).toEqual([ticket('p-t', at(600))]);
        expect(await scorm.redeemTicket('t-race', at(2))).toBeUndefined();
        expect(await scorm.redeemTicket('t-late', at(61))).toBeUndefined();
        expect(await scorm.redeemTicket('unknown', at(1))).toBeUndefined();
      });
    });

    describe('enrolment: users, courses, memberships, activities and launch sessions', () => {
      // A course lives in a registered platform (the LTI layer's table).
      const platform = async (id: string) => {
        const stamp = at(0).toISOString();
        await storage.db
          .insertInto('platforms')
          .values({
            id,
            issuer: `https://${id}.example.org`,
            client_id: 'c',
            name: id,
            auth_endpoint: 'https://lms/auth',
            token_endpoint: 'https://lms/token',
            authorization_server: null,
            auth_config: '{}',
            active: 1,
            accept_new_deployments: 0,
            registered_by: 'manual',
            created_at: stamp,
            updated_at: stamp,
          })
          .execute();
      };
      const course = (externalId: string, title: string | null = 'English 101') => ({
        platformId: 'lms-1',
        deploymentId: 'd-1',
        externalId,
        label: 'EN101',
        title,
        rosterUrl: 'https://lms/nrps',
      });
      const settings = {
        language: 'en' as const,
        targetLevel: 'B2' as const,
        oralRequired: false,
        proctoring: true,
        availableFrom: '2026-03-01T08:00:00.000Z',
        accommodations: { extraTimePercent: 25, largeText: true },
      };
      const session = (id: string, userId: string, contextId: string, activityId: string | null) => ({
        id,
        userId,
        contextId,
        activityId,
        role: 'candidate' as const,
        messageType: 'LtiResourceLinkRequest',
        data: {
          platformId: 'lms-1',
          issuer: 'https://lms',
          clientId: 'c',
          deploymentId: 'd-1',
          subject: 'sub-1',
          name: 'Ada',
          locale: 'en' as const,
          inFrame: true,
          contextTitle: 'English 101',
        },
      });

      it('keeps one user per issuer and subject: a launch updates the profile it gives, a roster entry never overwrites one', async () => {
        const id = await storage.users.save(
          { issuer: 'https://lms', subject: 'sub-1', name: 'Ada', givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.org' },
          at(0),
        );
        expect(await storage.users.save({ issuer: 'https://lms', subject: 'sub-1', name: 'Ada L.' }, at(1))).toBe(id);
        expect(await storage.users.get(id)).toEqual({ id, issuer: 'https://lms', subject: 'sub-1', name: 'Ada L.', email: 'ada@example.org', locale: null });
        // The language the LMS says is kept until a launch says another (issue 21).
        await storage.users.save({ issuer: 'https://lms', subject: 'sub-1', locale: 'en' }, at(1));
        await storage.users.save({ issuer: 'https://lms', subject: 'sub-1', name: 'Ada L.' }, at(1));
        expect((await storage.users.get(id))?.locale).toBe('en');
        expect(await storage.users.ensure({ issuer: 'https://lms', subject: 'sub-1', name: 'From the roster', email: 'other@example.org' }, at(2))).toBe(id);
        expect((await storage.users.get(id))?.name).toBe('Ada L.');
        const other = await storage.users.save({ issuer: 'scorm:https://moodle', subject: 'sub-1', name: null }, at(3));
        expect(other).not.toBe(id);
        const listed = await storage.users.ensure({ issuer: 'https://lms', subject: 'sub-2', name: 'Grace', email: 'grace@example.org' }, at(4));
        expect(await storage.users.get(listed)).toMatchObject({ name: 'Grace', email: 'grace@example.org' });
        expect(await storage.users.get('missing')).toBeUndefined();
      });

      it('upserts courses, memberships and activities by their LMS keys and reads them back whole', async () => {
        await platform('lms-1');
        const contextId = await storage.courses.save(course('course-1'), at(0));
        expect(await storage.courses.save(course('course-1', 'English 101 (spring)'), at(1))).toBe(contextId);
        expect(await storage.courses.get(contextId)).toEqual({
          id: contextId,
          platformId: 'lms-1',
          externalId: 'course-1',
          title: 'English 101 (spring)',
          rosterUrl: 'https://lms/nrps',
        });
        expect(await storage.courses.find('lms-1', 'course-1')).toEqual(await storage.courses.get(contextId));
        expect(await storage.courses.find('lms-1', 'course-2')).toBeUndefined();

        const ada = await storage.users.save({ issuer: 'https://lms', subject: 'ada', name: 'Ada', email: 'ada@example.org' }, at(0));
        const tim = await storage.users.save({ issuer: 'https://lms', subject: 'tim', name: 'Tim', email: null }, at(0));
        await storage.memberships.save(contextId, ada, 'candidate', at(0));
        await storage.memberships.save(contextId, tim, 'candidate', at(0));
        await storage.memberships.save(contextId, tim, 'instructor', at(1));
        expect((await storage.memberships.list(contextId)).map((m) => m.subject).sort()).toEqual(['ada', 'tim']);
        expect(await storage.memberships.list(contextId, ['instructor', 'admin'])).toEqual([
          { userId: tim, subject: 'tim', name: 'Tim', email: null, role: 'instructor', locale: null },
        ]);

        const gradebook = {
          lineItemsUrl: 'https://lms/lineitems',
          lineItemUrl: 'https://lms/lineitems/1',
          scopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
        };
        const activityId = await storage.activities.save(
          contextId,
          { externalId: 'rl-1', title: 'Certification', settings, keepSettings: false, gradebook },
          at(0),
        );
        const changed = { ...settings, targetLevel: 'C1' as const, availableFrom: undefined };
        expect(
          await storage.activities.save(
            contextId,
            { externalId: 'rl-1', title: 'Certification C1', settings: changed, keepSettings: false, gradebook: null },
            at(1),
          ),
        ).toBe(activityId);
        const expected = {
          id: activityId,
          contextId,
          platformId: 'lms-1',
          externalId: 'rl-1',
          title: 'Certification C1',
          settings: { ...changed, availableUntil: undefined },
          gradebook: null,
        };
        expect(await storage.activities.get(activityId)).toEqual(expected);
        expect(await storage.activities.find(contextId, 'rl-1')).toEqual(expected);
        const graded = await storage.activities.save(contextId, { externalId: 'rl-2', title: null, settings, keepSettings: false, gradebook }, at(2));
        expect((await storage.activities.get(graded))?.gradebook).toEqual(gradebook);
        expect((await storage.activities.get(graded))?.settings).toEqual({ ...settings, availableUntil: undefined });
        // A save that keeps the settings replaces the title and gradebook only.
        await storage.activities.save(contextId, { externalId: 'rl-1', title: 'Renamed', settings, keepSettings: true, gradebook }, at(3));
        expect(await storage.activities.get(activityId)).toEqual({ ...expected, title: 'Renamed', gradebook });
        expect(await storage.activities.get('missing')).toBeUndefined();

        expect(await storage.activities.lineItem(graded, 'overall')).toBeUndefined();
        await storage.activities.rememberLineItem(graded, 'overall', 'https://lms/lineitems/1');
        await storage.activities.rememberLineItem(graded, 'overall', 'https://lms/lineitems/other');
        expect(await storage.activities.lineItem(graded, 'overall')).toBe('https://lms/lineitems/1');
      });

      it('opens, reads and closes launch sessions, with their expiry', async () => {
        await platform('lms-1');
        const contextId = await storage.courses.save(course('course-1'), at(0));
        const userId = await storage.users.save({ issuer: 'https://lms', subject: 'sub-1', name: 'Ada' }, at(0));
        const s = session('s'.repeat(43), userId, contextId, null);
        await storage.launchSessions.open(s, at(0), at(8 * 3600));
        expect(await storage.launchSessions.get(s.id)).toEqual({ session: s, expiresAt: at(8 * 3600) });
        await storage.launchSessions.close(s.id);
        expect(await storage.launchSessions.get(s.id)).toBeUndefined();
      });

      it('purges the launch sessions that expired, and only those', async () => {
        await platform('lms-1');
        const contextId = await storage.courses.save(course('course-1'), at(0));
        const userId = await storage.users.save({ issuer: 'https://lms', subject: 'sub-1', name: 'Ada' }, at(0));
        const short = session('a'.repeat(43), userId, contextId, null);
        const long = session('b'.repeat(43), userId, contextId, null);
        await storage.launchSessions.open(short, at(0), at(60));
        await storage.launchSessions.open(long, at(0), at(3600));
        await storage.launchSessions.purgeExpired(at(61));
        expect(await storage.launchSessions.get(short.id)).toBeUndefined();
        expect((await storage.launchSessions.get(long.id))?.session).toEqual(long);
      });

      it('enrols a launch: a later launch updates the person, course, role and activity it names, and each opens its session', async () => {
        await platform('lms-1');
        const launch = (
          name: string,
          title: string,
          role: 'candidate' | 'instructor',
          activity?: { title: string; targetLevel: 'B2' | 'C1' },
          locale?: 'fr' | 'en',
        ) => ({
          person: {
            issuer: 'https://lms',
            subject: 'sub-1',
            name,
            givenName: name,
            familyName: null,
            email: `${name.toLowerCase()}@example.org`,
            ...(locale ? { locale } : {}),
          },
          course: course('course-1', title),
          role,
          activity: activity && {
            externalId: 'rl-1',
            title: activity.title,
            settings: { ...settings, targetLevel: activity.targetLevel },
            keepSettings: role === 'candidate',
            gradebook: activity.targetLevel === 'B2' ? null : { lineItemUrl: 'https://lms/li/1', scopes: ['score'] },
          },
          messageType: activity ? 'LtiResourceLinkRequest' : 'LtiDeepLinkingRequest',
          session: session('', '', '', null).data,
        });
        const expiresAt = at(8 * 3600);
        const first = await storage.enrolments.enrol(
          launch('Ada', 'English 101', 'candidate', { title: 'B2 test', targetLevel: 'B2' }, 'en'),
          { id: 'x'.repeat(43), expiresAt },
          at(0),
        );
        const again = await storage.enrolments.enrol(
          launch('Adeline', 'English 102', 'instructor', { title: 'C1 test', targetLevel: 'C1' }),
          { id: 'y'.repeat(43), expiresAt },
          at(1),
        );
        expect(again).toEqual(first);
        // The second launch said no language: the first one's stays.
        expect(await storage.users.get(first.userId)).toMatchObject({ name: 'Adeline', email: 'adeline@example.org', locale: 'en' });
        expect((await storage.courses.get(first.contextId))?.title).toBe('English 102');
        expect(await storage.memberships.list(first.contextId)).toEqual([
          { userId: first.userId, subject: 'sub-1', name: 'Adeline', email: 'adeline@example.org', role: 'instructor', locale: 'en' },
        ]);
        expect(await storage.activities.get(first.activityId!)).toMatchObject({
          title: 'C1 test',
          settings: { targetLevel: 'C1', accommodations: { extraTimePercent: 25 } },
          gradebook: { lineItemUrl: 'https://lms/li/1', scopes: ['score'] },
        });
        expect((await storage.launchSessions.get('y'.repeat(43)))?.session).toMatchObject({
          userId: first.userId,
          contextId: first.contextId,
          activityId: first.activityId,
          role: 'instructor',
          messageType: 'LtiResourceLinkRequest',
        });
        // A launch for no activity (deep linking) opens a session without one.
        const linking = await storage.enrolments.enrol(
          launch('Adeline', 'English 102', 'instructor', undefined, 'fr'),
          { id: 'z'.repeat(43), expiresAt },
          at(2),
        );
        expect(linking).toEqual({ ...first, activityId: null });
        expect((await storage.launchSessions.get('z'.repeat(43)))?.session).toMatchObject({ activityId: null, messageType: 'LtiDeepLinkingRequest' });
        expect((await storage.users.get(first.userId))?.locale).toBe('fr');
        // A candidate's launch of the same link keeps the settings (the instructor's say), not the title.
        await storage.enrolments.enrol(
          launch('Ada', 'English 102', 'candidate', { title: 'B2 again', targetLevel: 'B2' }),
          { id: 'w'.repeat(43), expiresAt },
          at(3),
        );
        expect(await storage.activities.get(first.activityId!)).toMatchObject({ title: 'B2 again', settings: { targetLevel: 'C1' } });
      });

      it("enrols a course's first launches arriving all at once into one course and one activity, and again when they come back", async () => {
        await platform('lms-1');
        const launch = (n: number) => ({
          person: { issuer: 'https://lms', subject: `sub-${n}`, name: `P${n}`, email: null },
          course: course('course-rush', 'Rush'),
          role: 'candidate' as const,
          activity: { externalId: 'rl-rush', title: 'Rush test', settings, gradebook: null, keepSettings: true },
          messageType: 'LtiResourceLinkRequest',
          session: session('', '', '', null).data,
        });
        const all = (round: string) =>
          Promise.all(
            Array.from({ length: 24 }, (_, n) => storage.enrolments.enrol(launch(n), { id: `${round}${n}`.padEnd(43, '-'), expiresAt: at(3600) }, at(0))),
          );
        const first = await all('a');
        expect(new Set(first.map((e) => e.contextId)).size).toBe(1);
        expect(new Set(first.map((e) => e.activityId)).size).toBe(1);
        expect((await storage.memberships.list(first[0]!.contextId)).length).toBe(24);
        expect(await all('b')).toEqual(first);
        expect((await storage.launchSessions.get('b23'.padEnd(43, '-')))?.session).toMatchObject(first[23]!);
      });

      it('enrols a launch all or nothing: nothing is kept when its session cannot be opened', async () => {
        await platform('lms-1');
        let next = 0;
        const ids = ['a'.repeat(43), 'a'.repeat(43)];
        const enrolment = new EnrolmentService({ store: storage, clock: { now: () => at(0) }, newSessionId: () => ids[next++]! });
        const launch = (subject: string, link: string) => ({
          person: { issuer: 'https://lms', subject, name: subject, givenName: null, familyName: null, email: null },
          course: course('course-1'),
          role: 'candidate' as const,
          activity: { externalId: link, title: 'Certification', settings, keepSettings: false, gradebook: null },
          messageType: 'LtiResourceLinkRequest',
          session: session('', '', '', null).data,
        });
        const first = await enrolment.enrolLaunch(launch('ada', 'rl-1'));
        expect(await enrolment.session(first.sessionId)).toMatchObject({
          userId: first.userId,
          contextId: first.contextId,
          activityId: first.activityId,
          role: 'candidate',
        });
        expect((await enrolment.activity(first.activityId!))?.settings.targetLevel).toBe('B2');
        // The second launch draws a session id already in use: its user and activity must not stay.
        await expect(enrolment.enrolLaunch(launch('tim', 'rl-2'))).rejects.toThrow();
        expect((await enrolment.members(first.contextId)).map((m) => m.subject)).toEqual(['ada']);
        expect(await storage.activities.find(first.contextId, 'rl-2')).toBeUndefined();
        expect(await storage.db.selectFrom('users').select('subject').execute()).toEqual([{ subject: 'ada' }]);
      });
    });

    describe('proctoring', () => {
      it('stores an event once per client id, ends it later, keeps one snapshot per event', async () => {
        const p = storage.proctoring;
        await p.registerSitting({ sittingId: 's-p', userId: 'u-1', activityId: 'a-1' }, at(0));
        await p.registerSitting({ sittingId: 's-p', userId: 'someone-else' }, at(1));
        expect(await p.getSitting('s-p')).toMatchObject({ userId: 'u-1', activityId: 'a-1', cameraExempt: false, finishedAt: null });
        const report = { clientId: 'c-1', type: 'face.none', severity: 'medium' as const, startedAt: at(10), endedAt: null, details: {} };
        await p.upsertEvents('s-p', [report], at(11));
        await p.upsertEvents(
          's-p',
          [
            { ...report, endedAt: at(20) },
            { ...report, clientId: 'c-2', type: 'face.multiple', severity: 'high', startedAt: at(30), details: { faces: 2 } },
          ],
          at(31),
        );
        await p.upsertEvents('s-p', [report], at(32));
        const events = await p.listEvents('s-p');
        expect(events.map((e) => [e.clientId, e.severity, e.endedAt])).toEqual([
          ['c-1', 'medium', at(20)],
          ['c-2', 'high', null],
        ]);
        expect(events[1]!.details).toEqual({ faces: 2 });
        const first = await p.addSnapshot({ sittingId: 's-p', eventId: events[0]!.id, blobKey: 'k1', contentType: 'image/jpeg', bytes: 10 }, at(12));
        expect(first).toBeDefined();
        expect(await p.addSnapshot({ sittingId: 's-p', eventId: events[0]!.id, blobKey: 'k2', contentType: 'image/jpeg', bytes: 10 }, at(13))).toBeUndefined();
        expect((await p.findEvent('s-p', 'c-1'))?.snapshotId).toBe(first!.id);
      });

      it('lists finished undecided sittings, decides once, and finds sittings due for purge', async () => {
        const p = storage.proctoring;
        await p.registerSitting({ sittingId: 's-q', userId: 'u-2' }, at(0));
        await p.registerSitting({ sittingId: 's-r', userId: 'u-3' }, at(0));
        await p.markFinished('s-q', at(100));
        expect((await p.listUndecided()).map((u) => u.sitting.sittingId)).toEqual(['s-q']);
        expect(
          await p.decide({ sittingId: 's-q', decision: 'invalidated', reason: 'second person', automatic: false, decidedBy: 'rev', decidedAt: at(200) }),
        ).toBe(true);
        expect(await p.decide({ sittingId: 's-q', decision: 'validated', reason: null, automatic: false, decidedBy: 'rev', decidedAt: at(201) })).toBe(false);
        expect(await p.getDecision('s-q')).toMatchObject({ decision: 'invalidated', reason: 'second person', automatic: false });
        expect(await p.listUndecided()).toEqual([]);
        await p.markResults('s-q', at(300), at(1000));
        await p.putIdentityPhoto({ sittingId: 's-q', kind: 'face', blobKey: 'f1', contentType: 'image/jpeg', bytes: 5, details: {} }, at(50));
        const replaced = await p.putIdentityPhoto({ sittingId: 's-q', kind: 'face', blobKey: 'f2', contentType: 'image/jpeg', bytes: 5, details: {} }, at(51));
        expect(replaced.replacedBlobKey).toBe('f1');
        expect(await p.listDueForPurge(at(999), 10)).toEqual([]);
        expect((await p.listDueForPurge(at(1000), 10)).map((s) => s.sittingId)).toEqual(['s-q']);
        expect(await p.purgeEvidence('s-q', at(1001))).toEqual(['f2']);
        expect(await p.listIdentityPhotos('s-q')).toEqual([]);
        expect(await p.listDueForPurge(at(2000), 10)).toEqual([]);
      });

      it('keeps monitoring heartbeats and totals the evidence a sitting stored (migration 0019)', async () => {
        const p = storage.proctoring;
        expect((await p.registerSitting({ sittingId: 's-h', userId: 'u-4' }, at(5))).createdAt).toEqual(at(5));
        expect(await p.evidenceTotals('s-h')).toEqual({ events: 0, snapshots: 0, snapshotBytes: 0, lastHeartbeatAt: null });
        await p.addHeartbeat({ sittingId: 's-h', receivedAt: at(20), width: 160, height: 120, faces: 1, bytes: 4000 });
        await p.addHeartbeat({ sittingId: 's-h', receivedAt: at(10), width: 0, height: 0, faces: null, bytes: 0 });
        expect(await p.listHeartbeats('s-h')).toEqual([
          { sittingId: 's-h', receivedAt: at(10), width: 0, height: 0, faces: null, bytes: 0 },
          { sittingId: 's-h', receivedAt: at(20), width: 160, height: 120, faces: 1, bytes: 4000 },
        ]);
        const [event] = await p.upsertEvents(
          's-h',
          [{ clientId: 'c-h', type: 'face.none', severity: 'medium', startedAt: at(11), endedAt: null, details: {} }],
          at(11),
        );
        await p.addSnapshot({ sittingId: 's-h', eventId: event!.id, blobKey: 'kh', contentType: 'image/jpeg', bytes: 1234 }, at(12));
        expect(await p.evidenceTotals('s-h')).toEqual({ events: 1, snapshots: 1, snapshotBytes: 1234, lastHeartbeatAt: at(20) });
        await p.purgeEvidence('s-h', at(30));
        expect(await p.listHeartbeats('s-h')).toEqual([]);
      });
    });

    describe('staff', () => {
      it('creates accounts with unique e-mails, keeps password hashes, lists by role', async () => {
        const a = await storage.staff.create(
          { email: ' Awa.Diallo@Example.org ', name: 'Awa Diallo', role: 'assessor', videoUrl: 'https://meet.example.org/awa' },
          at(0),
        );
        expect(a).toMatchObject({
          email: 'awa.diallo@example.org',
          role: 'assessor',
          centreId: 'default',
          timeZone: 'Europe/Paris',
          hasPassword: false,
          active: true,
        });
        await expect(storage.staff.create({ email: 'awa.diallo@example.org', name: 'Other', role: 'reviewer' }, at(1))).rejects.toBeInstanceOf(StaffEmailTaken);
        await storage.staff.create({ email: 'admin@example.org', name: 'Admin', role: 'centre-admin' }, at(1));
        await storage.staff.setPasswordHash(a.id, 'scrypt$hash', at(2));
        expect(await storage.staff.passwordHash(a.id)).toBe('scrypt$hash');
        expect((await storage.staff.findByEmail('AWA.DIALLO@example.org'))?.hasPassword).toBe(true);
        expect((await storage.staff.list({ role: 'assessor' })).map((m) => m.name)).toEqual(['Awa Diallo']);
        expect(await storage.staff.update(a.id, { timeZone: 'America/Montreal', videoUrl: null }, at(3))).toMatchObject({
          timeZone: 'America/Montreal',
          videoUrl: null,
        });
      });

      it('opens sessions until they expire or the account is deactivated', async () => {
        const a = await storage.staff.create({ email: 's@example.org', name: 'S', role: 'assessor' }, at(0));
        await storage.staff.createSession('h1', a.id, at(0), at(3600));
        expect((await storage.staff.sessionMember('h1', at(10)))?.id).toBe(a.id);
        expect(await storage.staff.sessionMember('h1', at(3600))).toBeUndefined();
        expect(await storage.staff.sessionMember('unknown', at(10))).toBeUndefined();
        await storage.staff.update(a.id, { active: false }, at(11));
        expect(await storage.staff.sessionMember('h1', at(12))).toBeUndefined();
        await storage.staff.deleteSessionsOf(a.id);
      });

      it('consumes a set-password token once, before it expires', async () => {
        const a = await storage.staff.create({ email: 't@example.org', name: 'T', role: 'assessor' }, at(0));
        await storage.staff.createToken('tok', a.id, 'set-password', at(0), at(100));
        await storage.staff.createToken('old', a.id, 'set-password', at(0), at(5));
        expect(await storage.staff.tokenIsLive('tok', 'set-password', at(1))).toBe(true);
        const uses = await Promise.all([storage.staff.consumeToken('tok', 'set-password', at(2)), storage.staff.consumeToken('tok', 'set-password', at(2))]);
        expect(uses.filter((u) => u === a.id)).toHaveLength(1);
        expect(await storage.staff.tokenIsLive('tok', 'set-password', at(3))).toBe(false);
        expect(await storage.staff.consumeToken('old', 'set-password', at(6))).toBeUndefined();
      });

      it('counts login failures per key within a window', async () => {
        for (const s of [0, 10, 20]) await storage.staff.recordLoginFailure('email:x@example.org', at(s));
        await storage.staff.recordLoginFailure('ip:127.0.0.1', at(20));
        expect(await storage.staff.countLoginFailures('email:x@example.org', at(5))).toBe(2);
        await storage.staff.clearLoginFailures('email:x@example.org');
        expect(await storage.staff.countLoginFailures('email:x@example.org', at(0))).toBe(0);
        expect(await storage.staff.countLoginFailures('ip:127.0.0.1', at(0))).toBe(1);
      });
    });

    describe('oral booking', () => {
      const newBooking = (assessorId: string, sittingId: string, startsAt: Date): NewBooking => ({
        sittingId,
        candidateUserId: `user-${sittingId}`,
        activityId: 'act-1',
        contextId: 'ctx-1',
        centreId: 'default',
        assessorId,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        candidateName: 'Léa Martin',
        candidateEmail: 'lea@example.org',
        candidateLocale: 'fr',
        candidateTimeZone: 'Europe/Paris',
        createdBy: 'candidate',
      });

      it('has a default centre whose policy can change', async () => {
        expect(await storage.centres.get('default')).toMatchObject({ slotMinutes: 30, minNoticeMinutes: 1440, maxDaysAhead: 28 });
        expect(await storage.centres.update('default', { slotMinutes: 45, contactEmail: 'oral@centre.example.org' }, at(0))).toMatchObject({
          slotMinutes: 45,
          contactEmail: 'oral@centre.example.org',
        });
      });

      it('replaces an assessor’s availability and reads many at once', async () => {
        const a = await storage.staff.create({ email: 'a@example.org', name: 'A', role: 'assessor' }, at(0));
        const b = await storage.staff.create({ email: 'b@example.org', name: 'B', role: 'assessor' }, at(0));
        await storage.availability.replace(a.id, {
          rules: [{ weekday: 1, startMinute: 540, endMinute: 720 }],
          exceptions: [{ date: '2026-03-30', kind: 'unavailable', startMinute: null, endMinute: null }],
        });
        await storage.availability.replace(a.id, { rules: [{ weekday: 2, startMinute: 600, endMinute: 660 }], exceptions: [] });
        const many = await storage.availability.getMany([a.id, b.id]);
        expect(many.get(a.id)).toEqual({ rules: [{ weekday: 2, startMinute: 600, endMinute: 660 }], exceptions: [] });
        expect(many.get(b.id)).toEqual({ rules: [], exceptions: [] });
      });

      it('lets the database refuse a second live booking of a slot or of a sitting, even at once', async () => {
        const a = await storage.staff.create({ email: 'a@example.org', name: 'A', role: 'assessor' }, at(0));
        const slot = new Date('2026-03-10T09:00:00Z');
        const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => storage.bookings.create(newBooking(a.id, `sit-${i}`, slot), at(1))));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(refusals.every((r) => r.reason instanceof BookingConflict && r.reason.on === 'slot')).toBe(true);
        const won = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ sittingId: string }>).value;
        await expect(storage.bookings.create(newBooking(a.id, won.sittingId, new Date('2026-03-10T10:00:00Z')), at(2))).rejects.toMatchObject({
          on: 'sitting',
        });
      });

      it('moves with an optimistic lock, raising the sequence; a cancelled slot can be booked again', async () => {
        const a = await storage.staff.create({ email: 'a@example.org', name: 'A', role: 'assessor' }, at(0));
        const first = await storage.bookings.create(newBooking(a.id, 's1', new Date('2026-03-10T09:00:00Z')), at(1));
        expect(first).toMatchObject({ status: 'booked', sequence: 0 });
        const other = await storage.bookings.create(newBooking(a.id, 's2', new Date('2026-03-10T10:00:00Z')), at(1));
        await expect(storage.bookings.move(first.id, 0, { assessorId: a.id, startsAt: other.startsAt, endsAt: other.endsAt }, at(2))).rejects.toMatchObject({
          on: 'slot',
        });
        const moved = await storage.bookings.move(
          first.id,
          0,
          { assessorId: a.id, startsAt: new Date('2026-03-11T09:00:00Z'), endsAt: new Date('2026-03-11T09:30:00Z') },
          at(3),
        );
        expect(moved).toMatchObject({ id: first.id, sequence: 1, startsAt: new Date('2026-03-11T09:00:00Z') });
        expect(
          await storage.bookings.move(
            first.id,
            0,
            { assessorId: a.id, startsAt: new Date('2026-03-12T09:00:00Z'), endsAt: new Date('2026-03-12T09:30:00Z') },
            at(4),
          ),
        ).toBeUndefined();
        const cancelled = await storage.bookings.setStatus(other.id, 0, 'cancelled', at(5));
        expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 1 });
        expect(await storage.bookings.liveForSitting('s2')).toBeUndefined();
        await storage.bookings.create(newBooking(a.id, 's3', other.startsAt), at(6));
        expect(
          (await storage.bookings.liveForAssessors([a.id], new Date('2026-03-10T00:00:00Z'), new Date('2026-03-12T00:00:00Z'))).map((b) => b.sittingId).sort(),
        ).toEqual(['s1', 's3']);
        expect((await storage.bookings.forAssessor(a.id, new Date('2026-03-10T00:00:00Z'), new Date('2026-03-11T00:00:00Z'))).map((b) => b.status)).toEqual([
          'cancelled',
          'booked',
        ]);
        expect((await storage.bookings.confirm(first.id, at(7)))?.confirmedAt).toEqual(at(7));
      });

      it('records once that a candidate left without booking (the first time stands), per sitting', async () => {
        expect(await storage.bookings.leftAt('s1')).toBeUndefined();
        expect(await storage.bookings.recordLeave({ sittingId: 's1', candidateUserId: 'user-s1', activityId: 'act-1' }, at(1))).toEqual(at(1));
        expect(await storage.bookings.recordLeave({ sittingId: 's1', candidateUserId: 'user-s1', activityId: 'act-1' }, at(2))).toEqual(at(1));
        expect(await storage.bookings.leftAt('s1')).toEqual(at(1));
        expect(await storage.bookings.leftAt('s2')).toBeUndefined();
      });

      it('keeps one assessment per booking, replaced when the assessor saves again', async () => {
        const a = await storage.staff.create({ email: 'a@example.org', name: 'A', role: 'assessor' }, at(0));
        const b = await storage.bookings.create(newBooking(a.id, 's1', new Date('2026-03-10T09:00:00Z')), at(1));
        await storage.oralAssessments.save(
          { bookingId: b.id, assessorId: a.id, outcome: 'incident', criteria: null, level: null, comments: 'sound cut' },
          at(2),
        );
        const criteria = { vocabulary: 'B2', grammar: 'B1', fluency: 'B2', pronunciation: 'B2', interaction: 'C1' } as const;
        const saved = await storage.oralAssessments.save(
          { bookingId: b.id, assessorId: a.id, outcome: 'graded', criteria, level: 'B2', comments: 'fluent' },
          at(3),
        );
        expect(saved).toMatchObject({ outcome: 'graded', criteria, level: 'B2', comments: 'fluent', updatedAt: at(3) });
      });
    });

    oralRoomCases(() => storage);

    describe('results and certificates', () => {
      const result = (id: string, sittingId: string, activityId = 'act-r') => ({
        ...openResult({ ...openInput(), id, sittingId, activity: { ...openInput().activity, activityId } }, at(0)),
      });
      const certificate = (id: string, resultId: string, statusIndex: number) => ({
        id,
        resultId,
        statusList: '1',
        statusIndex,
        jwt: `header.${id}.signature`,
        issuedAt: at(10).toISOString(),
        revokedAt: null,
        revocationReason: null,
        revokedBy: null,
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
        expect(await storage.certificates.get('cert-1')).toMatchObject({
          revokedAt: at(20).toISOString(),
          revocationReason: 'identity fraud',
          revokedBy: 'admin-1',
        });
        expect(await storage.certificates.statusEntries('1')).toEqual({ used: [7, 4242], revoked: [4242] });
        expect(await storage.certificates.statusEntries('2')).toEqual({ used: [], revoked: [] });
      });
    });

    describe('instructor dashboard: accommodations and attempt resets', () => {
      const sittingOf = (id: string, userId: string) => ({
        id,
        activityId: 'act-d',
        userId,
        bankId: 'en',
        settings: { proctoring: false, timeMultiplier: 1 },
        step: 'items' as const,
        sectionIndex: 0,
        skillState: null,
        results: [],
        current: null,
        stepData: {},
        createdAt: at(0).toISOString(),
        updatedAt: at(0).toISOString(),
        version: 1,
      });

      it('keeps one accommodation per candidate and activity, replaced on change', async () => {
        const d = storage.dashboard;
        expect(await d.accommodations.get('act-d', 'u1')).toBeUndefined();
        await d.accommodations.put('act-d', 'u1', { timeMultiplier: 1.25, proctoringExemption: null }, 'teacher', at(1));
        const second = await d.accommodations.put('act-d', 'u1', { timeMultiplier: 1.5, proctoringExemption: 'medical certificate' }, 'teacher', at(2));
        expect(second).toMatchObject({ timeMultiplier: 1.5, proctoringExemption: 'medical certificate' });
        expect(await d.accommodations.get('act-d', 'u1')).toMatchObject({ timeMultiplier: 1.5, proctoringExemption: 'medical certificate' });
        expect(await d.accommodations.get('act-d', 'u2')).toBeUndefined();
      });

      it('archives then deletes an attempt and its responses, once', async () => {
        const d = storage.dashboard;
        await storage.sittings.create(sittingOf('sit-d', 'u3'));
        const read = (await storage.sittings.get('sit-d'))!;
        const answered = {
          sittingId: 'sit-d',
          itemId: 'i1',
          skill: 'vocabulary' as const,
          position: 1,
          response: {},
          points: 1,
          maxPoints: 1,
          timedOut: false,
          servedAt: at(0).toISOString(),
          answeredAt: at(5).toISOString(),
        };
        expect(await storage.sittings.commit({ ...read, version: read.version + 1 }, { responses: [answered], exposure: [], jobs: [] }, at(5))).toBe(true);
        expect(await d.attempts.find('act-d', 'u3')).toMatchObject({ sittingId: 'sit-d', resultState: null, liveBooking: false });
        const input = {
          archiveId: 'arch-1',
          activityId: 'act-d',
          userId: 'u3',
          sittingId: 'sit-d',
          reason: 'fire alarm during the test',
          actor: 'teacher',
          now: at(10),
        };
        expect(await d.attempts.archiveAndDelete(input)).toBe(true);
        expect(await storage.sittings.get('sit-d')).toBeUndefined();
        expect(await storage.responses.listFor('sit-d')).toEqual([]);
        expect(await d.attempts.find('act-d', 'u3')).toBeUndefined();
      });
    });

    describe('service heartbeats and downtime (migration 0017)', () => {
      it("keeps each instance's latest heartbeat and tells the latest of the others", async () => {
        const repo = storage.downtime;
        expect(await repo.lastBeat('a')).toBeUndefined();
        await repo.beat('a', at(1));
        await repo.beat('b', at(2));
        await repo.beat('a', at(5));
        expect(await repo.lastBeat('c')).toEqual(at(5));
        expect(await repo.lastBeat('a')).toEqual(at(2));
        await repo.forgetBefore(at(3));
        expect(await repo.lastBeat('a')).toBeUndefined();
        expect(await repo.lastBeat('c')).toEqual(at(5));
      });

      it('records downtime spans once each and lists those that ended since a date, oldest first', async () => {
        const repo = storage.downtime;
        await repo.record({ startedAt: at(50), endedAt: at(60) });
        await repo.record({ startedAt: at(10), endedAt: at(20) });
        await repo.record({ startedAt: at(10), endedAt: at(20) });
        expect(await repo.endedSince(at(0))).toEqual([
          { startedAt: at(10), endedAt: at(20) },
          { startedAt: at(50), endedAt: at(60) },
        ]);
        expect(await repo.endedSince(at(21))).toEqual([{ startedAt: at(50), endedAt: at(60) }]);
      });
    });

    describe("candidates' personal details", () => {
      it('keeps one record per candidate and activity; a change keeps its creation time', async () => {
        const repo = storage.personalDetails;
        const owner = { activityId: 'act-p', userId: 'u-p1' };
        expect(await repo.get(owner)).toBeUndefined();
        const first = await repo.put(owner, sampleDetails({ birthName: 'Martin', usageName: null }), at(1));
        expect(first).toMatchObject({
          birthName: 'Martin',
          usageName: null,
          birthDepartment: '69',
          createdAt: at(1).toISOString(),
          updatedAt: at(1).toISOString(),
        });
        const second = await repo.put(owner, sampleDetails({ birthName: 'Martin', usageName: 'Durand', phone: null }), at(2));
        expect(second).toMatchObject({ usageName: 'Durand', phone: null, createdAt: at(1).toISOString(), updatedAt: at(2).toISOString() });
        expect(await repo.get(owner)).toEqual(second);
        expect(await repo.get({ activityId: 'act-other', userId: 'u-p1' })).toBeUndefined();
      });

      it("lists an activity's records (or all) by name, with the LMS user id when the user is known", async () => {
        const repo = storage.personalDetails;
        await storage.db
          .insertInto('users')
          .values({
            id: 'u-p2',
            issuer: 'https://lms.example',
            subject: 'lms-42',
            name: 'A B',
            given_name: null,
            family_name: null,
            email: null,
            created_at: at(0).toISOString(),
            updated_at: at(0).toISOString(),
          })
          .execute();
        await repo.put({ activityId: 'act-q', userId: 'u-p2' }, sampleDetails({ birthName: 'Zola', firstNames: 'Emile' }), at(1));
        await repo.put({ activityId: 'act-q', userId: 'u-p3' }, sampleDetails({ birthName: 'Abadie', firstNames: 'Lea' }), at(2));
        await repo.put({ activityId: 'act-r', userId: 'u-p2' }, sampleDetails({ birthName: 'Zola', firstNames: 'Emile' }), at(3));
        const listed = await repo.list('act-q');
        expect(listed.map((r) => [r.birthName, r.userId, r.lmsUserId, r.activityId])).toEqual([
          ['Abadie', 'u-p3', 'u-p3', 'act-q'],
          ['Zola', 'u-p2', 'lms-42', 'act-q'],
        ]);
        expect(listed[0]).toMatchObject({ activityTitle: null, email: 'lea.martin@example.org', cpfDossierNumber: '12345678901' });
        expect((await repo.list()).map((r) => r.activityId).sort()).toEqual(['act-q', 'act-q', 'act-r']);
      });
    });

    describe('statements reused across requests', () => {
      it('keeps reading a table after another instance adds a column to it (a rolling upgrade)', async () => {
        const job = await storage.jobs.enqueue({ type: 'x', payload: { n: 1 } }, at(0));
        const sitting = {
          id: 's-up',
          activityId: 'act-up',
          userId: 'u-up',
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
        };
        await storage.sittings.create(sitting);
        // Twice each, so that a driver preparing statements has them prepared.
        for (let i = 0; i < 2; i++) {
          expect(await storage.jobs.get(job.id)).toMatchObject({ type: 'x' });
          expect(await storage.sittings.findFor({ activityId: 'act-up', userId: 'u-up' })).toMatchObject({ id: 's-up' });
        }
        await sql`alter table jobs add column added_later text`.execute(storage.db);
        await sql`alter table sittings add column added_later text`.execute(storage.db);
        expect(await storage.jobs.get(job.id)).toMatchObject({ type: 'x', payload: { n: 1 } });
        expect(await storage.sittings.findFor({ activityId: 'act-up', userId: 'u-up' })).toMatchObject({ id: 's-up' });
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
