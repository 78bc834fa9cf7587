import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import { ManualClock } from '../../server/clock.js';
import { loadBank } from '../../server/content/load-bank.js';
import type { LoadedBank } from '../../server/domain/delivery/ports.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { contentDir } from '../../server/paths.js';
import { correctResponse, wrongResponse } from '../support/answers.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { detailsBody } from '../support/personal-details.js';

// Issue 20, item 2: the time Cadre could not accept answers is not the candidate's. Cadre stops
// with an item on screen and starts again later (the clock moved past the item's deadline): the
// item's deadline has moved by the downtime, the answer counts, and a really late answer is told so.
describe('downtime is not charged to candidates', () => {
  let world: World;
  let bank: LoadedBank;
  let clientId: string;
  let linkId: string;
  const clock = new ManualClock(new Date());

  const api = async <T>(agent: Agent, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const page = await agent.request(`${world.cadre.url}${url}`, {
      method,
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
    return { status: page.status, json: (page.body ? JSON.parse(page.body) : undefined) as T };
  };

  const firstItem = async (userId: string) => {
    const agent = new Agent();
    await launch(world, agent, { clientId, userId, contextId: 'course-dt', resourceLinkId: linkId, roles: [ROLE.learner] });
    expect((await api(agent, 'PUT', '/api/candidate/personal-details', detailsBody())).status).toBe(200);
    await api(agent, 'POST', '/api/sitting/steps/instructions', { data: {} });
    const view = (await api<SittingView>(agent, 'POST', '/api/sitting/next')).json;
    const item = bank.item(view.item!.id)!;
    // The candidate saves a wrong draft, then settles on the right answer.
    expect(
      (await api(agent, 'PUT', `/api/sitting/items/${item.id}/draft`, { response: wrongResponse(item.type, item.content, view.item!.view) })).status,
    ).toBeLessThan(300);
    return { agent, view, item, right: correctResponse(item.type, item.content, view.item!.view) };
  };

  const storedResponse = async (sittingId: string, itemId: string) =>
    world.cadre.storage.db.selectFrom('responses').selectAll().where('sitting_id', '=', sittingId).where('item_id', '=', itemId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    bank = loadBank(path.join(contentDir, 'banks', 'en'));
    world = await startWorld({ clock });
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-dt', 'ENG', 'Business English');
    linkId = world.lms.emulator.addResourceLink('course-dt', {
      clientId,
      title: 'Certification',
      custom: { cadre_language: 'en', cadre_target_level: 'B1', cadre_oral_required: 'false', cadre_proctoring: 'false' },
    }).id;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('moves the deadline of the item on screen by the downtime: the answer sent after the restart counts', async () => {
    const { agent, view, item, right } = await firstItem('dt-1');
    clock.advance(5_000);
    const before = view.item!.remainingMs - 5_000;
    // Cadre is down for longer than the item's whole time limit.
    await world.restart(() => clock.advance(view.item!.timeLimitMs + 60_000));

    const after = (await api<SittingView>(agent, 'GET', '/api/sitting')).json;
    expect(after.item?.id).toBe(item.id);
    expect(after.item!.remainingMs).toBe(before);
    const answered = await api<SittingView>(agent, 'POST', `/api/sitting/items/${item.id}/answer`, { response: right });
    expect(answered.status).toBe(200);
    expect(answered.json.answer).toEqual({ itemId: item.id, late: false });
    expect(await storedResponse(view.id, item.id)).toMatchObject({ timed_out: 0, points: expect.any(Number) });
    expect(JSON.parse((await storedResponse(view.id, item.id)).response)).toEqual(right);
  });

  it('still scores an answer from the draft when it comes after the moved deadline, and the reply says so', async () => {
    const { agent, view, item, right } = await firstItem('dt-2');
    await world.restart(() => clock.advance(30_000));
    // The candidate then lets the whole (moved) time run out before answering.
    clock.advance(view.item!.timeLimitMs + 3_000);
    const answered = await api<SittingView>(agent, 'POST', `/api/sitting/items/${item.id}/answer`, { response: right });
    expect(answered.status).toBe(200);
    expect(answered.json.answer).toEqual({ itemId: item.id, late: true });
    const stored = await storedResponse(view.id, item.id);
    expect(stored.timed_out).toBe(1);
    expect(JSON.parse(stored.response)).not.toEqual(right);
  });
});
