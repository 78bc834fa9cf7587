import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

// Issue 16, item 5: the lesser holes found by attacking Cadre, each shut over HTTP against the
// real server and the emulated LMS.
describe('LTI launches an attacker might abuse', () => {
  let world: World;
  let clientId: string;

  beforeAll(async () => {
    world = await startWorld();
    clientId = (await registerDynamically(world)).tool.clientId;
  });
  afterAll(async () => {
    await world?.close();
  });

  const sessionsOf = (subject: string) =>
    world.cadre.storage.db
      .selectFrom('lti_sessions')
      .innerJoin('users', 'users.id', 'lti_sessions.user_id')
      .select('lti_sessions.id')
      .where('users.subject', '=', subject)
      .execute();

  it("refuses a learner's deep linking launch without opening a session", async () => {
    const agent = new Agent();
    const refused = await launch(world, agent, { clientId, userId: 'learner-3', contextId: 'course-101', messageType: 'LtiDeepLinkingRequest' });
    expect(refused.status).toBe(403);
    expect(agent.cookies.get('cadre_lti')).toBeUndefined();
    expect(await sessionsOf('learner-3')).toEqual([]);
    // Nothing to reach with it either: the deep linking form stays closed.
    expect((await agent.follow(`${world.cadre.url}/lti/deep-linking`)).status).toBe(401);
  });
});
