import { createHash } from 'node:crypto';
import { strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScormPackageOptions } from '../../scorm/ports.js';
import { instructor, startScormCadre, userIdOf, type ScormCadre } from '../support/scorm-cadre.js';
import { unzip } from '../support/scorm.js';

const LMS = 'https://lms.example.org';

describe('SCORM launch endpoint, start links and package management over HTTP', () => {
  let cadre: ScormCadre;
  beforeAll(async () => {
    cadre = await startScormCadre();
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  const asInstructor = { 'x-test-principal': JSON.stringify(instructor), 'content-type': 'application/json' };

  /** Builds a package through the instructor's route; returns its id and the key from its package.js. */
  async function buildPackage(activityId: string, options: Partial<ScormPackageOptions> = {}): Promise<{ id: string; key: string; salt: string }> {
    const res = await fetch(`${cadre.url}/api/activities/${activityId}/scorm-packages`, {
      method: 'POST',
      headers: asInstructor,
      body: JSON.stringify(options),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="cadre-.*\.zip"$/);
    const config = strFromU8(unzip(new Uint8Array(await res.arrayBuffer()))['launcher/package.js']!);
    const parsed = JSON.parse(config.slice(config.indexOf('{'), config.lastIndexOf('}') + 1)) as { key: string; learnerIdSalt: string };
    return { id: res.headers.get('x-scorm-package-id')!, key: parsed.key, salt: parsed.learnerIdSalt };
  }

  function launch(body: object, origin = LMS, lang = 'en') {
    return fetch(`${cadre.url}/scorm/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin, 'accept-language': lang },
      body: JSON.stringify(body),
    });
  }

  const ticketCount = async () =>
    Number(
      (
        await cadre.storage.db
          .selectFrom('scorm_tickets')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers a CORS preflight from any LMS page, for the launch endpoint only', async () => {
    const res = await fetch(`${cadre.url}/scorm/launch`, {
      method: 'OPTIONS',
      headers: { origin: LMS, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(LMS);
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await fetch(`${cadre.url}/api/activities/act-b1/scorm-packages`, {
      method: 'OPTIONS',
      headers: { origin: LMS, 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('maps a learner to one Cadre user, opens a session through a single-use start link, and reports progress', async () => {
    const { key } = await buildPackage('act-b1', { label: 'Moodle', lmsOrigin: LMS });
    const res = await launch({ key, learnerId: 'moodle-42', learnerName: 'Jane Doe', locale: 'en' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(LMS);
    const answer = await res.json();
    expect(answer).toMatchObject({
      state: 'not-started',
      final: false,
      activity: { title: 'English certification — B1', targetLevel: 'B1' },
      learner: { name: 'Jane Doe' },
    });
    expect(answer.cmi).toEqual([['cmi.core.lesson_status', 'incomplete']]);
    expect(answer.texts.status).toBe('Your certification has not started yet.');
    expect(answer.texts.start).toBe('Start the test');
    const userId = userIdOf(cadre, 'moodle-42')!;
    expect(cadre.users.users.get(`scorm:${LMS}\nmoodle-42`)).toEqual({ userId, name: 'Jane Doe' });

    // The start link, top-level: a session cookie, then the sitting starts.
    const start = await fetch(answer.startUrl, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toBe('/api/sitting');
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^cadre_scorm=/);
    const sitting = await fetch(`${cadre.url}/api/sitting`, { headers: { cookie } });
    expect(sitting.status).toBe(200);
    expect(await cadre.storage.sittings.findFor({ activityId: 'act-b1', userId })).toBeDefined();

    // Used once: a second visit gets a page that explains, and no session.
    const again = await fetch(answer.startUrl, { redirect: 'manual', headers: { accept: 'text/html', 'accept-language': 'en' } });
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('This start link has expired or has already been used.');

    // The same learner again, in French: the same user, the sitting under way.
    const back = await (await launch({ key, learnerId: 'moodle-42', learnerName: 'Jane Doe' }, LMS, 'fr')).json();
    expect(userIdOf(cadre, 'moodle-42')).toBe(userId);
    expect(back).toMatchObject({ state: 'in-progress', locale: 'fr' });
    expect(back.texts.start).toBe('Reprendre l’épreuve');

    // Released in between: the final result comes with the next launch.
    cadre.released.set(`act-b1|${userId}`, { score0to6: 4 });
    const done = await (await launch({ key, learnerId: 'moodle-42' })).json();
    expect(done).toMatchObject({ state: 'released', final: true, result: { score: 4, level: 'B2', passed: true } });
    expect(done.cmi).toEqual([
      ['cmi.core.score.min', '0'],
      ['cmi.core.score.max', '6'],
      ['cmi.core.score.raw', '4'],
      ['cmi.core.lesson_status', 'passed'],
    ]);
    expect(done.texts.result).toBe('B2 (4 out of 6)');
  });

  it('refuses an altered key with a clear message, no ticket and no user', async () => {
    const { id, key } = await buildPackage('act-b1');
    const before = { tickets: await ticketCount(), users: cadre.users.users.size };
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    for (const altered of [key.slice(0, -1) + last, `${'x'.repeat(22)}${key.slice(22)}`, 'not-a-key']) {
      const res = await launch({ key: altered, learnerId: 'moodle-7' });
      expect(res.status).toBe(401);
      expect(res.headers.get('access-control-allow-origin')).toBe(LMS);
      expect((await res.json()).error).toMatchObject({
        id: 'scorm:key-invalid',
        message:
          'This SCORM package is not recognised by Cadre: its key is wrong or has been altered. Ask your training centre for a new package; no session was opened.',
      });
    }
    expect(await ticketCount()).toBe(before.tickets);
    expect(cadre.users.users.size).toBe(before.users);
    const audit = await cadre.storage.audit.listForSubject('scorm-package', id);
    expect(audit.map((e) => [e.action, e.details?.reason ?? null])).toEqual([
      ['scorm.package-created', null],
      ['scorm.launch-refused', 'altered-key'],
    ]);
  });

  it('revoking a package refuses its launches and its outstanding start links; listed and audited', async () => {
    const { id, key } = await buildPackage('act-b1', { label: 'Old Moodle' });
    const answer = await (await launch({ key, learnerId: 'moodle-8' })).json();
    expect((await launch({ key, learnerId: 'moodle-8', refresh: true })).status).toBe(200);
    const revoke = await fetch(`${cadre.url}/api/scorm-packages/${id}/revoke`, { method: 'POST', headers: asInstructor, body: '{}' });
    expect(revoke.status).toBe(200);
    expect((await revoke.json()).revokedAt).not.toBeNull();

    const before = await ticketCount();
    const res = await launch({ key, learnerId: 'moodle-8' }, LMS, 'fr');
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe(
      'Ce module SCORM a été retiré par votre centre de formation. Demandez-lui le module en vigueur ; aucune session n’a été ouverte.',
    );
    expect(await ticketCount()).toBe(before);
    const start = await fetch(answer.startUrl, { redirect: 'manual', headers: { accept: 'text/html', 'accept-language': 'en' } });
    expect(start.status).toBe(403);
    expect(start.headers.get('set-cookie')).toBeNull();

    const list = await (await fetch(`${cadre.url}/api/activities/act-b1/scorm-packages`, { headers: asInstructor })).json();
    const listed = list.packages.find((p: { id: string }) => p.id === id);
    expect(listed).toMatchObject({ label: 'Old Moodle', version: '1.2', revokedAt: expect.any(String), launchCount: 1 });
    expect(JSON.stringify(list)).not.toContain(key.split('.')[1]);
    const audit = await cadre.storage.audit.listForSubject('scorm-package', id);
    expect(audit.map((e) => e.action)).toEqual(['scorm.package-created', 'scorm.package-revoked', 'scorm.launch-refused']);
    expect(audit[1]!.actor).toEqual({ kind: 'lti-user', id: 'teacher-1' });
  });

  it('a package registered for one LMS is refused from another origin', async () => {
    const { key } = await buildPackage('act-b1', { lmsOrigin: LMS });
    const res = await launch({ key, learnerId: 'moodle-9' }, 'https://evil.example.com');
    expect(res.status).toBe(403);
    expect((await res.json()).error.id).toBe('scorm:origin-not-allowed');
  });

  it('with hashed learner ids, Cadre gets and keeps only the hash, and no name', async () => {
    const { key, salt } = await buildPackage('act-b2', { version: '2004', hashLearnerIds: true, scoreScale: 'percent' });
    expect((await launch({ key, learnerId: 'moodle-10', learnerName: 'Ann' })).status).toBe(400);
    const hashed = `sha256:${createHash('sha256').update(`${salt}:moodle-10`).digest('hex')}`;
    const answer = await (await launch({ key, learnerId: hashed, learnerName: 'Ann' })).json();
    expect(answer.learner).toEqual({ name: null });
    expect(answer.cmi).toEqual([
      ['cmi.completion_status', 'incomplete'],
      ['cmi.success_status', 'unknown'],
    ]);
    const userId = userIdOf(cadre, hashed)!;
    expect(userId).toBeDefined();
    expect(JSON.stringify([...cadre.users.users])).not.toContain('moodle-10');
    cadre.released.set(`act-b2|${userId}`, { score0to6: 3 });
    const done = await (await launch({ key, learnerId: hashed })).json();
    expect(done.cmi).toEqual([
      ['cmi.score.min', '0'],
      ['cmi.score.max', '100'],
      ['cmi.score.raw', '50'],
      ['cmi.score.scaled', '0.5'],
      ['cmi.completion_status', 'completed'],
      ['cmi.success_status', 'failed'],
    ]);
  });

  it('says so when the LMS gives no learner id', async () => {
    const { key } = await buildPackage('act-b1');
    const res = await launch({ key, learnerId: '  ' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.id).toBe('scorm:learner-missing');
  });

  it('only instructors of the course and centre admins manage packages, by JSON requests only', async () => {
    const candidate = { ...instructor, userId: 'cand-1', role: 'candidate' };
    const otherCourse = { ...instructor, contextId: 'course-2' };
    const admin = { kind: 'staff', staffId: 'admin-1', role: 'centre-admin', name: 'A', email: 'a@example.org', locale: 'en' };
    const post = (principal: object, type = 'application/json') =>
      fetch(`${cadre.url}/api/activities/act-b1/scorm-packages`, {
        method: 'POST',
        headers: { 'x-test-principal': JSON.stringify(principal), 'content-type': type },
        body: '{}',
      });
    expect((await post(candidate)).status).toBe(403);
    expect((await post(otherCourse)).status).toBe(403);
    expect((await post(admin)).status).toBe(201);
    expect((await post(instructor, 'application/x-www-form-urlencoded')).status).toBe(403);
    const anonymous = await fetch(`${cadre.url}/api/activities/act-b1/scorm-packages`);
    expect(anonymous.status).toBe(401);
    const bad = await fetch(`${cadre.url}/api/activities/act-b1/scorm-packages`, {
      method: 'POST',
      headers: asInstructor,
      body: JSON.stringify({ version: '3' }),
    });
    expect(bad.status).toBe(400);
    const missing = await fetch(`${cadre.url}/api/activities/nope/scorm-packages`, { method: 'POST', headers: asInstructor, body: '{}' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.id).toBe('scorm:activity-not-found');
  });
});
