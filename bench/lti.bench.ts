/**
 * LTI launches and grade passback on SQLite. Cadre runs in this thread; the LMS (the platform
 * emulator) and the browsers run in a worker thread, as they are elsewhere in real life. Both
 * share this 2-core machine. A full launch = OIDC login at Cadre → authorization at the LMS
 * (id_token signed) → id_token POST to Cadre (guard, upserts, session) →
 * first page (candidate home).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { issueRegistrationUrl } from '../lti/registration.js';
import { loadConfig } from '../server/config.js';
import { startCadre } from '../server/server.js';
import { onPostgres } from './stats.js';
import { freePort } from '../test/support/free-port.js';

/**
 * Counts the SQL statements this process runs: every better-sqlite3 statement execution and every
 * query a pg client sends (BEGIN and COMMIT included).
 */
function countStatements(): () => number {
  const Sqlite = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => { prepare(sql: string): object; close(): void };
  const probe = new Sqlite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  let count = 0;
  const originals: [Record<string, (...args: unknown[]) => unknown>, string, (...args: unknown[]) => unknown][] = [];
  const wrap = (target: Record<string, (...args: unknown[]) => unknown>, method: string) => {
    const original = target[method]!;
    originals.push([target, method, original]);
    target[method] = function (this: unknown, ...args: unknown[]) {
      count++;
      return original.apply(this, args);
    };
  };
  for (const method of ['all', 'get', 'run', 'iterate']) wrap(proto, method);
  wrap(pg.Client.prototype as unknown as Record<string, (...args: unknown[]) => unknown>, 'query');
  return () => count;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function run(print: (line: string) => void): Promise<void> {
  const statements = countStatements();
  await measure(print, 'SQLite', {}, statements);
  await onPostgres(print, (databaseUrl) => measure(print, 'PostgreSQL', { DATABASE_URL: databaseUrl }, statements));
}

async function measure(print: (line: string) => void, label: string, env: Record<string, string>, statements: () => number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-bench-lti-'));
  // The worker is TypeScript: it registers tsx's loader first (workers do not inherit it).
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const workerUrl = new URL('./lti-lms.worker.ts', import.meta.url).href;
  const lms = new Worker(`import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`, { eval: true });
  const ask = <T extends Record<string, unknown>>(message: Record<string, unknown>) =>
    new Promise<T>((resolve, reject) => {
      lms.once('message', (answer: T & { ok: boolean; error?: string }) => (answer.ok ? resolve(answer) : reject(new Error(answer.error))));
      lms.postMessage(message);
    });
  await ask({ cmd: 'start' });
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    DEMO: 'false',
    LTI_AUTO_ACTIVATE: 'true',
    ...env,
  });
  const cadre = await startCadre(config);
  try {
    const { url: registrationUrl } = await issueRegistrationUrl(cadre.storage.oneTimeTokens, new Date(), { publicUrl: cadre.url, issuedBy: 'bench' });
    await ask({ cmd: 'register', registrationUrl });
    const load = async (seconds: number, concurrency: number, freshUsers = false) => {
      // Cadre runs on this thread (the LMS and browsers in the worker): its busy time is what launches cost it.
      const busy = performance.eventLoopUtilization();
      const { latencies, elapsed } = await ask<{ latencies: number[]; elapsed: number }>({ cmd: 'load', seconds, concurrency, freshUsers });
      const cadreMs = performance.eventLoopUtilization(busy).active / latencies.length;
      latencies.sort((a, b) => a - b);
      return { rate: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length, cadreMs };
    };
    await load(1.5, 4); // warm-up: JIT, key caches, statement cache
    const seconds = Number(process.env.BENCH_SECONDS ?? 3);
    // 24 learners launching again and again (returning users), then a new user per launch.
    for (const freshUsers of [false, true]) {
      const counted = statements();
      let launches = 0;
      for (const concurrency of freshUsers ? [50] : [1, 16, 50]) {
        const r = await load(seconds, concurrency, freshUsers);
        launches += r.count;
        print(
          `lti: full launches (login + id_token POST + first page), ${label}, ${freshUsers ? 'a new user each, ' : ''}${concurrency} concurrent browsers: ${r.rate.toFixed(0)}/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.count} launches; Cadre's thread busy ${r.cadreMs.toFixed(1)} ms per launch)`,
        );
      }
      // What does not depend on the machine's load: the database work of one launch.
      print(
        `lti: SQL statements per full launch, ${label}${freshUsers ? ', new users' : ''}: ${((statements() - counted) / launches).toFixed(1)} (over the ${launches} launches above)`,
      );
    }

    // Grade passback: 7 scores per candidate, posted to the LMS by one job worker.
    const { storage } = cadre;
    const [platform] = await cadre.lti.platforms.list();
    const course = await storage.courses.find(platform!.id, 'course-101');
    const activity = course && (await storage.activities.find(course.id, 'rl-bench'));
    if (!course || !activity) throw new Error('the launches enrolled no course or activity');
    let queued = 0;
    for (const m of await storage.memberships.list(course.id)) {
      queued += await cadre.lti.queueGrades({
        activityId: activity.id,
        userId: m.userId,
        stage: 'validated',
        levels: { overall: 'B2', vocabulary: 'B1', grammar: 'B2', expressions: 'C1', reading: 'B2', listening: 'B1', oral: 'B2' },
      });
    }
    const { loadavg } = await import('node:os');
    // Figures depend on what else runs on the machine: say how busy it was.
    print(
      `lti: (load average at the end of the launches: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
    );
    const before = (await ask<{ count: number }>({ cmd: 'scores' })).count;
    const t0 = performance.now();
    await cadre.worker.drain();
    const drained = (performance.now() - t0) / 1000;
    const sent = (await ask<{ count: number }>({ cmd: 'scores' })).count - before;
    print(
      `lti: AGS scores delivered to the LMS by one job worker, ${label}: ${(sent / drained).toFixed(0)}/s (${sent} of ${queued} queued; the 7 line items found or created on the way)`,
    );
  } finally {
    await cadre.stop();
    await ask({ cmd: 'stop' }).catch(() => undefined);
    await lms.terminate();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
