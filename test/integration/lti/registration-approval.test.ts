import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

// LTI_AUTO_ACTIVATE=false (the default): a platform registered dynamically waits for a Cadre
// admin's approval before anyone can launch from it.
describe('dynamic registration waiting for approval', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ env: { LTI_AUTO_ACTIVATE: 'false' } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('registers the platform inactive, refuses launches until it is activated', async () => {
    const { page, tool } = await registerDynamically(world);
    expect(page.body).toContain('org.imsglobal.lti.close');
    expect(page.body).toContain('un administrateur de Cadre doit maintenant activer');
    const [platform] = await world.cadre.lti.platforms.list();
    expect(platform).toMatchObject({ active: false, deployments: [tool.deploymentId] });

    const refused = await launch(world, new Agent(), { clientId: tool.clientId, userId: 'learner-1', contextId: 'course-101', resourceLinkId: 'rl-1' });
    expect(refused.status).toBe(401);
    expect(refused.body).toContain("n'est pas encore activée");
    // Not framable either until approved.
    expect((await fetch(`${world.cadre.url}/`)).headers.get('content-security-policy')).not.toContain(world.lms.url);

    await world.cadre.lti.platforms.setActive(platform!.id, true);
    const home = await launch(world, new Agent(), { clientId: tool.clientId, userId: 'learner-1', contextId: 'course-101', resourceLinkId: 'rl-1' });
    expect(new URL(home.url).pathname).toBe('/lti/home');
    expect((await fetch(`${world.cadre.url}/`)).headers.get('content-security-policy')).toContain(world.lms.url);
  });
});
