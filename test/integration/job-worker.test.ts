import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../server/clock.js';
import { PermanentJobError } from '../../server/domain/jobs/jobs.js';
import { JobWorker } from '../../server/jobs/worker.js';
import { openStorage, type Storage } from '../../server/storage/storage.js';
import { tempDir } from '../support/config.js';

const logger = pino({ level: 'silent' });

describe('job worker on a SQLite file', () => {
  let storage: Storage;
  let clock: ManualClock;
  let worker: JobWorker;
  beforeEach(async () => {
    storage = await openStorage({ kind: 'sqlite', file: path.join(tempDir(), 'cadre.sqlite') });
    clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
    worker = new JobWorker({ jobs: storage.jobs, clock, logger, pollMs: 50, leaseMs: 30_000 });
  });
  afterEach(async () => {
    await worker.stop();
    await storage.close();
  });

  it('runs a due job once with its validated payload', async () => {
    const seen: string[] = [];
    worker.register('greet', { payload: z.object({ name: z.string() }), run: async (p) => void seen.push(p.name) });
    const job = await storage.jobs.enqueue({ type: 'greet', payload: { name: 'Awa' } }, clock.now());
    expect(await worker.drain()).toBe(1);
    expect(await worker.drain()).toBe(0);
    expect(seen).toEqual(['Awa']);
    expect((await storage.jobs.get(job.id))?.status).toBe('done');
  });

  it('waits for a job planned later', async () => {
    let runs = 0;
    worker.register('reminder', { payload: z.unknown(), run: async () => void runs++ });
    await storage.jobs.enqueue({ type: 'reminder', payload: {}, runAt: new Date('2026-05-05T10:00:00Z') }, clock.now());
    expect(await worker.drain()).toBe(0);
    clock.set('2026-05-05T10:00:00Z');
    expect(await worker.drain()).toBe(1);
    expect(runs).toBe(1);
  });

  it('retries a failing job with growing delays, then succeeds', async () => {
    let calls = 0;
    worker.register('flaky', {
      payload: z.unknown(),
      run: async () => {
        calls++;
        if (calls < 3) throw new Error(`LMS answered 503 (call ${calls})`);
      },
    });
    const job = await storage.jobs.enqueue({ type: 'flaky', payload: {} }, clock.now());
    await worker.drain();
    expect(await storage.jobs.get(job.id)).toMatchObject({
      status: 'pending',
      lastError: 'LMS answered 503 (call 1)',
      runAt: new Date('2026-05-04T10:00:05Z'),
    });
    clock.advance(5_000);
    await worker.drain();
    expect((await storage.jobs.get(job.id))?.runAt).toEqual(new Date('2026-05-04T10:00:15Z'));
    clock.advance(4_000);
    expect(await worker.drain()).toBe(0);
    clock.advance(6_000);
    await worker.drain();
    expect(await storage.jobs.get(job.id)).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('stops for good on a permanent error, an unknown type, a bad payload, or too many attempts', async () => {
    worker.register('refused', { payload: z.unknown(), run: async () => Promise.reject(new PermanentJobError('LMS answered 400')) });
    worker.register('typed', { payload: z.object({ n: z.number() }), run: async () => undefined });
    worker.register('hopeless', { payload: z.unknown(), run: async () => Promise.reject(new Error('timeout')) });
    const refused = await storage.jobs.enqueue({ type: 'refused', payload: {} }, clock.now());
    const unknown = await storage.jobs.enqueue({ type: 'nobody-handles-this', payload: {} }, clock.now());
    const bad = await storage.jobs.enqueue({ type: 'typed', payload: { n: 'three' } }, clock.now());
    const hopeless = await storage.jobs.enqueue({ type: 'hopeless', payload: {}, maxAttempts: 2 }, clock.now());
    await worker.drain();
    clock.advance(60_000);
    await worker.drain();
    expect(await storage.jobs.get(refused.id)).toMatchObject({ status: 'failed', lastError: 'LMS answered 400', attempts: 1 });
    expect(await storage.jobs.get(unknown.id)).toMatchObject({ status: 'failed', lastError: 'no handler for job type nobody-handles-this' });
    expect((await storage.jobs.get(bad.id))?.lastError).toMatch(/^invalid payload/);
    expect(await storage.jobs.get(hopeless.id)).toMatchObject({ status: 'failed', lastError: 'timeout', attempts: 2 });
  });

  it('takes over the job of a worker that died mid-run once its lease expires', async () => {
    const job = await storage.jobs.enqueue({ type: 'grade', payload: {} }, clock.now());
    // A first worker claims the job and dies before finishing it.
    await storage.jobs.claimNext('dead-worker', clock.now(), 30_000);
    let runs = 0;
    worker.register('grade', { payload: z.unknown(), run: async () => void runs++ });
    expect(await worker.drain()).toBe(0);
    clock.advance(30_001);
    expect(await worker.drain()).toBe(1);
    expect(runs).toBe(1);
    expect(await storage.jobs.get(job.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('polls by itself once started', async () => {
    const done = new Promise<string>((resolve) => worker.register('ping', { payload: z.string(), run: async (p) => resolve(p) }));
    worker.start();
    await storage.jobs.enqueue({ type: 'ping', payload: 'pong' }, clock.now());
    expect(await done).toBe('pong');
  });
});
