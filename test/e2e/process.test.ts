import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../server/clock.js';
import { JobWorker } from '../../server/jobs/worker.js';
import { openStorage } from '../../server/storage/storage.js';
import { tempDir } from '../support/config.js';
import { kill9, runTs } from '../support/process.js';

describe('the Cadre process', () => {
  it('refuses to start with invalid settings, listing every problem in one message', async () => {
    const child = runTs('server/main.ts', { PORT: 'abc', DATABASE_URL: 'mysql://x', DATA_DIR: tempDir() });
    expect(await child.exited).toBe(1);
    const output = child.output();
    expect(output).toContain('Invalid configuration:');
    expect(output).toMatch(/PORT \("abc"\): must be a port number/);
    expect(output).toMatch(/DATABASE_URL \("mysql:\/\/x"\): must start with postgres:\/\//);
    expect(output).not.toMatch(/at .*\.ts:\d+/); // a message for a person, not a stack trace
  });

  it('keeps acknowledged data through kill -9, and runs a job queued before the crash once after restart', async () => {
    const dataDir = tempDir();
    const env = { DATA_DIR: dataDir, HOST: '127.0.0.1', JOBS_ENABLED: 'false' };

    // 1. A process queues a job and dies by SIGKILL before anything runs it.
    const writer = runTs('test/support/enqueue-job.ts', env);
    const [, jobId] = await writer.waitFor(/ENQUEUED (\S+)/);
    await kill9(writer);

    // 2. Cadre starts on the same data, is ready, and is killed the same way.
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const server = runTs('server/main.ts', { ...env, PORT: port });
    await server.waitFor(/Cadre is ready at/);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(200);
    await kill9(server);

    // 3. After the restart the job is still there and runs exactly once.
    const storage = await openStorage({ kind: 'sqlite', file: path.join(dataDir, 'cadre.sqlite') });
    try {
      expect(await storage.jobs.get(jobId!)).toMatchObject({ status: 'pending', payload: { note: 'written before the crash' } });
      const notes: string[] = [];
      const worker = new JobWorker({ jobs: storage.jobs, clock: systemClock, logger: pino({ level: 'silent' }), pollMs: 50 });
      worker.register('e2e.note', { payload: z.object({ note: z.string() }), run: async (p) => void notes.push(p.note) });
      expect(await worker.drain()).toBe(1);
      expect(await worker.drain()).toBe(0);
      expect(notes).toEqual(['written before the crash']);
      expect((await storage.jobs.get(jobId!))?.status).toBe('done');
    } finally {
      await storage.close();
    }
  });
});
