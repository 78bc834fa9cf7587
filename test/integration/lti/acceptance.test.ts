import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM, ROLE } from '../../../lti/claims.js';
import express from 'express';
import { Agent, parseForm } from '../../support/lti/agent.js';
import { listen } from '../../support/lti/servers.js';
import { seedStaff, staffLogin } from '../../support/oral.js';
import { launch, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

// The acceptance flow of issue 3, over HTTP against the real app and an emulated LMS:
// dynamic registration → learner launch → candidate home; instructor → deep linking round trip;
// NRPS roster; AGS scores recorded by the LMS with the expected fields.
describe('LTI 1.3 with an LMS, end to end', () => {
  let world: World;
  let clientId: string;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('registers by LTI Dynamic Registration and closes the registration window', async () => {
    const { page, tool } = await registerDynamically(world);
    clientId = tool.clientId;
    expect(page.status).toBe(200);
    expect(page.body).toContain('org.imsglobal.lti.close');
    expect(tool.initiateLoginUri).toBe(`${world.cadre.url}/lti/login`);
    expect(tool.jwksUri).toBe(`${world.cadre.url}/lti/keys`);
    const platforms = await world.cadre.lti.platforms.list();
    expect(platforms).toMatchObject([{ issuer: world.lms.url, clientId, active: true, registeredBy: 'dynamic', deployments: [tool.deploymentId] }]);
    // The registered LMS may now frame Cadre.
    const res = await fetch(`${world.cadre.url}/`);
    expect(res.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${world.lms.url}`);
  });

  it('takes a learner to the candidate home, with a session cookie fit for an iframe', async () => {
    const agent = new Agent();
    const page = await launch(world, agent, { clientId, userId: 'learner-1', contextId: 'course-101', resourceLinkId: 'rl-first' });
    expect(page.status).toBe(200);
    expect(new URL(page.url).pathname).toBe('/lti/home');
    expect(page.body).toContain('Ma certification');
    // The home component opens the exam top-level, through a one-time hand-off it asks for on the click.
    expect(page.body).toMatch(/<cadre-candidate-home [^>]*exam-handoff="\/lti\/exam\/handoff"/);
    expect(agent.cookies.get('cadre_lti')).toBeTruthy();
    const users = await world.cadre.storage.db.selectFrom('users').selectAll().where('subject', '=', 'learner-1').execute();
    expect(users).toHaveLength(1);

    // Other features see the launch as req.principal.
    const probe = express();
    probe.use(world.cadre.lti.principal);
    probe.get('/who', (req, res) => {
      res.json(req.principal ?? null);
    });
    const running = await listen(probe);
    try {
      const who = JSON.parse((await agent.request(`${running.url}/who`)).body) as Record<string, unknown>;
      expect(who).toMatchObject({ kind: 'lti', role: 'candidate', userId: users[0]!.id, name: expect.any(String), locale: 'fr' });
      expect(who.activityId).toBeTruthy();
      expect(JSON.parse((await new Agent().request(`${running.url}/who`)).body)).toBeNull();
    } finally {
      await running.close();
    }
  });

  it('runs a deep linking round trip: the LMS receives a valid signed LtiResourceLink with settings and a line item', async () => {
    const agent = new Agent();
    const form = await launch(world, agent, { clientId, userId: 'instructor-1', contextId: 'course-101', messageType: 'LtiDeepLinkingRequest' });
    expect(new URL(form.url).pathname).toBe('/lti/deep-linking');
    const fields = parseForm(form.body).fields;
    const answer = await agent.submit(`${world.cadre.url}/lti/deep-linking`, {
      s: fields.s!,
      language: 'en',
      targetLevel: 'C1',
      oralRequired: 'on',
      proctoring: 'on',
      tzOffset: '-60',
      availableFrom: '2026-06-01T09:00',
      availableUntil: '2026-06-30T18:00',
      extraTimePercent: '25',
    });
    const autoPost = parseForm(answer.body);
    expect(autoPost.action).toBe(`${world.lms.url}/deep-link-return`);
    const received = await agent.submitForm(answer);
    expect(received.status).toBe(200);
    const [dl] = world.lms.emulator.deepLinks;
    expect(dl?.contentItems).toEqual([
      expect.objectContaining({
        type: 'ltiResourceLink',
        url: `${world.cadre.url}/lti/launch`,
        custom: {
          cadre_language: 'en',
          cadre_target_level: 'C1',
          cadre_oral_required: 'true',
          cadre_proctoring: 'true',
          cadre_available_from: '2026-06-01T08:00:00.000Z',
          cadre_available_until: '2026-06-30T17:00:00.000Z',
          cadre_accommodations: JSON.stringify({ extraTimePercent: 25, largeText: false }),
        },
        lineItem: expect.objectContaining({ scoreMaximum: 6, tag: 'overall' }),
      }),
    ]);
    expect(dl?.payload[CLAIM.deploymentId]).toBeTruthy();
  });

  it('shows the tool URLs to anyone, and the registered LMSs to a centre admin only', async () => {
    const anonymous = await (await fetch(`${world.cadre.url}/admin/lti`)).text();
    expect(anonymous).toContain(`${world.cadre.url}/lti/login`);
    expect(anonymous).not.toContain('npm run platform -- list');
    await seedStaff(world.cadre.storage, { email: 'centre-admin@centre.example', role: 'centre-admin', password: 'correct horse battery' });
    const cookie = await staffLogin(world.cadre.url, 'centre-admin@centre.example', 'correct horse battery');
    const admin = await (await fetch(`${world.cadre.url}/admin/lti`, { headers: { cookie } })).text();
    expect(admin).toContain('npm run platform -- list');
  });

  it('offers only the languages that have an item bank, and refuses another', async () => {
    const agent = new Agent();
    const form = await launch(world, agent, { clientId, userId: 'instructor-1', contextId: 'course-101', messageType: 'LtiDeepLinkingRequest' });
    expect(form.body).toContain('<option value="en"');
    expect(form.body).not.toContain('<option value="fr"');
    const fields = parseForm(form.body).fields;
    const refused = await agent.submit(`${world.cadre.url}/lti/deep-linking`, {
      s: fields.s!,
      language: 'fr',
      targetLevel: 'B2',
      tzOffset: '0',
      extraTimePercent: '0',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('(fr)');
  });

  it('lists the whole roster (every NRPS page) on the instructor dashboard', async () => {
    const link = world.lms.emulator.context('course-101').resourceLinks.at(-1)!;
    const agent = new Agent();
    const dashboard = await launch(world, agent, { clientId, userId: 'instructor-1', contextId: 'course-101', resourceLinkId: link.id });
    expect(new URL(dashboard.url).pathname).toBe('/lti/dashboard');
    expect(dashboard.body).toContain('C1');
    const roster = await agent.follow(`${world.cadre.url}/lti/roster`);
    expect(roster.status).toBe(200);
    const rows = roster.body.match(/<tr><td>/g) ?? [];
    expect(rows).toHaveLength(25); // 1 instructor + 24 learners, over 3 pages of 10
    // The demo course's people go by 25 different names.
    expect(new Set([...roster.body.matchAll(/<tr><td>([^<]+)<\/td>/g)].map((m) => m[1])).size).toBe(25);
    // Roles in the page's language, not Cadre's internal names.
    expect(roster.body).toContain('<td>formateur·rice</td>');
    expect(roster.body.match(/<td>candidat·e<\/td>/g)).toHaveLength(24);
    expect(roster.body).not.toMatch(/<td>(instructor|candidate)<\/td>/);
  });

  it('passes the grades back: seven line items, scores 0–6 with the level, Pending then FullyGraded, never twice', async () => {
    const { emulator } = world.lms;
    const link = emulator.context('course-101').resourceLinks.at(-1)!;
    await launch(world, new Agent(), { clientId, userId: 'learner-7', contextId: 'course-101', resourceLinkId: link.id, roles: [ROLE.learner] });
    const db = world.cadre.storage.db;
    const activity = await db
      .selectFrom('activities')
      .select(['id', 'language', 'target_level'])
      .where('resource_link_id', '=', link.id)
      .executeTakeFirstOrThrow();
    expect(activity).toMatchObject({ language: 'en', target_level: 'C1' });
    const user = await db.selectFrom('users').select('id').where('subject', '=', 'learner-7').executeTakeFirstOrThrow();

    const written = {
      activityId: activity.id,
      userId: user.id,
      stage: 'written' as const,
      levels: { overall: 'B2', vocabulary: 'B2', grammar: 'B1', expressions: 'C1', reading: 'B2', listening: 'B1' } as const,
    };
    expect(await world.cadre.lti.queueGrades(written)).toBe(7);
    await world.cadre.worker.drain();
    const lineItems = emulator.context('course-101').lineItems.filter((li) => li.resourceLinkId === link.id);
    expect(lineItems.map((li) => li.tag).sort()).toEqual(['expressions', 'grammar', 'listening', 'oral', 'overall', 'reading', 'vocabulary']);
    expect(lineItems.every((li) => li.scoreMaximum === 6)).toBe(true);
    const scores = emulator.scoreLog.filter((s) => s.score.userId === 'learner-7');
    expect(scores).toHaveLength(7);
    const overall = scores.find((s) => s.lineItemId === link.lineItemId)!.score;
    expect(overall).toMatchObject({ scoreGiven: 4, scoreMaximum: 6, comment: 'Niveau B2', gradingProgress: 'Pending', activityProgress: 'Submitted' });
    const oral = scores.find((s) => s.lineItemId === lineItems.find((li) => li.tag === 'oral')!.id)!.score;
    expect(oral).toMatchObject({ gradingProgress: 'Pending' });
    expect(oral.scoreGiven).toBeUndefined();

    // The same state again: nothing new is queued or posted.
    expect(await world.cadre.lti.queueGrades(written)).toBe(0);
    await world.cadre.worker.drain();
    expect(emulator.scoreLog.filter((s) => s.score.userId === 'learner-7')).toHaveLength(7);

    await world.cadre.lti.queueGrades({ ...written, stage: 'validated', levels: { ...written.levels, oral: 'B2' } });
    await world.cadre.worker.drain();
    const final = emulator.scoreLog.filter((s) => s.score.userId === 'learner-7').slice(7);
    expect(final).toHaveLength(7);
    expect(final.every((s) => s.score.gradingProgress === 'FullyGraded' && s.score.scoreMaximum === 6)).toBe(true);
    expect(final.find((s) => s.lineItemId === link.lineItemId)!.score).toMatchObject({ scoreGiven: 4, comment: 'Niveau B2' });
    // No extra line items were created the second time.
    expect(emulator.context('course-101').lineItems.filter((li) => li.resourceLinkId === link.id)).toHaveLength(7);
    const gradebook = await (await fetch(`${world.lms.url}/gradebook/course-101`)).text();
    expect(gradebook).toContain('<small>noté</small>'); // FullyGraded, in the gradebook's words
  });
});
