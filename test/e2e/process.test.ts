import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../server/clock.js';
import { JobWorker } from '../../server/jobs/worker.js';
import { openStorage } from '../../server/storage/storage.js';
import { tempDir } from '../support/config.js';
import { kill9, runTs } from '../support/process.js';
import { ROLE } from '../../lti/claims.js';
import { loadBank } from '../../server/content/load-bank.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { contentDir } from '../../server/paths.js';
import { correctResponse } from '../support/answers.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, type World } from '../support/lti/cadre.js';
import { startEmulator } from '../support/lti/servers.js';
import { detailsBody } from '../support/personal-details.js';
import { freePort } from '../support/free-port.js';

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

// Issue 20, item 2, with a real crash: Cadre is killed (SIGKILL) with an item on screen and started
// again some seconds later; the seconds it was down are not taken from the candidate.
describe('the Cadre process, killed with an item on screen', () => {
  it('gives the item back with the time it had left, and counts the answer sent after the restart', async () => {
    const lms = await startEmulator();
    const dataDir = tempDir();
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      JOBS_ENABLED: 'false',
      DEMO: 'false',
      LTI_AUTO_ACTIVATE: 'true',
      SESSION_SECRET: 'a-test-secret-of-at-least-32-characters',
    };
    let server = runTs('server/main.ts', env);
    try {
      await server.waitFor(/Cadre is ready at/, 90_000);
      const world = { cadre: { url: `http://127.0.0.1:${port}` }, lms } as unknown as World;
      const storage = await openStorage({ kind: 'sqlite', file: path.join(dataDir, 'cadre.sqlite') });
      const clientId = (await registerDynamically(world, undefined, storage.oneTimeTokens).finally(() => storage.close())).tool.clientId;
      const linkId = lms.emulator.addResourceLink(lms.emulator.defaultContextId, {
        clientId,
        title: 'Certification',
        custom: { cadre_language: 'en', cadre_oral_required: 'false', cadre_proctoring: 'false' },
      }).id;
      const agent = new Agent();
      await launch(world, agent, { clientId, userId: 'learner-1', contextId: lms.emulator.defaultContextId, resourceLinkId: linkId, roles: [ROLE.learner] });
      const api = async <T>(method: string, url: string, body?: unknown) => {
        const page = await agent.request(`${world.cadre.url}${url}`, {
          method,
          headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
        });
        return { status: page.status, json: (page.body ? JSON.parse(page.body) : undefined) as T };
      };
      expect((await api('PUT', '/api/candidate/personal-details', detailsBody())).status).toBe(200);
      await api('POST', '/api/sitting/steps/instructions', { data: {} });
      const served = (await api<SittingView>('POST', '/api/sitting/next')).json;
      const left = served.item!.remainingMs;

      await kill9(server);
      const downMs = 8_000;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = runTs('server/main.ts', env);
      await server.waitFor(/Cadre is ready at/, 90_000);

      const back = (await api<SittingView>('GET', '/api/sitting')).json;
      expect(back.item?.id).toBe(served.item!.id);
      // Charged, the downtime (at least downMs, plus the restart) would have come off what was left.
      expect(back.item!.remainingMs).toBeGreaterThan(left - downMs);
      const bank = loadBank(path.join(contentDir, 'banks', 'en'));
      const item = bank.item(served.item!.id)!;
      const answered = await api<SittingView>('POST', `/api/sitting/items/${item.id}/answer`, {
        response: correctResponse(item.type, item.content, back.item!.view),
      });
      expect(answered.status).toBe(200);
      expect(answered.json.answer).toEqual({ itemId: item.id, late: false });
      expect(server.output()).toMatch(/item deadlines move by this downtime/);
    } finally {
      await kill9(server);
      await lms.close();
    }
  }, 240_000);
});
