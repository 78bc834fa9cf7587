import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import type { EmulatorUser } from '../../lti/emulator/platform.js';
import { loadBank } from '../../server/content/load-bank.js';
import type { Dashboard } from '../../server/domain/dashboard/dashboard.js';
import type { LoadedBank } from '../../server/domain/delivery/ports.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { contentDir } from '../../server/paths.js';
import { correctResponse } from '../support/answers.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { writtenAt } from '../support/results.js';
import { detailsBody } from '../support/personal-details.js';

function person(id: string, givenName: string, familyName: string, role: string): EmulatorUser {
  return { id, givenName, familyName, name: `${givenName} ${familyName}`, email: `${id}@example.test`, roles: [role] };
}

// Issue 9, item 5 over HTTP with the emulated LMS: the instructor's dashboard lists the course's
// learners (NRPS roster merged with launches) with their state, exports CSV, resets an attempt
// and sets accommodations that the next sitting applies; nobody outside the course gets in.
describe('the instructor dashboard', () => {
  let world: World;
  let bank: LoadedBank;
  let clientId: string;
  let linkId: string;
  let activityId: string;
  const teacher = new Agent();
  const learners = new Map<string, Agent>();

  async function api<T>(agent: Agent, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
    const page = await agent.request(`${world.cadre.url}${url}`, {
      method,
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
    return { status: page.status, json: (page.body ? JSON.parse(page.body) : undefined) as T };
  }

  async function learner(id: string): Promise<Agent> {
    const agent = new Agent();
    await launch(world, agent, { clientId, userId: id, contextId: 'course-a', resourceLinkId: linkId, roles: [ROLE.learner] });
    await api(agent, 'PUT', '/api/candidate/personal-details', detailsBody()); // the form before the written test
    learners.set(id, agent);
    return agent;
  }

  const dashboard = async () => (await api<Dashboard>(teacher, 'GET', `/api/activities/${activityId}/dashboard`)).json;
  const row = (d: Dashboard, lmsUserId: string) => d.candidates.find((c) => c.lmsUserId === lmsUserId)!;

  beforeAll(async () => {
    bank = loadBank(path.join(contentDir, 'banks', 'en'));
    world = await startWorld();
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-a', 'ENG-B2', 'Business English B2', [
      person('teacher-a', 'Dominique', 'Leroy', ROLE.instructor),
      person('learner-1', 'Élodie', 'Durand', ROLE.learner),
      person('learner-2', 'Bruno', 'Martin', ROLE.learner),
      person('learner-3', 'Chloé', 'Petit', ROLE.learner),
      person('learner-4', 'Amina', 'Bernard', ROLE.learner),
    ]);
    world.lms.emulator.addContext('course-b', 'ESP-B1', 'Español B1', [person('teacher-b', 'Hugo', 'Simon', ROLE.instructor)]);
    linkId = world.lms.emulator.addResourceLink('course-a', {
      clientId,
      title: 'Certification anglais professionnel',
      custom: {
        cadre_language: 'en',
        cadre_target_level: 'B2',
        cadre_oral_required: 'false',
        cadre_proctoring: 'false',
        cadre_accommodations: '{"extraTimePercent":0}',
      },
    }).id;
    const page = await launch(world, teacher, { clientId, userId: 'teacher-a', contextId: 'course-a', resourceLinkId: linkId });
    expect(new URL(page.url).pathname).toBe('/lti/dashboard');
    expect(page.body).toContain('<cadre-instructor-dashboard');
    activityId = page.body.match(/activity-id="([^"]+)"/)![1]!;

    // learner-1 answers three items; learner-3 and learner-4 never come (yet).
    const one = await learner('learner-1');
    await api(one, 'POST', '/api/sitting/steps/instructions', { data: {} });
    for (let i = 0; i < 3; i++) {
      const view = (await api<SittingView>(one, 'POST', '/api/sitting/next')).json;
      const item = bank.item(view.item!.id)!;
      expect(
        (await api(one, 'POST', `/api/sitting/items/${item.id}/answer`, { response: correctResponse(item.type, item.content, view.item!.view) })).status,
      ).toBe(200);
    }
    // learner-2 opens the sitting and stops at the instructions.
    expect((await api(await learner('learner-2'), 'GET', '/api/sitting')).status).toBe(200);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lists every learner of the course with their state, merged from the LMS roster and the launches', async () => {
    const d = await dashboard();
    expect(d.roster).toBe('ok');
    expect(d.activity).toMatchObject({ id: activityId, title: 'Certification anglais professionnel', targetLevel: 'B2', oralRequired: false });
    // Learners only, sorted by name; the instructor is not a candidate.
    expect(d.candidates.map((c) => c.name)).toEqual(['Amina Bernard', 'Bruno Martin', 'Chloé Petit', 'Élodie Durand']);
    expect(row(d, 'learner-1')).toMatchObject({
      state: 'written-in-progress',
      answered: 3,
      total: 50,
      launched: true,
      inRoster: true,
      flags: 0,
      canReset: true,
      levels: null,
    });
    expect(row(d, 'learner-2')).toMatchObject({ state: 'written-in-progress', answered: 0, launched: true });
    expect(row(d, 'learner-3')).toMatchObject({ id: 'lms:learner-3', userId: null, state: 'not-started', launched: false, canReset: false });
    expect(d.counts).toMatchObject({ 'not-started': 2, 'written-in-progress': 2 });
  });

  it('counts proctoring flags above the auto-validation threshold', async () => {
    const { storage } = world.cadre;
    const userId = row(await dashboard(), 'learner-1').userId!;
    const sittingId = (await storage.sittings.findFor({ activityId, userId }))!.id;
    const at = new Date();
    await storage.proctoring.registerSitting({ sittingId, userId, activityId }, at);
    await storage.proctoring.upsertEvents(
      sittingId,
      [
        { clientId: 'e1', type: 'face.none', severity: 'high', startedAt: at, endedAt: at, details: {} },
        { clientId: 'e2', type: 'tab.hidden', severity: 'medium', startedAt: at, endedAt: at, details: {} },
        { clientId: 'e3', type: 'focus.lost', severity: 'low', startedAt: at, endedAt: at, details: {} },
      ],
      at,
    );
    expect(row(await dashboard(), 'learner-1').flags).toBe(2); // threshold 'low' (default): medium and high count
  });

  it('exports CSV: UTF-8 with BOM, semicolons, a header and one quoted row per learner', async () => {
    const res = await fetch(`${world.cadre.url}/api/activities/${activityId}/dashboard.csv`, {
      headers: { cookie: [...teacher.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 4);
    expect(lines[0]).toMatch(/^"Nom";"Courriel";"Identifiant LMS";"État";/);
    const elodie = lines.find((l) => l.startsWith('"Élodie Durand"'))!;
    expect(elodie.split(';').slice(0, 5)).toEqual(['"Élodie Durand"', '"learner-1@example.test"', '"learner-1"', '"Écrit en cours"', '3']);
    const english = await teacher.request(`${world.cadre.url}/api/activities/${activityId}/dashboard.csv?lang=en`);
    expect(english.body.split('\r\n')[0]).toMatch(/^"Name";"Email";"LMS user id";"State";/);
  });

  it('sets an accommodation, audit-logged, that the next sitting applies (even for a learner who never launched)', async () => {
    const put = await api<{ userId: string; timeMultiplier: number }>(teacher, 'PUT', `/api/activities/${activityId}/candidates/lms:learner-3/accommodation`, {
      timeMultiplier: 1.5,
      proctoringExemption: 'Medical certificate: no camera',
    });
    expect(put.status).toBe(200);
    expect(put.json.timeMultiplier).toBe(1.5);
    const d = await dashboard();
    expect(row(d, 'learner-3')).toMatchObject({
      id: put.json.userId,
      accommodation: { timeMultiplier: 1.5, proctoringExemption: 'Medical certificate: no camera' },
      launched: false,
    });
    const audit = await world.cadre.storage.audit.listForSubject('user', put.json.userId);
    expect(audit[0]).toMatchObject({ action: 'dashboard.accommodation.set', actor: { kind: 'lti-user' }, details: { after: { timeMultiplier: 1.5 } } });

    // learner-3's first launch finds the same Cadre user; their sitting has 1.5× the time.
    const three = await learner('learner-3');
    await api(three, 'POST', '/api/sitting/steps/instructions', { data: {} });
    const view = (await api<SittingView>(three, 'POST', '/api/sitting/next')).json;
    expect(view.item!.timeLimitMs).toBe(Math.round(bank.item(view.item!.id)!.timeLimitSeconds * 1.5 * 1000));
    expect(row(await dashboard(), 'learner-3')).toMatchObject({ id: put.json.userId, launched: true, state: 'written-in-progress' });

    // learner-1's sitting was open before: the accommodation waits for the next one.
    expect(
      (
        await api(teacher, 'PUT', `/api/activities/${activityId}/candidates/${row(d, 'learner-1').id}/accommodation`, {
          timeMultiplier: 2,
          proctoringExemption: null,
        })
      ).status,
    ).toBe(200);
    expect(
      (await api(teacher, 'PUT', `/api/activities/${activityId}/candidates/${row(d, 'learner-1').id}/accommodation`, { timeMultiplier: 2.5 })).status,
    ).toBe(400);
    expect((await api(teacher, 'PUT', `/api/activities/${activityId}/candidates/lms:nobody/accommodation`, { timeMultiplier: 1.2 })).status).toBe(404);
  });

  it('resets an attempt with a reason: archived, audit-logged, and the learner starts again with the new time limits', async () => {
    const one = learners.get('learner-1')!;
    const before = row(await dashboard(), 'learner-1');
    const url = `/api/activities/${activityId}/candidates/${before.id}/reset`;
    expect((await api(teacher, 'POST', url, { reason: '  ' })).status).toBe(400);
    const reset = await api<{ archiveId: string }>(teacher, 'POST', url, { reason: 'Power cut in the exam room' });
    expect(reset.status).toBe(200);

    const archived = await world.cadre.storage.db.selectFrom('attempt_archive').selectAll().where('id', '=', reset.json.archiveId).executeTakeFirstOrThrow();
    expect(archived).toMatchObject({ user_id: before.userId, reason: 'Power cut in the exam room' });
    expect(JSON.parse(archived.responses)).toHaveLength(3);
    const audit = await world.cadre.storage.audit.listForSubject('sitting', archived.sitting_id);
    expect(audit[0]).toMatchObject({
      action: 'dashboard.attempt.reset',
      actor: { kind: 'lti-user' },
      details: { reason: 'Power cut in the exam room', userId: before.userId },
    });

    expect(row(await dashboard(), 'learner-1')).toMatchObject({ state: 'not-started', answered: 0, flags: 0, canReset: false });
    expect((await api(teacher, 'POST', url, { reason: 'again' })).status).toBe(409);
    // Issue 17: the learner's home says their attempt was reset, and when (not an unexplained "À passer").
    const home = (await api<{ written: { state: string }; reset: { at: string } | null }>(one, 'GET', '/api/candidate/home')).json;
    expect(home).toMatchObject({ written: { state: 'not-started' }, reset: { at: archived.reset_at } });
    const view = (await api<SittingView>(one, 'GET', '/api/sitting')).json;
    expect(view).toMatchObject({ step: 'instructions', position: 0 });
    expect(view.id).not.toBe(archived.sitting_id);
    await api(one, 'POST', '/api/sitting/steps/instructions', { data: {} });
    const next = (await api<SittingView>(one, 'POST', '/api/sitting/next')).json;
    expect(next.item!.timeLimitMs).toBe(bank.item(next.item!.id)!.timeLimitSeconds * 2 * 1000);
  });

  it('shows released levels with the result sheet link, and refuses to reset a released attempt', async () => {
    const two = row(await dashboard(), 'learner-2');
    const sitting = (await world.cadre.storage.sittings.findFor({ activityId, userId: two.userId! }))!;
    const result = await world.cadre.results.open({
      sittingId: sitting.id,
      userId: two.userId!,
      activity: {
        activityId,
        contextId: (await world.cadre.storage.db.selectFrom('activities').select('context_id').where('id', '=', activityId).executeTakeFirstOrThrow())
          .context_id,
        title: 'Certification',
        language: 'en',
        targetLevel: 'B2',
        oralRequired: false,
        proctored: false,
      },
      candidate: { name: 'Bruno Martin', email: null, locale: 'fr' },
      instructors: [],
      written: writtenAt({ vocabulary: 'B2', grammar: 'B2', expressions: 'C1', reading: 'B1', listening: 'B2' }),
      writtenAt: new Date().toISOString(),
      reviewNeeded: false,
    });
    expect(result.state).toBe('released');
    const released = row(await dashboard(), 'learner-2');
    expect(released).toMatchObject({
      state: 'released',
      resultId: result.id,
      resultUrl: `/results/${result.id}`,
      canReset: false,
      levels: { written: { vocabulary: 'B2', expressions: 'C1', reading: 'B1' } },
    });
    expect(released.levels!.overall).toMatch(/^[ABC][12]$/);
    // The instructor can open the sheet the link names.
    expect((await teacher.request(`${world.cadre.url}${released.resultUrl}`)).status).toBe(200);
    const refused = await api<{ error: { id: string } }>(teacher, 'POST', `/api/activities/${activityId}/candidates/${released.id}/reset`, {
      reason: 'try again',
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error.id).toBe('dashboard:reset-released');
  });

  it("is for the instructors of the course only: another course's instructor and learners get 403, strangers 401, forms 415", async () => {
    const other = new Agent();
    const otherLink = world.lms.emulator.addResourceLink('course-b', { clientId, title: 'Certification espagnol', custom: { cadre_language: 'en' } }).id;
    await launch(world, other, { clientId, userId: 'teacher-b', contextId: 'course-b', resourceLinkId: otherLink });
    const someone = row(await dashboard(), 'learner-2').id;
    for (const agent of [other, learners.get('learner-1')!]) {
      expect((await api(agent, 'GET', `/api/activities/${activityId}/dashboard`)).status).toBe(403);
      expect((await agent.request(`${world.cadre.url}/api/activities/${activityId}/dashboard.csv`)).status).toBe(403);
      expect((await api(agent, 'POST', `/api/activities/${activityId}/candidates/${someone}/reset`, { reason: 'x' })).status).toBe(403);
      expect((await api(agent, 'PUT', `/api/activities/${activityId}/candidates/${someone}/accommodation`, { timeMultiplier: 2 })).status).toBe(403);
    }
    expect((await api(other, 'GET', '/api/activities/no-such-activity/dashboard')).status).toBe(403);
    expect((await api(new Agent(), 'GET', `/api/activities/${activityId}/dashboard`)).status).toBe(401);
    const forged = await teacher.request(`${world.cadre.url}/api/activities/${activityId}/candidates/${someone}/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=x',
    });
    expect(forged.status).toBe(415);
  });

  it('still lists the learners who launched when the LMS roster is down', async () => {
    world.lms.emulator.setOutage(503);
    try {
      const d = await dashboard();
      expect(d.roster).toBe('unavailable');
      expect(d.candidates.map((c) => c.lmsUserId).sort()).toEqual(['learner-1', 'learner-2', 'learner-3']);
    } finally {
      world.lms.emulator.clearOutage();
    }
  });
});
