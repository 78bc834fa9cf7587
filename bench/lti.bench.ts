/**
 * LTI launches and grade passback on SQLite, against the platform emulator on 127.0.0.1.
 * A full launch = OIDC login at Cadre → authorization at the LMS (id_token signed) → id_token
 * POST to Cadre (guard + ltijs validation, upserts, session) → first page (candidate home).
 * Everything runs in this one process (client, LMS and Cadre share the 2 cores).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import express from 'express';
import { loadConfig } from '../server/config.js';
import { startCadre } from '../server/server.js';
import { PlatformEmulator, createEmulatorRouter } from '../lti/emulator/index.js';
import { Agent, parseForm } from '../test/integration/lti/helpers/agent.js';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function run(print: (line: string) => void): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-bench-lti-'));
  const lmsPort = await freePort();
  const emulator = await PlatformEmulator.create({ baseUrl: `http://127.0.0.1:${lmsPort}` });
  const lmsApp = express();
  lmsApp.use(createEmulatorRouter(emulator));
  const lmsServer = lmsApp.listen(lmsPort, '127.0.0.1');
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir,
    LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', DEMO: 'false', LTI_AUTO_ACTIVATE: 'true',
  });
  const cadre = await startCadre(config);
  try {
    await new Agent().follow(emulator.startDynamicRegistration(`${cadre.url}/lti/register`));
    const tool = [...emulator.tools.values()][0]!;
    emulator.addResourceLink('course-101', { id: 'rl-bench', title: 'Certification', clientId: tool.clientId });

    let n = 0;
    const oneLaunch = async (): Promise<number> => {
      const agent = new Agent();
      const user = `learner-${(n++ % 24) + 1}`;
      const started = performance.now();
      const auth = await agent.follow(emulator.beginLaunch({ clientId: tool.clientId, userId: user, contextId: 'course-101', resourceLinkId: 'rl-bench' }));
      const form = parseForm(auth.body);
      const home = await agent.submit(form.action, form.fields);
      if (home.status !== 200) throw new Error(`launch answered ${home.status}`);
      return performance.now() - started;
    };

    const measure = async (seconds: number, concurrency: number) => {
      const latencies: number[] = [];
      const until = performance.now() + seconds * 1000;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < until) latencies.push(await oneLaunch());
        }),
      );
      const elapsed = (performance.now() - t0) / 1000;
      latencies.sort((a, b) => a - b);
      return { rate: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length };
    };

    await measure(1, 4); // warm-up (JIT, JWKS caches, access paths)
    for (const concurrency of [1, 4, 8]) {
      const r = await measure(4, concurrency);
      print(`lti: full launches (login + id_token POST + first page), SQLite, concurrency ${concurrency}: ${r.rate.toFixed(0)}/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.count} launches)`);
    }

    // Grade passback: 7 scores per candidate, posted by the job worker to the LMS.
    const db = cadre.storage.db;
    const activity = await db.selectFrom('activities').select('id').where('resource_link_id', '=', 'rl-bench').executeTakeFirstOrThrow();
    const users = await db.selectFrom('users').select('id').execute();
    let queued = 0;
    for (const u of users) {
      queued += await cadre.lti.queueGrades({ activityId: activity.id, userId: u.id, stage: 'validated', levels: { overall: 'B2', vocabulary: 'B1', grammar: 'B2', expressions: 'C1', reading: 'B2', listening: 'B1', oral: 'B2' } });
    }
    const before = emulator.scoreLog.length;
    const t0 = performance.now();
    await cadre.worker.drain();
    const seconds = (performance.now() - t0) / 1000;
    const sent = emulator.scoreLog.length - before;
    print(`lti: AGS scores delivered to the LMS by one worker: ${(sent / seconds).toFixed(0)}/s (${sent} of ${queued} queued, line items found or created on the way)`);
  } finally {
    await cadre.stop();
    lmsServer.closeAllConnections();
    await new Promise<void>((r) => lmsServer.close(() => r()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
