/**
 * A realistic session (issue 19): 100 candidates, each a fresh LMS user, take the proctored
 * written test as the exam page does (bench/candidates.worker.ts: equipment check, identity
 * photos, heartbeats and events, a draft per item, the listening audio, think times, connections
 * closed after idle), while the job worker runs the end-of-test jobs and sends the grades to the
 * LMS, and Cadre logs at its default level (info) to a file. Cadre and the LMS emulator run in
 * this thread, the candidates in a worker thread; everything shares this machine's cores.
 *
 * Time is compressed SCALE times (CANDIDATES_SCALE, default 5): the think times, the monitor's
 * intervals and the clock Cadre and the LMS run on, so deadlines, heartbeat gaps and evidence caps
 * keep their meaning. The server therefore gets SCALE times the requests per second of 100 real
 * candidates: the figures are those of about 100 × SCALE candidates at once, not of 100.
 * Figures only: nothing is asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { ROLE } from '../lti/claims.js';
import { createLogger } from '../server/logger.js';
import { registerDynamically, startWorld } from '../test/support/lti/cadre.js';
import type { Command, Outcome } from './candidates.worker.js';
import { compressedClock, fmt, mainThreadCpuMs, onPostgres, sampleLoad, summarize } from './stats.js';

const CANDIDATES = Number(process.env.CANDIDATES ?? 100);
const SCALE = Number(process.env.CANDIDATES_SCALE ?? 5);
/** CANDIDATES_DATABASES=sqlite,postgres (default: both) picks where to run. */
const databases = new Set((process.env.CANDIDATES_DATABASES ?? 'sqlite,postgres').split(','));
/** Candidates arrive over 5 minutes; a connection idle 5 s is closed (both in compressed time). */
const ARRIVAL_MS = 5 * 60_000;
const IDLE_MS = 5_000;
/** How long (wall clock) the grades may take to reach the LMS after the last answer before the bench gives up on them. */
const GRADES_WAIT_MS = 120_000;

export async function run(print: (line: string) => void): Promise<void> {
  print(
    `${CANDIDATES} candidates, each a fresh LMS user, take the proctored written test (50 items); time compressed ${SCALE}× (think times, monitor intervals, Cadre's and the LMS's clock): the server sees the request rate of ~${CANDIDATES * SCALE} real candidates`,
  );
  if (databases.has('sqlite')) await session(print, 'SQLite', {});
  if (databases.has('postgres')) await onPostgres(print, (databaseUrl) => session(print, 'PostgreSQL', { DATABASE_URL: databaseUrl }));
}

