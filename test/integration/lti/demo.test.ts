import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCadre, type RunningCadre } from '../../../server/server.js';
import { testConfig } from '../../support/config.js';
import { Agent } from '../../support/lti/agent.js';

// `npm start` outside production offers a demo course at /demo: an emulated LMS already
// connected to Cadre, where one launches as a candidate or an instructor and sees the gradebook.
describe('demo course', () => {
  let cadre: RunningCadre;

  beforeAll(async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const { port } = s.address() as AddressInfo;
    await new Promise<void>((r) => s.close(() => r()));
    cadre = await startCadre(testConfig({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, DEMO: 'true', JOBS_ENABLED: 'false' }));
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  it('is linked from the home page and lets one launch as candidate, as instructor, and see the gradebook', async () => {
    expect(await (await fetch(`${cadre.url}/`)).text()).toContain('href="/demo"');
    const agent = new Agent();
    const course = await agent.follow(`${cadre.url}/demo`);
    expect(course.status).toBe(200);
    const links = [...course.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

    const candidateLink = links.find((l) => l.includes('/launch?') && l.includes('user=learner-1'))!;
    const auth = await agent.follow(candidateLink);
    const home = await agent.submitForm(auth);
    expect(new URL(home.url).pathname).toBe('/lti/home');

    const instructorLink = links.find((l) => l.includes('role=instructor') && l.includes('resource='))!;
    const dashboard = await agent.submitForm(await agent.follow(instructorLink));
    expect(new URL(dashboard.url).pathname).toBe('/lti/dashboard');

    // The demo's instructor can send sample grades; the job worker posts them to the gradebook.
    const afterGrades = await agent.submitForm(dashboard);
    expect(new URL(afterGrades.url).pathname).toBe('/lti/dashboard');
    expect(await cadre.worker.drain()).toBe(7);
    const gradebook = await agent.follow(links.find((l) => l.includes('/gradebook/'))!);
    expect(gradebook.status).toBe(200);
    expect(gradebook.body).toContain('Carnet de notes');
    expect(gradebook.body).toContain('Niveau B1');
    expect(gradebook.body).toContain('<small>noté</small>');
    expect(gradebook.body).not.toContain('FullyGraded');
  });
});
