import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../../lti/claims.js';
import { EXAM_HANDOFF_MS } from '../../../lti/index.js';
import { SESSION_COOKIE } from '../../../lti/sessions.js';
import { ManualClock } from '../../../server/clock.js';
import { Agent } from '../../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

/**
 * Session planting (issue 16, item 4): the exam window gets the launch session through a one-time,
 * short-lived hand-off asked for by Cadre's own page; a URL carrying a session id plants nothing.
 */
describe("the exam window's hand-off", () => {
  let world: World;
  let clientId: string;
  const clock = new ManualClock(new Date());
  const candidate = new Agent();

  const handoff = async (agent: Agent) => {
    const page = await agent.request(`${world.cadre.url}/lti/exam/handoff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    });
    return { status: page.status, url: page.status === 200 ? (JSON.parse(page.body) as { url: string }).url : '' };
  };

  beforeAll(async () => {
    world = await startWorld({ clock });
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-1', 'ENG', 'English');
    world.lms.emulator.addResourceLink('course-1', { id: 'rl-1', clientId, title: 'Certification', custom: { cadre_language: 'en' } });
    const home = await launch(world, candidate, { clientId, userId: 'learner-1', contextId: 'course-1', resourceLinkId: 'rl-1', roles: [ROLE.learner] });
    expect(home.status).toBe(200);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("does not turn a session id in the URL into a cookie: a link with someone else's session plants nothing", async () => {
    const victim = new Agent();
    const page = await victim.request(`${world.cadre.url}/lti/exam?s=${encodeURIComponent(candidate.cookies.get(SESSION_COOKIE)!)}`, {
      headers: { accept: 'text/html', 'accept-language': 'en' },
    });
    expect(page.status).toBe(410);
    expect(page.body).toContain('This exam link has expired or was already used');
    expect(victim.cookies.get(SESSION_COOKIE)).toBeUndefined();
    // Nor does the exam page take the session from the URL.
    const direct = await victim.request(`${world.cadre.url}/lti/exam`, { headers: { accept: 'application/json' } });
    expect(direct.status).toBe(401);
  });

  it('opens the exam window once with a hand-off token, and refuses the same link a second time', async () => {
    const { status, url } = await handoff(candidate);
    expect(status).toBe(200);
    expect(url).toMatch(/^\/lti\/exam\?handoff=[\w-]{43}$/);
    const examWindow = new Agent();
    const exam = await examWindow.follow(`${world.cadre.url}${url}`);
    expect(exam.status).toBe(200);
    expect(new URL(exam.url).search).toBe('');
    expect(exam.body).toContain('<cadre-exam');
    expect(examWindow.cookies.get(SESSION_COOKIE)).toBe(candidate.cookies.get(SESSION_COOKIE));

    const again = new Agent();
    const reused = await again.request(`${world.cadre.url}${url}`, { headers: { accept: 'application/json' } });
    expect(reused.status).toBe(410);
    expect((JSON.parse(reused.body) as { error: { id: string } }).error.id).toBe('lti:handoff-invalid');
    expect(again.cookies.get(SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a hand-off link older than a minute', async () => {
    const { url } = await handoff(candidate);
    clock.advance(EXAM_HANDOFF_MS + 1000);
    const late = new Agent();
    const page = await late.request(`${world.cadre.url}${url}`, { headers: { accept: 'application/json' } });
    expect(page.status).toBe(410);
    expect(late.cookies.get(SESSION_COOKIE)).toBeUndefined();
  });

  it('gives hand-offs to candidates only, and only to a page of Cadre', async () => {
    const instructor = new Agent();
    await launch(world, instructor, { clientId, userId: 'teacher-1', contextId: 'course-1', resourceLinkId: 'rl-1', roles: [ROLE.instructor] });
    expect((await handoff(instructor)).status).toBe(403);
    expect((await handoff(new Agent())).status).toBe(401);
    const forged = await candidate.request(`${world.cadre.url}/lti/exam/handoff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: '{}',
    });
    expect(forged.status).toBe(403);
  });
});
