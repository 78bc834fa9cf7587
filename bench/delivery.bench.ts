/**
 * The written test under load (issue 5): answer submissions per second and their latency over HTTP,
 * with concurrent simulated candidates launched from the LMS (the platform emulator), on SQLite
 * and on PostgreSQL; and the gzipped size of the exam bundle. Cadre and the emulator run in this
 * thread; the candidates run in a worker thread. Everything shares this machine's cores.
 * The candidates first send 1,000 answers/s between them (the target load, paced as real
 * candidates are), then answer flat out (the most the server takes, and the latency it gives then).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { ROLE } from '../lti/claims.js';
import { SESSION_COOKIE } from '../lti/sessions.js';
import { publicDir, projectRoot } from '../server/paths.js';
import { Agent } from '../test/support/lti/agent.js';
import { launch, registerDynamically, startWorld } from '../test/support/lti/cadre.js';
import { fmt, mainThreadCpuMs, onPostgres, summarize } from './stats.js';
import type { Command, Outcome } from './delivery-candidates.worker.js';

const TARGET = '(target: 1,000 answers/s, p99 < 50 ms on 2 cores)';
const TARGET_RATE = 1000;
const TARGET_P99_MS = 50;
const PACED_CANDIDATES = 200;
const BUNDLE_TARGET_KB = 120;

/** DELIVERY_RUNS=paced,flat,burst (default: all) and DELIVERY_DATABASES=sqlite,postgres (default: both) pick what to run. */
const runs = new Set((process.env.DELIVERY_RUNS ?? 'paced,flat,burst').split(','));
const databases = new Set((process.env.DELIVERY_DATABASES ?? 'sqlite,postgres').split(','));

export async function run(print: (line: string) => void): Promise<void> {
  if (!process.env.DELIVERY_RUNS) bundleSize(print);
  if (databases.has('sqlite')) await measure(print, 'SQLite', {});
  if (databases.has('postgres'))
    await onPostgres(print, async (databaseUrl) => {
      await measure(print, 'PostgreSQL', { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '16' });
    });
}

