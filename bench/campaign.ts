/**
 * npm run campaign: the fault campaign of issue 20, on SQLite and (with TEST_DATABASE_URL or
 * BENCH_DATABASE_URL) on PostgreSQL. It prints figures; it asserts nothing, but says "UNEXPECTED"
 * next to a figure that shows a fault. Everything runs on 127.0.0.1, bounded to a few minutes on
 * 2 cores:
 *   1. kill -9 during sittings: a real Cadre process killed and restarted while candidates answer;
 *      every acknowledged answer must be stored, none sent in time may count as late;
 *   2. LMS outage during passback, with a Cadre restart in the middle: what the LMS (emulated,
 *      with Moodle's score order) finally holds on each line item;
 *   3. concurrent booking: 200 candidates book the same slot at once;
 *   4. malformed payloads on the JSON endpoints: no 5xx;
 *   5. certificate byte flips: every altered certificate is detected.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROLE } from '../lti/claims.js';
import { ManualClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { loadBank } from '../server/content/load-bank.js';
import { GRADE_TAGS, levelScore, SKILLS, type GradeTag } from '../server/domain/cefr.js';
import type { SittingView } from '../server/domain/delivery/sitting-service.js';
import { contentDir } from '../server/paths.js';
import { startCadre } from '../server/server.js';
import { openStorage } from '../server/storage/storage.js';
import { correctResponse, wrongResponse } from '../test/support/answers.js';
import { Agent } from '../test/support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../test/support/lti/cadre.js';
import { startEmulator } from '../test/support/lti/servers.js';
import { TestLaunches } from '../test/support/lti-principals.js';
import { detailsBody } from '../test/support/personal-details.js';
import { kill9, runTs, type Child } from '../test/support/process.js';
import { openInput, oralGrade } from '../test/support/results.js';
import { fmt, onPostgres, runConcurrently } from './stats.js';
import { freePort } from '../test/support/free-port.js';

type Print = (line: string) => void;

const KILLS = 4;
const SITTING_CANDIDATES = 10;
const PASSBACK_CANDIDATES = 12;
const BOOKERS = 200;
const ASSESSORS = 3;
const FLIPS = 110;

export async function run(print: Print): Promise<void> {
  await campaign(print, 'SQLite', (check) => check({}));
  if (process.env.TEST_DATABASE_URL ?? process.env.BENCH_DATABASE_URL) {
    // Each check on a database of its own, as each SQLite check has its own DATA_DIR: a check's
    // leftovers (another server's keys, sealed with its secret) are not the next one's fault.
    await campaign(print, 'PostgreSQL', (check) => onPostgres(print, (databaseUrl) => check({ DATABASE_URL: databaseUrl })));
  } else {
    await onPostgres(print, async () => undefined); // says why PostgreSQL was not measured
  }
  print(
    `(load average: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
}

type Check = (print: Print, env: Record<string, string>) => Promise<void>;

/** Runs every check; `onDatabase` runs one with the environment naming its database. */
async function campaign(print: Print, label: string, onDatabase: (check: (env: Record<string, string>) => Promise<void>) => Promise<void>): Promise<void> {
  print(`${label}:`);
  for (const [name, check] of [
    ['kill -9 during sittings', killDuringSittings],
    ['LMS outage during passback', outageDuringPassback],
    ['concurrent booking', concurrentBooking],
    ['malformed payloads', malformedPayloads],
    ['certificate byte flips', certificateFlips],
  ] as const satisfies readonly (readonly [string, Check])[]) {
    const started = performance.now();
    try {
      await onDatabase((env) => check((line) => print(`  ${line}`), env));
    } catch (error) {
      print(`  ${name}: FAILED ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    }
    print(`    (${name}: ${fmt((performance.now() - started) / 1000, 1)} s)`);
  }
}

const flag = (bad: boolean) => (bad ? '  UNEXPECTED' : '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** JSON over an agent (the candidate's launch session); a network failure (Cadre down) gives status 0. */
async function api<T>(agent: Agent, base: string, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
  try {
    const page = await agent.request(`${base}${url}`, {
      method,
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
    return { status: page.status, json: (page.body ? JSON.parse(page.body) : undefined) as T };
  } catch {
    return { status: 0, json: undefined as T };
  }
}

// ------------------------------------------------------------------ 1. kill -9 during sittings

async function killDuringSittings(print: Print, env: Record<string, string>): Promise<void> {
  const bank = loadBank(path.join(contentDir, 'banks', 'en'));
  const lms = await startEmulator();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-campaign-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const childEnv = {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: base,
    JOBS_ENABLED: 'false',
    DEMO: 'false',
    LTI_AUTO_ACTIVATE: 'true',
    LOG_LEVEL: 'error',
    SESSION_SECRET: randomUUID() + randomUUID(),
    ...env,
  };
  let server: Child = runTs('server/main.ts', childEnv);
  const acknowledged: { sittingId: string; itemId: string; late: boolean }[] = [];
  let retries = 0;
  try {
    await server.waitFor(/Cadre is ready at/, 120_000);
    const world = { cadre: { url: base }, lms } as unknown as World;
    // The Tool URL is issued in the server's database, as `npm run platform -- registration-url` does.
    const tokens = await openStorage(loadConfig(childEnv).database);
    const clientId = (await registerDynamically(world, undefined, tokens.oneTimeTokens).finally(() => tokens.close())).tool.clientId;
    const linkId = lms.emulator.addResourceLink(lms.emulator.defaultContextId, {
      clientId,
      title: 'Certification',
      custom: { cadre_language: 'en', cadre_oral_required: 'false', cadre_proctoring: 'false' },
    }).id;
    const agents: Agent[] = [];
    for (let i = 0; i < SITTING_CANDIDATES; i++) {
      const agent = new Agent();
      await launch(world, agent, { clientId, userId: `kill-${i}`, contextId: lms.emulator.defaultContextId, resourceLinkId: linkId, roles: [ROLE.learner] });
      await api(agent, base, 'PUT', '/api/candidate/personal-details', detailsBody());
      await api(agent, base, 'POST', '/api/sitting/steps/instructions', { data: {} });
      agents.push(agent);
    }
    let killing = true;
    // Candidates answer with a little thought; when Cadre is down they try again.
    const candidate = async (agent: Agent) => {
      for (;;) {
        const state = await api<SittingView>(agent, base, 'GET', '/api/sitting');
        if (state.status !== 200) {
          retries++;
          await sleep(300);
          continue;
        }
        if (state.json.step === 'written-done') return;
        let view = state.json;
        if (!view.item) {
          const next = await api<SittingView>(agent, base, 'POST', '/api/sitting/next');
          if (next.status !== 200) continue;
          view = next.json;
        }
        const item = bank.item(view.item!.id)!;
        const response = (acknowledged.length % 3 ? correctResponse : wrongResponse)(item.type, item.content, view.item!.view);
        await sleep(killing ? 100 + Math.random() * 300 : 0);
        // Sent in time, and sent again (the same answer) until Cadre takes it or the item moved on.
        for (;;) {
          const answered = await api<SittingView>(agent, base, 'POST', `/api/sitting/items/${item.id}/answer`, { response });
          if (answered.status === 200) {
            acknowledged.push({ sittingId: view.id, itemId: item.id, late: answered.json.answer?.late ?? false });
            break;
          }
          if (answered.status !== 0) break; // 409: the item moved on (the answer was taken before the crash)
          retries++;
          await sleep(300);
        }
      }
    };
    const killer = async () => {
      for (let k = 0; k < KILLS; k++) {
        await sleep(1500 + Math.random() * 2000);
        await kill9(server);
        await sleep(1000);
        server = runTs('server/main.ts', childEnv);
        await server.waitFor(/Cadre is ready at/, 120_000);
      }
      killing = false;
    };
    await Promise.all([killer(), ...agents.map(candidate)]);
    await kill9(server);

    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
    const storage = await openStorage(config.database);
    let lost = 0;
    let scoredLate = 0;
    try {
      for (const a of acknowledged) {
        const row = await storage.db
          .selectFrom('responses')
          .select('timed_out')
          .where('sitting_id', '=', a.sittingId)
          .where('item_id', '=', a.itemId)
          .executeTakeFirst();
        if (!row) lost++;
        else if (row.timed_out) scoredLate++;
      }
    } finally {
      await storage.close();
    }
    const late = acknowledged.filter((a) => a.late).length;
    print(
      `kill -9 during sittings: ${KILLS} kills while ${SITTING_CANDIDATES} candidates answered; ${acknowledged.length} answers acknowledged, ${retries} resends`,
    );
    print(`  acknowledged answers lost: ${lost}/${acknowledged.length}${flag(lost > 0)}`);
    print(`  answers sent in time but scored as timed out: ${scoredLate}/${acknowledged.length} (replies saying late: ${late})${flag(scoredLate > 0)}`);
  } finally {
    if (server.process.exitCode === null && server.process.signalCode === null) await kill9(server);
    await lms.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ 2. LMS outage during passback

async function outageDuringPassback(print: Print, env: Record<string, string>): Promise<void> {
  const clock = new ManualClock(new Date());
  const world = await startWorld({ clock, env: { ...env, LOG_LEVEL: 'silent' } });
  try {
    world.lms.emulator.scoreOrder = 'moodle';
    const clientId = (await registerDynamically(world)).tool.clientId;
    const ctx = world.lms.emulator.defaultContextId;
    const links = {
      written: world.lms.emulator.addResourceLink(ctx, { clientId, title: 'Sans oral', custom: { cadre_oral_required: 'false', cadre_proctoring: 'false' } })
        .id,
      oral: world.lms.emulator.addResourceLink(ctx, { clientId, title: 'Avec oral', custom: { cadre_oral_required: 'true', cadre_proctoring: 'false' } }).id,
    };
    const people: { kind: 'written' | 'oral'; subject: string; userId: string; activityId: string; resultId?: string }[] = [];
    for (const kind of ['written', 'oral'] as const) {
      for (let i = 0; i < PASSBACK_CANDIDATES; i++) {
        const subject = `pb-${kind}-${i}`;
        await launch(world, new Agent(), { clientId, userId: subject, contextId: ctx, resourceLinkId: links[kind], roles: [ROLE.learner] });
        const db = world.cadre.storage.db;
        const userId = (await db.selectFrom('users').select('id').where('subject', '=', subject).executeTakeFirstOrThrow()).id;
        const activityId = (await db.selectFrom('activities').select('id').where('resource_link_id', '=', links[kind]).executeTakeFirstOrThrow()).id;
        people.push({ kind, subject, userId, activityId });
      }
    }
    const open = async (p: (typeof people)[number]) => {
      const { id: _id, ...input } = openInput({ sittingId: `s-${p.subject}`, userId: p.userId, oralRequired: p.kind === 'oral' });
      const r = await world.cadre.results.open({ ...input, activity: { ...input.activity, activityId: p.activityId, contextId: ctx } });
      p.resultId = r.id;
    };
    // Half the oral candidates' written parts end while the LMS is up ("Pending" lands)…
    const orals = people.filter((p) => p.kind === 'oral');
    for (const p of orals.slice(0, orals.length / 2)) await open(p);
    await world.cadre.worker.drain();
    // …then the LMS goes down: the other written parts end, every oral is graded, written-only results are released.
    world.lms.emulator.setOutage(503);
    for (const p of [...orals.slice(orals.length / 2), ...people.filter((q) => q.kind === 'written')]) await open(p);
    for (const p of orals) await world.cadre.results.recordOral(p.resultId!, oralGrade('B2'));
    await world.cadre.worker.drain();
    // Cadre restarts in the middle of the passback; the LMS comes back a while later.
    await world.restart(() => clock.advance(60_000));
    clock.advance(15 * 60_000);
    world.lms.emulator.clearOutage();
    for (let i = 0; i < 30; i++) {
      await world.cadre.worker.drain();
      clock.advance(5 * 60_000);
    }
    let cells = 0;
    let final = 0;
    let pending = 0;
    let oralOnWrittenOnly = 0;
    for (const p of people) {
      const result = (await world.cadre.results.get(p.resultId!))!;
      const expected: Partial<Record<GradeTag, number>> = { overall: levelScore(result.levels!.overall) };
      for (const skill of SKILLS) expected[skill] = levelScore(result.levels!.written[skill]);
      if (p.kind === 'oral') expected.oral = levelScore(result.levels!.oral!);
      for (const li of world.lms.emulator.context(ctx).lineItems.filter((l) => l.resourceLinkId === links[p.kind])) {
        const held = world.lms.emulator.heldScore(ctx, li.id, p.subject);
        if (p.kind === 'written' && li.tag === 'oral' && held) oralOnWrittenOnly++;
      }
      for (const tag of GRADE_TAGS) {
        if (expected[tag] === undefined) continue;
        cells++;
        const li = world.lms.emulator.context(ctx).lineItems.find((l) => l.resourceLinkId === links[p.kind] && l.tag === tag);
        const held = li && world.lms.emulator.heldScore(ctx, li.id, p.subject);
        if (held?.gradingProgress === 'FullyGraded' && held.scoreGiven === expected[tag]) final++;
        else if (held?.gradingProgress === 'Pending') pending++;
      }
    }
    const failed = await world.cadre.storage.db
      .selectFrom('jobs')
      .select('last_error')
      .where('type', '=', 'lti.score')
      .where('status', '=', 'failed')
      .where('last_error', 'not like', 'cancelled:%')
      .execute();
    const refused = world.lms.emulator.scoreLog.length;
    print(
      `LMS outage during passback (Moodle score order, restart mid-passback): ${PASSBACK_CANDIDATES} candidates without an oral, ${PASSBACK_CANDIDATES} with one; ${refused} scores accepted by the LMS`,
    );
    print(`  line items holding the released level: ${final}/${cells}${flag(final !== cells)}; left "Pending": ${pending}${flag(pending > 0)}`);
    print(
      `  scores on the oral line item of an activity without an oral: ${oralOnWrittenOnly}${flag(oralOnWrittenOnly > 0)}; score jobs failed for good: ${failed.length}${flag(failed.length > 0)}`,
    );
    // Why they failed, once per reason: the figure alone does not say what to fix.
    for (const reason of new Set(failed.map((f) => f.last_error))) print(`    failed: ${reason}`);
  } finally {
    await world.close();
  }
}

// ------------------------------------------------------------------ 3. concurrent booking

async function concurrentBooking(print: Print, env: Record<string, string>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-campaign-'));
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, JOBS_ENABLED: 'false', ...env });
  const launches = new TestLaunches();
  const now = new Date('2026-03-16T08:00:00Z');
  const cadre = await startCadre(config, { clock: new ManualClock(now), principal: launches.principal, roster: launches });
  try {
    for (let i = 0; i < ASSESSORS; i++) {
      const member = await cadre.storage.staff.create(
        { email: `a${i}@campaign.example.org`, name: `Assessor ${i}`, role: 'assessor', timeZone: 'Europe/Paris' },
        now,
      );
      await cadre.storage.availability.replace(member.id, {
        rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 12 * 60 })),
        exceptions: [],
      });
    }
    const cookies = Array.from({ length: BOOKERS }, (_, i) => launches.launch({ userId: `booker-${i}`, role: 'candidate' }).cookie);
    const calendar = (await (
      await fetch(`${cadre.url}/api/oral/calendar?tz=Europe/Paris`, { headers: { accept: 'application/json', cookie: cookies[0]! } })
    ).json()) as {
      slots: { startsAt: string }[];
    };
    const slot = calendar.slots[0]!.startsAt;
    const statuses: Record<number, number> = {};
    await runConcurrently(BOOKERS, BOOKERS, async (i) => {
      const res = await fetch(`${cadre.url}/api/oral/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', cookie: cookies[i]! },
        body: JSON.stringify({ startsAt: slot }),
      });
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      await res.arrayBuffer();
    });
    const rows = await cadre.storage.db.selectFrom('bookings').select(['assessor_id']).where('status', '=', 'booked').execute();
    const assessors = new Set(rows.map((r) => r.assessor_id)).size;
    const won = statuses[201] ?? 0;
    print(
      `concurrent booking: ${BOOKERS} candidates book the same slot at once, ${ASSESSORS} assessors free: ${won} booked (${assessors} distinct assessors), ${statuses[409] ?? 0} refused with 409, others ${JSON.stringify(Object.fromEntries(Object.entries(statuses).filter(([s]) => s !== '201' && s !== '409')))}${flag(won !== ASSESSORS || assessors !== ASSESSORS || rows.length !== ASSESSORS)}`,
    );
  } finally {
    await cadre.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ 4. malformed payloads

async function malformedPayloads(print: Print, env: Record<string, string>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-campaign-'));
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, JOBS_ENABLED: 'false', ...env });
  const launches = new TestLaunches();
  const cadre = await startCadre(config, { principal: launches.principal, roster: launches });
  try {
    const candidate = launches.launch({ userId: 'malformed', role: 'candidate' }).cookie;
    const targets: [string, string, string | undefined][] = [
      ['POST', '/api/verify', undefined],
      ['POST', '/api/demo-test/items/demo-1/check', undefined],
      ['POST', '/staff/login', undefined],
      ['POST', '/api/sitting/items/x/answer', candidate],
      ['PUT', '/api/candidate/personal-details', candidate],
      ['POST', '/api/oral/bookings', candidate],
    ];
    const bodies: [string, Record<string, string>, string | Buffer][] = [
      ['latin1 charset', { 'content-type': 'application/json; charset=latin1' }, '{"a":"é"}'],
      ['koi8-r charset', { 'content-type': 'application/json; charset=koi8-r' }, '{}'],
      ['utf-16 charset', { 'content-type': 'application/json; charset=utf-16' }, '{}'],
      ['truncated JSON', { 'content-type': 'application/json' }, '{"response":'],
      ['not JSON', { 'content-type': 'application/json' }, 'hello'],
      ['invalid UTF-8', { 'content-type': 'application/json' }, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ['NUL bytes', { 'content-type': 'application/json' }, '{"a":"\u0000"}\u0000'],
      ['deep nesting', { 'content-type': 'application/json' }, '['.repeat(5000) + ']'.repeat(5000)],
      ['huge number', { 'content-type': 'application/json' }, '{"response":1e999,"startsAt":1e999,"credential":1e999}'],
      ['wrong types', { 'content-type': 'application/json' }, '{"response":[[[[]]]],"startsAt":{"$gt":""},"credential":["x"],"email":{},"password":null}'],
      ['prototype keys', { 'content-type': 'application/json' }, '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
      ['2 MB body', { 'content-type': 'application/json' }, JSON.stringify({ credential: 'a'.repeat(2 * 1024 * 1024) })],
      ['unknown compression', { 'content-type': 'application/json', 'content-encoding': 'compress' }, '{}'],
      ['gzip that is not', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip at all'],
      ['form body', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1&b=2'],
      ['no content type', {}, '{}'],
      ['empty JSON', { 'content-type': 'application/json' }, ''],
      ['JSON null', { 'content-type': 'application/json' }, 'null'],
    ];
    const statuses: Record<number, number> = {};
    const fivexx: string[] = [];
    let resets = 0;
    for (const [method, url, cookie] of targets) {
      for (const [name, headers, body] of bodies) {
        try {
          const res = await fetch(`${cadre.url}${url}`, {
            method,
            headers: { accept: 'application/json', ...headers, ...(cookie ? { cookie } : {}) },
            body: typeof body === 'string' ? body : new Uint8Array(body),
          });
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          const answer = (await res.json().catch(() => ({}))) as { error?: { id?: string } };
          if (res.status >= 500 || (res.status >= 400 && !answer.error?.id)) fivexx.push(`${method} ${url} ${name}: ${res.status}`);
        } catch {
          resets++;
        }
      }
    }
    const total = targets.length * bodies.length;
    print(
      `malformed payloads: ${total} requests (${bodies.length} kinds × ${targets.length} JSON endpoints): ${fivexx.length} answered 5xx or without an error id${flag(fivexx.length > 0)}, ${resets} connections reset${flag(resets > 0)}; by status ${JSON.stringify(statuses)}`,
    );
    for (const line of fivexx.slice(0, 5)) print(`  ${line}`);
  } finally {
    await cadre.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ 5. certificate byte flips

async function certificateFlips(print: Print, env: Record<string, string>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-campaign-'));
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, JOBS_ENABLED: 'false', ...env });
  const cadre = await startCadre(config, { passback: async () => undefined });
  try {
    const { id: _id, ...input } = openInput({ sittingId: 'campaign-cert', userId: 'campaign-user' });
    const opened = await cadre.results.open(input);
    const released = await cadre.results.recordOral(opened.id, oralGrade('B2'));
    const jwt = (await cadre.results.certificateForResult(released.id))!.jwt;
    const verify = async (credential: string) => {
      const res = await fetch(`${cadre.url}/api/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ credential }),
      });
      return ((await res.json()) as { outcome?: string; error?: unknown }).outcome ?? `status ${res.status}`;
    };
    const original = await verify(jwt);
    const parts = jwt.split('.').map((p) => Buffer.from(p, 'base64url'));
    const outcomes: Record<string, number> = {};
    let accepted = 0;
    for (let i = 0; i < FLIPS; i++) {
      // Spread over the three parts, payload first: one bit of one byte changed.
      const part = i % 10 < 6 ? 1 : i % 10 < 8 ? 2 : 0;
      const bytes = Buffer.from(parts[part]!);
      const at = Math.floor((((i * 7919) % 1000) / 1000) * bytes.length);
      bytes[at] = bytes[at]! ^ (1 << (i % 8));
      const altered = parts.map((p, k) => (k === part ? bytes : p).toString('base64url')).join('.');
      const outcome = await verify(altered);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome === 'valid') accepted++;
    }
    print(
      `certificate byte flips: the untouched certificate verifies as "${original}"${flag(original !== 'valid')}; ${FLIPS - accepted}/${FLIPS} altered certificates detected${flag(accepted > 0)} ${JSON.stringify(outcomes)}`,
    );
  } finally {
    await cadre.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// npm run campaign
if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  console.log(`Cadre fault campaign — ${new Date().toISOString()} — Node ${process.version}, ${os.cpus().length} cores`);
  await run((line) => console.log(line));
  console.log(`(${fmt((performance.now() - started) / 1000, 1)} s)`);
}
