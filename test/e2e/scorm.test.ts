import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import { loadBank } from '../../server/content/load-bank.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { contentDir } from '../../server/paths.js';
import { correctResponse } from '../support/answers.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { detailsBody } from '../support/personal-details.js';

// A SCORM package played by an LMS without LTI 1.3, wired as `npm start` wires it: the learner
// becomes a Cadre user with a launch session, takes the test, and the released result comes back
// as SCORM data-model writes.
describe('a SCORM package, end to end on the real composition', () => {
  let world: World;
  let key = '';

  beforeAll(async () => {
    world = await startWorld();
    const clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-scorm', 'ENG', 'English');
    const linkId = world.lms.emulator.addResourceLink('course-scorm', {
      clientId,
      title: 'English certification',
      custom: { cadre_language: 'en', cadre_target_level: 'B1', cadre_oral_required: 'false', cadre_proctoring: 'false' },
    }).id;
    const instructor = new Agent();
    await launch(world, instructor, { clientId, userId: 'teacher', contextId: 'course-scorm', resourceLinkId: linkId, roles: [ROLE.instructor] });
    const activity = await world.cadre.storage.db.selectFrom('activities').select('id').where('resource_link_id', '=', linkId).executeTakeFirstOrThrow();
    // The package comes back as a zip (its key exists nowhere else): read it as bytes.
    const res = await fetch(`${world.cadre.url}/api/activities/${activity.id}/scorm-packages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: [...instructor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: JSON.stringify({ version: '1.2', label: 'Corporate LMS' }),
    });
    expect(res.status).toBe(201);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    key = /"key":\s*"([^"]+)"/.exec(strFromU8(files['launcher/package.js']!))![1]!;
  });
  afterAll(async () => {
    await world?.close();
  });

  const scormLaunch = async (refresh = false) => {
    const res = await fetch(`${world.cadre.url}/scorm/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key, learnerId: 'corp-user-7', learnerName: 'Nadia Haddad', refresh }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as {
      state: string;
      startUrl: string;
      result: { score: number; passed: boolean } | null;
      cmi: [element: string, value: string][];
    };
  };

  it('turns a SCORM learner into a candidate with a session, and writes the released result back', async () => {
    const first = await scormLaunch();
    expect(first.state).toBe('not-started');

    const learner = new Agent();
    const home = await learner.follow(first.startUrl);
    expect(new URL(home.url).pathname).toBe('/lti/home');
    const user = await world.cadre.storage.db.selectFrom('users').select(['id', 'name']).where('subject', '=', 'corp-user-7').executeTakeFirstOrThrow();
    expect(user.name).toBe('Nadia Haddad');

    const bank = loadBank(path.join(contentDir, 'banks', 'en'));
    const call = async (url: string, body?: unknown) =>
      JSON.parse(
        (
          await learner.request(`${world.cadre.url}${url}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body ?? {}),
          })
        ).body,
      ) as SittingView;
    const details = await learner.request(`${world.cadre.url}/api/candidate/personal-details`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(detailsBody()),
    });
    expect(details.status).toBe(200); // the personal-details form comes before the written test
    await call('/api/sitting/steps/instructions', { data: {} });
    expect((await scormLaunch(true)).state).toBe('in-progress');
    for (let i = 0; i < 50; i++) {
      const view = await call('/api/sitting/next');
      const item = bank.item(view.item!.id)!;
      await call(`/api/sitting/items/${item.id}/answer`, { response: correctResponse(item.type, item.content, view.item!.view) });
    }
    await world.cadre.worker.drain();

    const back = await scormLaunch(true);
    expect(back.state).toBe('released');
    expect(back.result).toMatchObject({ passed: true });
    const writes = Object.fromEntries(back.cmi);
    expect(writes['cmi.core.lesson_status']).toBe('passed');
    expect(Number(writes['cmi.core.score.raw'])).toBe(back.result!.score);
  });
});
