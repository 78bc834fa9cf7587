import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../../lti/claims.js';
import type { EmulatorUser } from '../../../lti/emulator/platform.js';
import type { Dashboard } from '../../../server/domain/dashboard/dashboard.js';
import { Agent } from '../../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

function person(id: string, givenName: string, familyName: string, role: string): EmulatorUser {
  return { id, givenName, familyName, name: `${givenName} ${familyName}`, email: `${id}@example.test`, roles: [role] };
}

// Issue 21: Cadre in a Moodle 5 course, with the emulator behaving as Moodle does.
describe('Cadre in a Moodle-like LMS', () => {
  let world: World;
  let clientId: string;
  let logoUri: string | undefined;
  let linkId: string;
  const teacher = new Agent();

  async function get<T>(agent: Agent, url: string): Promise<{ status: number; json: T }> {
    const page = await agent.request(`${world.cadre.url}${url}`, { headers: { accept: 'application/json' } });
    return { status: page.status, json: JSON.parse(page.body) as T };
  }

  beforeAll(async () => {
    world = await startWorld({ emulator: { shortRoles: true } });
    ({ clientId, logoUri } = (await registerDynamically(world)).tool);
    world.lms.emulator.addContext('moodle-2', 'ANG-B2', 'Anglais B2', [
      person('3', 'Dominique', 'Leroy', ROLE.instructor),
      person('4', 'Élodie', 'Durand', ROLE.learner),
      person('5', 'Bruno', 'Martin', ROLE.learner),
    ]);
    linkId = world.lms.emulator.addResourceLink('moodle-2', { clientId, title: 'Certification B2', custom: { cadre_oral_required: 'false' } }).id;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('serves the logo it registered, as an image the LMS pages may show (cross-origin)', async () => {
    expect(logoUri).toBe(`${world.cadre.url}/assets/logo.svg`);
    const res = await fetch(logoUri!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<title[^>]*>Cadre<\/title>[\s\S]*<\/svg>\s*$/);
    // The rest of Cadre stays same-origin.
    expect((await fetch(`${world.cadre.url}/lti/keys`)).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('lists the learners of a roster that names roles Instructor and Learner (Moodle NRPS)', async () => {
    const page = await launch(world, teacher, { clientId, userId: '3', contextId: 'moodle-2', resourceLinkId: linkId });
    expect(new URL(page.url).pathname).toBe('/lti/dashboard');
    const activityId = page.body.match(/activity-id="([^"]+)"/)![1]!;
    const { json: d } = await get<Dashboard>(teacher, `/api/activities/${activityId}/dashboard`);
    expect(d.roster).toBe('ok');
    expect(d.candidates.map((c) => [c.name, c.inRoster])).toEqual([
      ['Bruno Martin', true],
      ['Élodie Durand', true],
    ]);
  });
});
