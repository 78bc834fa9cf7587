/**
 * The written test under load (issue 5): answer submissions per second and their latency over HTTP,
 * with concurrent simulated candidates launched from the LMS (the platform emulator), on SQLite
 * and on PostgreSQL; and the gzipped size of the exam bundle. Cadre and the emulator run in this
 * thread; the candidates run in a worker thread. Everything shares this machine's cores.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { ROLE } from '../lti/claims.js';
import { SESSION_COOKIE } from '../lti/sessions.js';
import { publicDir, projectRoot } from '../server/paths.js';
import { Agent } from '../test/support/lti/agent.js';
import { launch, registerDynamically, startWorld } from '../test/support/lti/cadre.js';
import { fmt, onPostgres, summarize } from './stats.js';

const TARGET = '(target: 1,000 answers/s, p99 < 50 ms on 2 cores)';
const BUNDLE_TARGET_KB = 120;

export async function run(print: (line: string) => void): Promise<void> {
  bundleSize(print);
  await measure(print, 'SQLite', {});
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
  const world = await startWorld({ env: { ...env, LOG_LEVEL: 'silent' } });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const workerUrl = new URL('./delivery-candidates.worker.ts', import.meta.url).href;
  const candidates = new Worker(`import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`, { eval: true });
  const load = (cookies: string[], items: number) =>
    new Promise<{ next: number[]; answer: number[]; wallMs: number }>((resolve, reject) => {
      candidates.once('message', (m: { ok: boolean; error?: string; next: number[]; answer: number[]; wallMs: number }) => (m.ok ? resolve(m) : reject(new Error(m.error))));
      candidates.once('error', reject);
      candidates.postMessage({ url: world.cadre.url, cookies, items });
    });
  try {
    const { clientId } = (await registerDynamically(world)).tool;
    world.lms.emulator.addContext('course-bench', 'BENCH', 'Bench');
    const linkId = world.lms.emulator.addResourceLink('course-bench', { clientId, title: 'Certification', custom: { cadre_language: 'en', cadre_oral_required: 'true', cadre_proctoring: 'false' } }).id;
    let users = 0;
    const launchMany = async (n: number) => {
      const cookies: string[] = [];
      for (let i = 0; i < n; i++) {
        const agent = new Agent();
        const page = await launch(world, agent, { clientId, userId: `bench-${++users}`, contextId: 'course-bench', resourceLinkId: linkId, roles: [ROLE.learner] });
        if (page.status !== 200) throw new Error(`launch answered ${page.status}`);
        cookies.push(`${SESSION_COOKIE}=${agent.cookies.get(SESSION_COOKIE)}`);
      }
      return cookies;
    };
    await load(await launchMany(8), 10); // warm-up: JIT, statement caches, pool
    for (const concurrency of [16, 64]) {
      const r = await load(await launchMany(concurrency), 50);
      const a = summarize(r.answer);
      const n = summarize(r.next);
      print(`${label}, ${concurrency} candidates answering 50 items each as fast as they can (POST next + POST answer):`);
      print(`  ${fmt(r.answer.length / (r.wallMs / 1000), 0)} answers/s; answer p50 ${fmt(a.p50, 1)} ms, p99 ${fmt(a.p99, 1)} ms ${TARGET}`);
      print(`  next item p50 ${fmt(n.p50, 1)} ms, p99 ${fmt(n.p99, 1)} ms; ${r.answer.length} answers in ${fmt(r.wallMs / 1000, 1)} s`);
    }
    print(`  (load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  } finally {
    await candidates.terminate();
    await world.close();
  }
}