/** The exam bundle as the browser downloads it (gzip), without the face model, the wasm and the lazily loaded vision chunk. */
function bundleSize(print: (line: string) => void): void {
  const bundle = path.join(publicDir, 'cadre.js');
  if (!fs.existsSync(bundle)) {
    const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const raw = fs.readFileSync(bundle);
  const gz = gzipSync(raw, { level: 9 }).length;
  print(`exam bundle dist/public/cadre.js: ${fmt(gz / 1024, 1)} KB gzipped (${fmt(raw.length / 1024, 0)} KB raw) (target: under ${BUNDLE_TARGET_KB} KB)`);
  const lazy = fs.readdirSync(publicDir).filter((f) => f.endsWith('.js') && f !== 'cadre.js');
  for (const file of lazy) {
    const size = gzipSync(fs.readFileSync(path.join(publicDir, file)), { level: 9 }).length;
    print(`  apart: ${file} ${fmt(size / 1024, 1)} KB gzipped (loaded only by proctoring), models/ and wasm/ not counted`);
  }
}

async function measure(print: (line: string) => void, label: string, env: Record<string, string>): Promise<void> {
  // BENCH_LOG_LEVEL=info logs as a server does by default (the log lines go to stdout: filter them out with grep -v '^{').
  const world = await startWorld({ env: { ...env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent' } });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const workerUrl = new URL('./delivery-candidates.worker.ts', import.meta.url).href;
  const candidates = new Worker(`import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`, {
    eval: true,
  });
  // Every answer acknowledged (200) must be stored: counted against the responses table at the end.
  let acknowledged = 0;
  const load = (command: Omit<Command, 'url'>) =>
    new Promise<Outcome & { serverMsPerAnswer: number; serverCpuMsPerAnswer: number }>((resolve, reject) => {
      // Cadre runs on this thread: its busy time while the answers come is what they cost the server.
      let answering = performance.eventLoopUtilization();
      let cpuAtStart = mainThreadCpuMs() ?? NaN;
      const onMessage = (m: Outcome | 'answering') => {
        if (m === 'answering') {
          answering = performance.eventLoopUtilization();
          cpuAtStart = mainThreadCpuMs() ?? NaN;
          return;
        }
        candidates.off('message', onMessage);
        const busy = performance.eventLoopUtilization(answering);
        acknowledged += m.answer.length;
        if (m.ok)
          resolve({
            ...m,
            serverMsPerAnswer: busy.active / m.answer.length,
            serverCpuMsPerAnswer: ((mainThreadCpuMs() ?? NaN) - cpuAtStart) / m.answer.length,
          });
        else reject(new Error(m.error));
      };
      candidates.on('message', onMessage);
      candidates.once('error', reject);
      candidates.postMessage({ url: world.cadre.url, ...command });
    });
  try {
    const { clientId } = (await registerDynamically(world)).tool;
    world.lms.emulator.addContext('course-bench', 'BENCH', 'Bench');
    const linkId = world.lms.emulator.addResourceLink('course-bench', {
      clientId,
      title: 'Certification',
      custom: { cadre_language: 'en', cadre_oral_required: 'true', cadre_proctoring: 'false' },
    }).id;
    let users = 0;
    const launchMany = async (n: number) => {
      const cookies: string[] = [];
      for (let i = 0; i < n; i++) {
        const agent = new Agent();
        const page = await launch(world, agent, {
          clientId,
          userId: `bench-${++users}`,
          contextId: 'course-bench',
          resourceLinkId: linkId,
          roles: [ROLE.learner],
        });
        if (page.status !== 200) throw new Error(`launch answered ${page.status}`);
        cookies.push(`${SESSION_COOKIE}=${agent.cookies.get(SESSION_COOKIE)}`);
      }
      return cookies;
    };
    /** `atTarget`: the run sent the target load, so the target is judged on it. */
    const report = (r: Outcome & { serverMsPerAnswer: number; serverCpuMsPerAnswer: number }, atTarget: boolean) => {
      const a = summarize(r.answer);
      const n = summarize(r.next);
      const rate = r.answer.length / (r.wallMs / 1000);
      const verdict = atTarget
        ? ` ${TARGET}: ${rate >= 0.98 * TARGET_RATE && a.p99 < TARGET_P99_MS ? 'met' : 'NOT met'}`
        : ' (no think time: the latency is mostly waiting behind the other candidates)';
      print(`  ${fmt(rate, 0)} answers/s; answer p50 ${fmt(a.p50, 1)} ms, p99 ${fmt(a.p99, 1)} ms${verdict}`);
      const st = summarize(r.start);
      print(
        `  ${r.answer.length} answers in ${fmt(r.wallMs / 1000, 1)} s; the server thread spent ${fmt(r.serverMsPerAnswer, 2)} ms per answer (${fmt(r.serverCpuMsPerAnswer, 2)} ms of CPU)`,
      );
      print(`  next section's first item (POST next) p50 ${fmt(n.p50, 1)} ms, p99 ${fmt(n.p99, 1)} ms`);
      print(`  beforehand, all ${r.start.length} sittings started at once (instructions, first item): p50 ${fmt(st.p50, 1)} ms, p99 ${fmt(st.p99, 1)} ms`);
    };
    // Warm-up (not printed): V8 optimises the hot code after a few thousand requests, as a server in service has long done.
    await load({ cookies: await launchMany(32), items: 50 });
    // Real candidates think between answers: 1,000 answers/s is about 30,000 candidates at one answer
    // every 30 s. Here 200 candidates answer every 200 ms on average, at random.
    if (runs.has('paced')) {
      print(`${label}, ${PACED_CANDIDATES} candidates sending ${TARGET_RATE} answers/s together at random (Poisson), latency from each answer's arrival:`);
      report(await load({ cookies: await launchMany(PACED_CANDIDATES), items: 50, rate: TARGET_RATE }), true);
    }
    for (const concurrency of runs.has('flat') ? [16, 64] : []) {
      print(`${label}, ${concurrency} candidates answering 50 items each as fast as they can (the most the server takes):`);
      report(await load({ cookies: await launchMany(concurrency), items: 50 }), false);
    }
    // A crowd's first answers at once (issue 19: some waited 3.4 s): 256 candidates who started
    // their sittings, read for 6 s (longer than an idle connection is kept by default), then answer
    // together; three such bursts, the first on cold connections.
    const crowd = 256;
    if (runs.has('burst')) {
      print(`${label}, ${crowd} candidates sending an answer at the same moment after 6 s of reading, 3 times:`);
      const r = await load({ cookies: await launchMany(crowd), items: 3, burst: { rounds: 3, idleMs: 6000 } });
      r.bursts!.forEach((b, i) => {
        const s = summarize(b);
        const slow = b.filter((ms) => ms > 1000).length;
        print(`  burst ${i + 1}: ${b.length} answers, p50 ${fmt(s.p50, 0)} ms, p99 ${fmt(s.p99, 0)} ms, max ${fmt(s.max, 0)} ms; ${slow} waited over 1 s`);
      });
    }
    const { stored } = (await world.cadre.storage.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('stored'))
      .where('timed_out', '=', 0)
      .executeTakeFirstOrThrow()) as { stored: number | string };
    print(`  answers acknowledged ${acknowledged}, stored ${stored}: ${acknowledged - Number(stored)} lost`);
    print(
      `  (load average: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
    );
  } finally {
    await candidates.terminate();
    await world.close();
  }
}
