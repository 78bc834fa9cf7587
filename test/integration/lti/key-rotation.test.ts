import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { Agent } from '../../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

// The platform's JWKS is fetched once and cached; when the LMS rotates its key, the first
// id_token under the new kid makes Cadre fetch the set again, but no more often than every 30 s
// (a token naming an unknown kid must not make Cadre hammer the LMS).
describe('LTI platform key rotation', () => {
  let world: World;
  let clock: ManualClock;
  let clientId: string;

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    world = await startWorld({ clock });
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addResourceLink('course-101', { id: 'rl-rotate', title: 'Certification', clientId });
  });
  afterAll(async () => {
    await world?.close();
  });

  const open = async (userId: string) => {
    const page = await launch(world, new Agent(), { clientId, userId, contextId: 'course-101', resourceLinkId: 'rl-rotate' });
    return page.status === 200 ? new URL(page.url).pathname : page.status;
  };

  it('accepts launches signed with the new key once the cooldown since the last fetch has passed', async () => {
    expect(await open('learner-1')).toBe('/lti/home'); // the JWKS is fetched and cached here
    const oldKid = world.lms.emulator.kid;
    await world.lms.emulator.rotateKey();
    expect(world.lms.emulator.kid).not.toBe(oldKid);

    // Just after a fetch, an unknown kid is not worth another one: refused.
    clock.advance(5_000);
    expect(await open('learner-2')).toBe(401);
    // Later, the unknown kid fetches the set again, which now holds the new key.
    clock.advance(30_000);
    expect(await open('learner-2')).toBe('/lti/home');
    expect(await open('learner-3')).toBe('/lti/home');
  });
});
