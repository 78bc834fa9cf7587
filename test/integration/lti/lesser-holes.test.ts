import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

// Issue 16, item 5: the lesser holes found by attacking Cadre, each shut over HTTP against the
// real server and the emulated LMS.
describe('LTI launches an attacker might abuse', () => {
  let world: World;
  let clientId: string;
  let platform: string;
  const platformId = () => platform;

  beforeAll(async () => {
    world = await startWorld();
    clientId = (await registerDynamically(world)).tool.clientId;
    platform = (await world.cadre.lti.platforms.list())[0]!.id;
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
  it("ends a platform's open sessions when it is deactivated: the next request is refused, and stays so after reactivation", async () => {
    const agent = new Agent();
    const home = await launch(world, agent, { clientId, userId: 'learner-4', contextId: 'course-101', resourceLinkId: 'rl-deactivate' });
    expect(new URL(home.url).pathname).toBe('/lti/home');
    const api = `${world.cadre.url}/api/candidate/home`;
    expect((await agent.request(api, { headers: { accept: 'application/json' } })).status).toBe(200);
    await world.cadre.lti.platforms.setActive(platform, false);
    expect((await agent.request(api, { headers: { accept: 'application/json' } })).status).toBe(401);
    expect((await agent.follow(`${world.cadre.url}/lti/home`)).status).toBe(401);
    expect(await sessionsOf('learner-4')).toEqual([]);

    await world.cadre.lti.platforms.setActive(platform, true);
    expect((await agent.request(api, { headers: { accept: 'application/json' } })).status).toBe(401);
    // A new launch works again.
    const again = await launch(world, new Agent(), { clientId, userId: 'learner-4', contextId: 'course-101', resourceLinkId: 'rl-deactivate' });
    expect(new URL(again.url).pathname).toBe('/lti/home');
  });
  it("lets only an instructor's launch rewrite the activity's settings from custom claims; a learner's launch leaves them", async () => {
    const course = world.lms.emulator.context('course-101');
    const link = world.lms.emulator.addResourceLink(course.id, {
      id: 'rl-settings',
      title: 'Certification B2',
      clientId,
      custom: { cadre_language: 'en', cadre_target_level: 'B2', cadre_proctoring: 'true', cadre_accommodations: '{"extraTimePercent":0,"largeText":false}' },
    });
    const settings = async () => {
      const activity = await world.cadre.storage.activities.find((await world.cadre.storage.courses.find(platformId(), course.id))!.id, link.id);
      return activity?.settings;
    };
    const instructor = await launch(world, new Agent(), { clientId, userId: 'instructor-1', contextId: course.id, resourceLinkId: link.id });
    expect(new URL(instructor.url).pathname).toBe('/lti/dashboard');
    const set = { targetLevel: 'B2', proctoring: true, accommodations: { extraTimePercent: 0, largeText: false } };
    expect(await settings()).toMatchObject(set);

    // The same link launched by a learner with other custom parameters (no proctoring, double time, A1).
    link.custom = {
      cadre_language: 'en',
      cadre_target_level: 'A1',
      cadre_proctoring: 'false',
      cadre_accommodations: '{"extraTimePercent":100,"largeText":true}',
    };
    const learner = await launch(world, new Agent(), { clientId, userId: 'learner-5', contextId: course.id, resourceLinkId: link.id });
    expect(new URL(learner.url).pathname).toBe('/lti/home');
    expect(await settings()).toMatchObject(set);

    // The instructor's next launch carries what the LMS now says: it is the instructor's to change.
    await launch(world, new Agent(), { clientId, userId: 'instructor-1', contextId: course.id, resourceLinkId: link.id });
    expect(await settings()).toMatchObject({ targetLevel: 'A1', proctoring: false, accommodations: { extraTimePercent: 100, largeText: true } });
  });
});
