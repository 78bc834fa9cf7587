import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import { loadBank } from '../../server/content/load-bank.js';
import type { LoadedBank } from '../../server/domain/delivery/ports.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { contentDir } from '../../server/paths.js';
import { correctResponse, wrongResponse } from '../support/answers.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { detailsBody } from '../support/personal-details.js';

/** JSON over the agent (it carries the launch session cookie). */
async function api<T>(agent: Agent, world: World, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
  const page = await agent.request(`${world.cadre.url}${url}`, {
    method,
    headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  return { status: page.status, json: (page.body ? JSON.parse(page.body) : undefined) as T };
}

// Issue 5's acceptance over HTTP: a learner launched from the (emulated) LMS takes a complete
// 50-item sitting through the sitting API, survives a server restart between two items, and ends
// with five CEFR levels; nobody else can touch the sitting.
describe('the written test, launched from the LMS', () => {
  let world: World;
  let bank: LoadedBank;
  let clientId: string;
  let linkId: string;
  const candidate = new Agent();

  beforeAll(async () => {
    bank = loadBank(path.join(contentDir, 'banks', 'en'));
    world = await startWorld();
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-en', 'ENG-B2', 'Business English B2');
    linkId = world.lms.emulator.addResourceLink('course-en', {
      clientId,
      title: 'Certification anglais professionnel',
      custom: {
        cadre_language: 'en',
        cadre_target_level: 'B2',
        cadre_oral_required: 'true',
        cadre_proctoring: 'false',
        cadre_accommodations: '{"extraTimePercent":0}',
      },
    }).id;
  });
  afterAll(async () => {
    await world?.close();
  });

  async function answer(agent: Agent, view: SittingView, right: boolean): Promise<SittingView> {
    const item = bank.item(view.item!.id)!;
    const response = (right ? correctResponse : wrongResponse)(item.type, item.content, view.item!.view);
    const res = await api<SittingView>(agent, world, 'POST', `/api/sitting/items/${item.id}/answer`, { response });
    expect(res.status).toBe(200);
    return res.json;
  }

  it('takes a whole sitting, with a restart in the middle, and ends with five CEFR levels', async () => {
    const home = await launch(world, candidate, { clientId, userId: 'learner-42', contextId: 'course-en', resourceLinkId: linkId, roles: [ROLE.learner] });
    expect(new URL(home.url).pathname).toBe('/lti/home');
    expect(home.body).toContain('<cadre-candidate-home');

    const before = await api<{ written: { state: string }; oral: { state: string }; activity: { targetLevel: string } }>(
      candidate,
      world,
      'GET',
      '/api/candidate/home',
    );
    expect(before.json).toMatchObject({ written: { state: 'not-started' }, oral: { state: 'after-written' }, activity: { targetLevel: 'B2' } });

    let view = (await api<SittingView>(candidate, world, 'GET', '/api/sitting')).json;
    expect(view.step).toBe('instructions');
    // The personal-details form comes first: no step before it is filled in.
    const early = await api<{ error: { id: string } }>(candidate, world, 'POST', '/api/sitting/steps/instructions', { data: {} });
    expect([early.status, early.json.error.id]).toEqual([409, 'details:required']);
    expect((await api(candidate, world, 'PUT', '/api/candidate/personal-details', detailsBody())).status).toBe(200);
    view = (await api<SittingView>(candidate, world, 'POST', '/api/sitting/steps/instructions', { data: {} })).json;
    expect(view.step).toBe('items');

    // As the page does: an item is asked for at a section's start; within a section the answer's reply carries the next one.
    let asked = 0;
    for (let i = 1; i <= 50; i++) {
      if (!view.item) {
        view = (await api<SittingView>(candidate, world, 'POST', '/api/sitting/next')).json;
        asked += 1;
      }
      expect(view.position).toBe(i);
      if (i === 23) {
        // The server restarts between two items: the same item comes back, nothing is lost.
        const shown = view.item!.id;
        await world.restart();
        view = (await api<SittingView>(candidate, world, 'GET', '/api/sitting')).json;
        expect(view.item!.id).toBe(shown);
        expect(view.position).toBe(23);
      }
      view = await answer(candidate, view, i % 3 !== 0);
    }
    expect(view.step).toBe('written-done');
    expect(asked).toBe(5); // one per section: 50 items in 55 requests

    const after = await api<{ written: { state: string; answered: number }; oral: { state: string } }>(candidate, world, 'GET', '/api/candidate/home');
    expect(after.json).toMatchObject({ written: { state: 'done', answered: 50 }, oral: { state: 'to-book' } });

    const sitting = (await world.cadre.storage.sittings.get(view.id))!;
    expect(sitting.results.map((r) => r.skill)).toEqual(['vocabulary', 'grammar', 'expressions', 'reading', 'listening']);
    for (const r of sitting.results) expect(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']).toContain(r.level);
    expect(await world.cadre.storage.responses.listFor(view.id)).toHaveLength(50);
  });

  it('opens the exam window top-level with a first-party cookie and renders the exam shell', async () => {
    const agent = new Agent();
    const home = await launch(world, agent, { clientId, userId: 'learner-43', contextId: 'course-en', resourceLinkId: linkId, roles: [ROLE.learner] });
    const handoff = home.body.match(/exam-handoff="([^"]+)"/)![1]!.replaceAll('&amp;', '&');
    const { url } = (await api<{ url: string }>(agent, world, 'POST', handoff, {})).json;
    // The exam window is a new, top-level browsing context: it starts with no cookie of the frame's.
    const exam = await new Agent().follow(`${world.cadre.url}${url}`);
    expect(new URL(exam.url).pathname).toBe('/lti/exam');
    expect(exam.body).toContain('<cadre-exam');
  });

  it('keeps every sitting to its own candidate', async () => {
    const other = new Agent();
    await launch(world, other, { clientId, userId: 'learner-99', contextId: 'course-en', resourceLinkId: linkId, roles: [ROLE.learner] });
    // The item routes act on an open sitting only: the page opens it by looking at it.
    const early = await api<{ error: { id: string } }>(other, world, 'POST', '/api/sitting/next', {});
    expect(early.status).toBe(404);
    expect(early.json.error.id).toBe('sitting:not-found');
    const view = (await api<SittingView>(other, world, 'GET', '/api/sitting')).json;
    expect(view.step).toBe('instructions');
    expect(view.position).toBe(0);

    const instructor = new Agent();
    await launch(world, instructor, { clientId, userId: 'teacher-1', contextId: 'course-en', resourceLinkId: linkId, roles: [ROLE.instructor] });
    expect((await api(instructor, world, 'GET', '/api/sitting')).status).toBe(403);
    expect((await api(new Agent(), world, 'GET', '/api/sitting')).status).toBe(401);
  });

  it('refuses a write that is not JSON (a forged cross-site form)', async () => {
    const agent = new Agent();
    await launch(world, agent, { clientId, userId: 'learner-45', contextId: 'course-en', resourceLinkId: linkId, roles: [ROLE.learner] });
    const forged = await agent.request(`${world.cadre.url}/api/sitting/next`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    expect(forged.status).toBe(415);
  });

  it('answers a malformed answer with 400 and an error id, losing nothing', async () => {
    const agent = new Agent();
    await launch(world, agent, { clientId, userId: 'learner-44', contextId: 'course-en', resourceLinkId: linkId, roles: [ROLE.learner] });
    await api(agent, world, 'PUT', '/api/candidate/personal-details', detailsBody());
    await api(agent, world, 'POST', '/api/sitting/steps/instructions', { data: {} });
    const view = (await api<SittingView>(agent, world, 'POST', '/api/sitting/next')).json;
    const bad = await api<{ error: { id: string; message: string } }>(agent, world, 'POST', `/api/sitting/items/${view.item!.id}/answer`, {
      response: { hack: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.id).toBe('sitting:invalid-response');
    const again = (await api<SittingView>(agent, world, 'GET', '/api/sitting')).json;
    expect(again.item!.id).toBe(view.item!.id);
  });
});