async function session(print: (line: string) => void, label: string, env: Record<string, string>): Promise<void> {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-bench-candidates-')), 'cadre.log');
  const clock = compressedClock(SCALE);
  const world = await startWorld({
    clock,
    // The job worker on, polling at its default interval (1 s of wall clock), as in service.
    env: { ...env, JOBS_ENABLED: 'true', JOBS_POLL_MS: '1000' },
    logger: createLogger('info', logFile),
  });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const workerUrl = new URL('./candidates.worker.ts', import.meta.url).href;
  const candidates = new Worker(`import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`, {
    eval: true,
  });
  try {
    const { clientId } = (await registerDynamically(world)).tool;
    world.lms.emulator.addContext('course-bench', 'BENCH', 'Bench');
    const resourceLinkId = world.lms.emulator.addResourceLink('course-bench', {
      clientId,
      title: 'Certification',
      custom: { cadre_language: 'en', cadre_oral_required: 'false', cadre_proctoring: 'true' },
    }).id;
    const stamp = Date.now().toString(36);
    const launches = Array.from({ length: CANDIDATES }, (_, i) => {
      const userId = `candidate-${stamp}-${i + 1}`;
      return { userId, url: world.lms.emulator.beginLaunch({ clientId, userId, contextId: 'course-bench', resourceLinkId, roles: [ROLE.learner] }) };
    });

    // The grades as the LMS receives them: when each candidate's scores became FullyGraded.
    const graded = new Map<string, number>(); // the last FullyGraded score seen, by user
    let seen = 0;
    const watch = setInterval(() => {
      const log = world.lms.emulator.scoreLog;
      for (; seen < log.length; seen++) {
        const { score } = log[seen]!;
        if (score.gradingProgress === 'FullyGraded') graded.set(score.userId, Date.now());
      }
    }, 50);

    const load = sampleLoad();
    // Cadre's thread: how busy it was, and how long anything waited behind it (a stall of the whole
    // machine shows here too, and in compressed time a 1 s stall is SCALE seconds of the candidates').
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const busyFrom = performance.eventLoopUtilization();
    const cpuFrom = mainThreadCpuMs();
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      candidates.once('message', resolve);
      candidates.once('error', reject);
      candidates.postMessage({
        url: world.cadre.url,
        launches,
        clock: { from: clock.from, scale: clock.scale },
        arrivalMs: ARRIVAL_MS,
        idleMs: IDLE_MS,
      } satisfies Command);
    });
    const busy = performance.eventLoopUtilization(busyFrom);
    const cpu = cpuFrom === undefined ? undefined : mainThreadCpuMs()! - cpuFrom;
    delay.disable();
    const finished = Object.keys(outcome.lastAnswerAt);
    // The end-of-test jobs and grade sends of the last candidates run after their last answer.
    const waitUntil = Date.now() + GRADES_WAIT_MS;
    while (finished.some((u) => !graded.has(u)) && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 100));
    clearInterval(watch);
    const loadRange = load.stop();

    print(`${label}:`);
    if (!outcome.ok) print(`  NOT ALL CANDIDATES FINISHED: ${outcome.error}`);
    const line = (name: string, samples: number[], extra = '') => {
      const s = summarize(samples);
      print(`  ${name}: ${samples.length}, p50 ${fmt(s.p50, 1)} ms, p99 ${fmt(s.p99, 1)} ms, max ${fmt(s.max, 0)} ms${extra}`);
    };
    const l = outcome.latency;
    print(
      `  ${finished.length}/${CANDIDATES} candidates finished the written test in ${fmt(outcome.wallMs / 1000, 1)} s (${fmt((outcome.wallMs * SCALE) / 60_000, 0)} compressed minutes)`,
    );
    line('launches (LMS link → Cadre page, a new user each)', l.launch);
    line('answers', l.answer, outcome.late ? ` (${outcome.late} said late)` : '');
    line('draft saves', l.draft);
    line('heartbeats (160×120 JPEG)', l.heartbeat);
    line('event batches', l.events);
    line('snapshots', l.snapshot);
    line('audio plays (one-time URL + the file)', l.audio, `; ${fmt(outcome.audioBytes / 1e6, 1)} MB sent`);
    line('identity photos (640×480 JPEG)', l.identity);
    line('other requests before the items (details, consent, equipment check, steps)', l.setup);
    line('next section (POST next)', l.next);
    const delays = finished.filter((u) => graded.has(u)).map((u) => graded.get(u)! - outcome.lastAnswerAt[u]!);
    const g = summarize(delays);
    print(
      `  last answer → FullyGraded in the LMS gradebook: ${delays.length}/${finished.length} arrived, p50 ${fmt(g.p50 / 1000, 1)} s, max ${fmt(g.max / 1000, 1)} s (wall clock; the worker polls every 1 s)`,
    );
    const requests = Object.values(outcome.statuses).reduce((a, b) => a + b, 0);
    const refused = Object.entries(outcome.statuses).filter(([k]) => !/ (200|201|204)$/.test(k));
    print(
      `  ${requests} requests (${fmt(requests / (outcome.wallMs / 1000), 0)}/s) on ${outcome.connections} connections; not 2xx: ${refused.length ? refused.map(([k, n]) => `${k}: ${n}`).join(', ') : 'none'}`,
    );
    // Everything the server thread did during the session: launches, proctoring, drafts, audio, jobs, the LMS emulator's side, logging.
    const perAnswer = (ms: number) => `${fmt(ms / Math.max(1, outcome.acknowledged), 2)} ms per answer, ${fmt(ms / Math.max(1, requests), 2)} ms per request`;
    print(
      `  server main thread: ${cpu === undefined ? 'CPU time not measurable here' : `${fmt(cpu / 1000, 1)} s of CPU, ${perAnswer(cpu)}`}; busy ${fmt(busy.utilization * 100, 0)} % of the wall time (${perAnswer(busy.active)}, waiting for a core included) — everything included`,
    );
    print(
      `  event-loop delay of the server thread: p99 ${fmt(delay.percentile(99) / 1e6, 0)} ms, max ${fmt(delay.max / 1e6, 0)} ms (${fmt(((delay.max / 1e6) * SCALE) / 1000, 1)} s of compressed time); of the candidates' thread: p99 ${fmt(outcome.clientDelay.p99, 0)} ms, max ${fmt(outcome.clientDelay.max, 0)} ms`,
    );
    const { stored, timedOut } = (await world.cadre.storage.db
      .selectFrom('responses')
      .select((eb) => [eb.fn.countAll<number>().as('stored'), eb.fn.sum<number>('timed_out').as('timedOut')])
      .executeTakeFirstOrThrow()) as { stored: number | string; timedOut: number | string | null };
    print(
      `  answers acknowledged ${outcome.acknowledged}, stored ${stored} (${Number(timedOut ?? 0)} of them timed out): ${outcome.acknowledged - Number(stored)} lost`,
    );
    await new Promise<void>((resolve) => world.cadre.logger.flush(() => resolve()));
    const logLines = fs.readFileSync(logFile, 'utf8').split('\n').length - 1;
    print(`  ${logLines} log lines at level info (${fmt(fs.statSync(logFile).size / 1e6, 1)} MB) written to ${logFile}`);
    print(`  load average (1 min) during the session: ${fmt(loadRange.min, 1)}–${fmt(loadRange.max, 1)} on ${os.cpus().length} cores`);
  } finally {
    await candidates.terminate();
    await world.close();
  }
}
