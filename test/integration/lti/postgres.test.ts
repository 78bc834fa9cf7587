import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM } from '../../../lti/claims.js';
import { postgresAvailable } from '../../support/postgres.js';
import { Agent } from '../../support/lti/agent.js';
import { launch, loginOnly, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

// The same LTI flow on PostgreSQL: registration, launch, the guard's refusals, grade passback.
describe.runIf(postgresAvailable('LTI on PostgreSQL'))('LTI on PostgreSQL', () => {
  let world: World;
  let clientId: string;

  beforeAll(async () => {
    world = await startWorld({ postgres: true });
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addResourceLink('course-101', { id: 'rl-pg', title: 'Certification', clientId });
  });
  afterAll(async () => {
    await world?.close();
  });

  const post = (agent: Agent, action: string, fields: Record<string, string>) =>
    agent.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams(fields).toString(),
    });

  it('launches a learner, refuses a replay, a foreign nonce and an unknown deployment, and passes grades back', async () => {
    const home = await launch(world, new Agent(), { clientId, userId: 'learner-5', contextId: 'course-101', resourceLinkId: 'rl-pg' });
    expect(new URL(home.url).pathname).toBe('/lti/home');

    const agent = new Agent();
    const a = await loginOnly(world, agent, { clientId, userId: 'learner-5', contextId: 'course-101', resourceLinkId: 'rl-pg' });
    const b = await loginOnly(world, agent, { clientId, userId: 'learner-5', contextId: 'course-101', resourceLinkId: 'rl-pg' });
    expect((await post(agent, a.action, { id_token: a.idToken, state: b.state })).status).toBe(401);
    expect((await post(agent, a.action, { id_token: a.idToken, state: a.state })).status).toBe(303);
    expect((await post(agent, a.action, { id_token: a.idToken, state: a.state })).status).toBe(401);

    const c = await loginOnly(world, agent, { clientId, userId: 'learner-5', contextId: 'course-101', resourceLinkId: 'rl-pg' });
    const forged = await world.lms.emulator.signIdToken({ ...decodeJwt(c.idToken), [CLAIM.deploymentId]: 'unknown' });
    expect((await post(agent, c.action, { id_token: forged, state: c.state })).status).toBe(401);

    const db = world.cadre.storage.db;
    const activity = await db.selectFrom('activities').select('id').where('resource_link_id', '=', 'rl-pg').executeTakeFirstOrThrow();
    const user = await db.selectFrom('users').select('id').where('subject', '=', 'learner-5').executeTakeFirstOrThrow();
    expect(
      await world.cadre.lti.queueGrades({
        activityId: activity.id,
        userId: user.id,
        stage: 'validated',
        levels: { overall: 'A2', oral: 'B1' },
        tags: ['overall', 'oral'],
      }),
    ).toBe(2);
    await world.cadre.worker.drain();
    const scores = world.lms.emulator.scoreLog.filter((s) => s.score.userId === 'learner-5');
    expect(scores.map((s) => s.score.comment).sort()).toEqual(['Niveau A2', 'Niveau B1']);
  });
});
