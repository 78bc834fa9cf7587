import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM, ROLE } from '../../../lti/claims.js';
import { CHECK_INTERVAL_MS } from '../../../lti/link-check.js';
import { ManualClock } from '../../../server/clock.js';
import type { EmulatorUser } from '../../../lti/emulator/platform.js';
import { loadBank } from '../../../server/content/load-bank.js';
import type { Dashboard } from '../../../server/domain/dashboard/dashboard.js';
import type { LoadedBank } from '../../../server/domain/delivery/ports.js';
import type { SittingView } from '../../../server/domain/delivery/sitting-service.js';
import { contentDir } from '../../../server/paths.js';
import { correctResponse } from '../../support/answers.js';
import { Agent, parseForm } from '../../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';
import { detailsBody } from '../../support/personal-details.js';
import { startSmtpServer } from '../../support/smtp.js';

function person(id: string, givenName: string, familyName: string, role: string): EmulatorUser {
  return { id, givenName, familyName, name: `${givenName} ${familyName}`, email: `${id}@example.test`, roles: [role] };
}

// Issue 21: Cadre in a Moodle 5 course, with the emulator behaving as Moodle does (short roles
// in NRPS, the user's language in the launch's locale claim).
describe('Cadre in a Moodle-like LMS', () => {
  let world: World;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let bank: LoadedBank;
  let clientId: string;
  let logoUri: string | undefined;
  let linkId: string;
  const teacher = new Agent();
  const elodie = new Agent();

  async function api<T>(agent: Agent, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
    const page = await agent.request(`${world.cadre.url}${url}`, {
      method,
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
    return { status: page.status, json: (page.body ? JSON.parse(page.body) : undefined) as T };
  }

  /** The whole written part, every answer right. */
  async function takeWrittenTest(agent: Agent): Promise<void> {
    expect((await api(agent, 'PUT', '/api/candidate/personal-details', detailsBody())).status).toBe(200);
    await api(agent, 'POST', '/api/sitting/steps/instructions', { data: {} });
    let view: SittingView | undefined;
    for (let i = 0; i < 50; i++) {
      view = (await api<SittingView>(agent, 'POST', '/api/sitting/next')).json;
      const item = bank.item(view.item!.id)!;
      view = (
        await api<SittingView>(agent, 'POST', `/api/sitting/items/${item.id}/answer`, { response: correctResponse(item.type, item.content, view.item!.view) })
      ).json;
    }
    expect(view!.step).toBe('written-done');
  }

  beforeAll(async () => {
    bank = loadBank(path.join(contentDir, 'banks', 'en'));
    smtp = await startSmtpServer();
    world = await startWorld({ emulator: { shortRoles: true }, env: { SMTP_URL: smtp.url } });
    ({ clientId, logoUri } = (await registerDynamically(world)).tool);
    world.lms.emulator.addContext('moodle-2', 'ANG-B2', 'Anglais B2', [
      person('3', 'Dominique', 'Leroy', ROLE.instructor),
      person('4', 'Élodie', 'Durand', ROLE.learner),
      person('5', 'Bruno', 'Martin', ROLE.learner),
    ]);
    linkId = world.lms.emulator.addResourceLink('moodle-2', {
      clientId,
      title: 'Business English B2',
      custom: { cadre_language: 'en', cadre_target_level: 'B2', cadre_oral_required: 'false', cadre_proctoring: 'false' },
    }).id;
  });
  afterAll(async () => {
    await world?.close();
    await smtp?.close();
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

  it('names the activity a teacher adds by deep linking, and its grade item, in the teacher’s language', async () => {
    world.lms.emulator.addContext('moodle-dl', 'ENG', 'English for work', [person('3', 'Dominique', 'Leroy', ROLE.instructor)]);
    const agent = new Agent();
    const form = await launch(world, agent, { clientId, userId: '3', contextId: 'moodle-dl', messageType: 'LtiDeepLinkingRequest', locale: 'en' });
    expect(form.body).toContain('<html lang="en"');
    const answer = await agent.submit(`${world.cadre.url}/lti/deep-linking`, {
      s: parseForm(form.body).fields.s!,
      language: 'en',
      targetLevel: 'B2',
      tzOffset: '0',
    });
    expect((await agent.submitForm(answer)).status).toBe(200);
    const dl = world.lms.emulator.deepLinks.find((d) => d.contextId === 'moodle-dl')!;
    expect(dl.contentItems).toEqual([
      expect.objectContaining({
        title: 'CEFR certification — English (B2)',
        lineItem: expect.objectContaining({ label: 'CEFR certification — English (B2)' }),
      }),
    ]);
    expect(dl.payload[CLAIM.dlMsg]).toBe('Cadre activity added.');
  });

  it('lists the learners of a roster that names roles Instructor and Learner (Moodle NRPS)', async () => {
    const page = await launch(world, teacher, { clientId, userId: '3', contextId: 'moodle-2', resourceLinkId: linkId, locale: 'fr' });
    expect(new URL(page.url).pathname).toBe('/lti/dashboard');
    const activityId = page.body.match(/activity-id="([^"]+)"/)![1]!;
    const { json: d } = await api<Dashboard>(teacher, 'GET', `/api/activities/${activityId}/dashboard`);
    expect(d.roster).toBe('ok');
    expect(d.candidates.map((c) => [c.name, c.inRoster])).toEqual([
      ['Bruno Martin', true],
      ['Élodie Durand', true],
    ]);
  });

  it('speaks the language of the launch: English pages and e-mails for an English Moodle user, French when the launch says none', async () => {
    // Moodle sends its user's language (`en`); the browser asks for French, the LMS's language wins.
    const home = await launch(world, elodie, { clientId, userId: '4', contextId: 'moodle-2', resourceLinkId: linkId, locale: 'en' });
    expect(new URL(home.url).pathname).toBe('/lti/home');
    expect(home.body).toContain('<html lang="en"');
    expect(home.body).toContain('<title>My certification');
    const french = await elodie.request(home.url, { headers: { 'accept-language': 'fr-FR' } });
    expect(french.body).toContain('<title>My certification');
    // No locale claim: French.
    const bruno = await launch(world, new Agent(), { clientId, userId: '5', contextId: 'moodle-2', resourceLinkId: linkId, locale: null });
    expect(bruno.body).toContain('<title>Ma certification');

    await takeWrittenTest(elodie);
    await world.cadre.worker.drain();
    await world.cadre.worker.drain();
    const mails = await smtp.waitFor(2);
    const toElodie = mails.find((m) => m.to === '4@example.test')!;
    expect(toElodie.subject).toBe('Your certification results — Business English B2');
    expect(toElodie.text).toContain('Hello Élodie Durand,');
    // The instructor's Moodle is in French: their copy is in French.
    const toTeacher = mails.find((m) => m.to === '3@example.test')!;
    expect(toTeacher.subject).toBe('Résultats de certification publiés — Élodie Durand');
  });

  it('names the gradebook columns after the activity, in the LMS user’s language, each tied to the resource link', async () => {
    const columns = world.lms.emulator.context('moodle-2').lineItems;
    expect(columns.map((li) => li.label).sort()).toEqual(
      [
        'Business English B2',
        'Business English B2 — Expressions',
        'Business English B2 — Grammar',
        'Business English B2 — Listening',
        'Business English B2 — Reading',
        'Business English B2 — Vocabulary',
        // (The oral's column, if any: its Pending score is another change's.)
        ...(columns.some((li) => li.tag === 'oral') ? ['Business English B2 — Oral interview'] : []),
      ].sort(),
    );
    expect(columns.every((li) => li.resourceLinkId === linkId)).toBe(true);
    // What each cell says (Moodle shows the comment as the feedback) is in Élodie's language too.
    const comments = columns.map((li) => world.lms.emulator.heldScore('moodle-2', li.id, '4')?.comment);
    expect(comments.length).toBeGreaterThanOrEqual(6);
    for (const comment of comments) expect(comment).toMatch(/^Level (A1|A2|B1|B2|C1|C2)$/);
  });
});

// Issue 21, lifecycle: what a teacher does to the activity in the LMS reaches open Cadre sessions.
describe('an activity hidden or deleted in a Moodle-like LMS', () => {
  let world: World;
  let clientId: string;
  const clock = new ManualClock(new Date());

  const sitting = async (agent: Agent) => (await agent.request(`${world.cadre.url}/api/sitting`, { headers: { accept: 'application/json' } })).status;
  const ids = async (linkId: string, subject: string) => {
    const db = world.cadre.storage.db;
    const activity = await db.selectFrom('activities').select('id').where('resource_link_id', '=', linkId).executeTakeFirstOrThrow();
    const user = await db.selectFrom('users').select('id').where('subject', '=', subject).executeTakeFirstOrThrow();
    return { activityId: activity.id, userId: user.id };
  };

  beforeAll(async () => {
    world = await startWorld({ clock, emulator: { shortRoles: true } });
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('moodle-3', 'ANG', 'Anglais', [
      person('3', 'Dominique', 'Leroy', ROLE.instructor),
      person('4', 'Élodie', 'Durand', ROLE.learner),
      person('5', 'Bruno', 'Martin', ROLE.learner),
    ]);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("ends a learner's open session once the LMS hides the activity from them; the teacher's goes on", async () => {
    const link = world.lms.emulator.addResourceLink('moodle-3', { clientId, title: 'Anglais B2', custom: { cadre_proctoring: 'false' } });
    const learner = new Agent();
    const teacher = new Agent();
    await launch(world, learner, { clientId, userId: '4', contextId: 'moodle-3', resourceLinkId: link.id });
    await launch(world, teacher, { clientId, userId: '3', contextId: 'moodle-3', resourceLinkId: link.id });
    expect(await sitting(learner)).toBe(200);

    world.lms.emulator.hideResourceLink('moodle-3', link.id);
    expect(await sitting(learner)).toBe(200); // checked again only after a while
    clock.advance(CHECK_INTERVAL_MS + 1000);
    expect(await sitting(learner)).toBe(401);
    expect(await sitting(learner)).toBe(401);
    const dashboard = await teacher.request(`${world.cadre.url}/lti/dashboard`);
    expect(dashboard.status).toBe(200);
  });

  it('ends the sessions of a deleted activity and deletes the gradebook columns Cadre created for it', async () => {
    const link = world.lms.emulator.addResourceLink('moodle-3', { clientId, title: 'Anglais B1', custom: { cadre_proctoring: 'false' } });
    // The activity's own column, as deep linking makes it in Moodle.
    link.lineItemId = world.lms.emulator.createLineItem('moodle-3', { label: 'Anglais B1', scoreMaximum: 6, tag: 'overall', resourceLinkId: link.id }).id;
    const learner = new Agent();
    await launch(world, learner, { clientId, userId: '5', contextId: 'moodle-3', resourceLinkId: link.id });
    expect(await sitting(learner)).toBe(200);
    // The written part's Pending scores make Cadre create the six other columns.
    await world.cadre.lti.queueGrades({ ...(await ids(link.id, '5')), stage: 'written', levels: {} });
    await world.cadre.worker.drain();
    const columns = () => world.lms.emulator.context('moodle-3').lineItems.filter((li) => li.resourceLinkId === link.id);
    expect(columns()).toHaveLength(7);

    world.lms.emulator.deleteResourceLink('moodle-3', link.id);
    expect(columns().map((li) => li.label)).not.toContain('Anglais B1'); // the LMS deletes its own column only
    expect(columns()).toHaveLength(6);
    clock.advance(CHECK_INTERVAL_MS + 1000);
    expect(await sitting(learner)).toBe(401);
    await world.cadre.worker.drain();
    expect(columns()).toEqual([]);
  });
});
