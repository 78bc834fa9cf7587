import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import type { EmulatorUser } from '../../lti/emulator/platform.js';
import { loadBank } from '../../server/content/load-bank.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { contentDir } from '../../server/paths.js';
import { correctResponse } from '../support/answers.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { writtenAt } from '../support/results.js';
import { detailsBody } from '../support/personal-details.js';

/** Where screenshots go when SCREENSHOT_DIR is set (to look at the dashboard by eye). */
const screenshotDir = process.env.SCREENSHOT_DIR;

function person(id: string, givenName: string, familyName: string, role: string = ROLE.learner): EmulatorUser {
  return { id, givenName, familyName, name: `${givenName} ${familyName}`, email: `${id}@example.test`, roles: [role] };
}

describe("cadre-instructor-dashboard: the course's candidates, reset and accommodations", () => {
  let world: World;
  let browser: Browser;
  let sessionId: string;
  let clientId: string;
  let linkId: string;

  async function api<T>(agent: Agent, method: string, url: string, body?: unknown): Promise<T> {
    const page = await agent.request(`${world.cadre.url}${url}`, {
      method,
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
    return JSON.parse(page.body) as T;
  }

  async function learner(id: string): Promise<Agent> {
    const agent = new Agent();
    await launch(world, agent, { clientId, userId: id, contextId: 'course-a', resourceLinkId: linkId, roles: [ROLE.learner] });
    await api(agent, 'PUT', '/api/candidate/personal-details', detailsBody()); // the form before the written test
    return agent;
  }

  beforeAll(async () => {
    const bank = loadBank(path.join(contentDir, 'banks', 'en'));
    world = await startWorld();
    browser = await launchBrowser();
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-a', 'ENG-B2', 'Business English B2', [
      person('teacher-a', 'Dominique', 'Leroy', ROLE.instructor),
      person('learner-1', 'Élodie', 'Durand'),
      person('learner-2', 'Bruno', 'Martin'),
      person('learner-3', 'Chloé', 'Petit'),
      person('learner-4', 'Amina', 'Bernard'),
    ]);
    linkId = world.lms.emulator.addResourceLink('course-a', {
      clientId,
      title: 'Certification anglais professionnel',
      custom: {
        cadre_language: 'en',
        cadre_target_level: 'B2',
        cadre_oral_required: 'false',
        cadre_proctoring: 'false',
        cadre_accommodations: '{"extraTimePercent":0}',
      },
    }).id;
    const teacher = new Agent();
    const dashboardPage = await launch(world, teacher, { clientId, userId: 'teacher-a', contextId: 'course-a', resourceLinkId: linkId });
    const activityId = dashboardPage.body.match(/activity-id="([^"]+)"/)![1]!;
    sessionId = teacher.cookies.get('cadre_lti')!;

    // Élodie answers four items and has a flagged proctoring event; Bruno's result is released;
    // Chloé opened her sitting; Amina never came.
    const elodie = await learner('learner-1');
    await api(elodie, 'POST', '/api/sitting/steps/instructions', { data: {} });
    for (let i = 0; i < 4; i++) {
      const view = await api<SittingView>(elodie, 'POST', '/api/sitting/next');
      const item = bank.item(view.item!.id)!;
      await api(elodie, 'POST', `/api/sitting/items/${item.id}/answer`, { response: correctResponse(item.type, item.content, view.item!.view) });
    }
    const { storage } = world.cadre;
    const users = new Map((await storage.db.selectFrom('users').select(['id', 'subject']).execute()).map((u) => [u.subject, u.id]));
    const elodieSitting = (await storage.sittings.findFor({ activityId, userId: users.get('learner-1')! }))!;
    await storage.proctoring.registerSitting({ sittingId: elodieSitting.id, userId: users.get('learner-1')!, activityId }, new Date());
    await storage.proctoring.upsertEvents(
      elodieSitting.id,
      [{ clientId: 'e-1', type: 'face.multiple', severity: 'high', startedAt: new Date(), endedAt: new Date(), details: {} }],
      new Date(),
    );

    await api(await learner('learner-2'), 'GET', '/api/sitting');
    const brunoSitting = (await storage.sittings.findFor({
      activityId,
      userId: (await storage.db.selectFrom('users').select('id').where('subject', '=', 'learner-2').executeTakeFirstOrThrow()).id,
    }))!;
    const contextId = (await storage.db.selectFrom('activities').select('context_id').where('id', '=', activityId).executeTakeFirstOrThrow()).context_id;
    await world.cadre.results.open({
      sittingId: brunoSitting.id,
      userId: brunoSitting.userId,
      activity: {
        activityId,
        contextId,
        title: 'Certification anglais professionnel',
        language: 'en',
        targetLevel: 'B2',
        oralRequired: false,
        proctored: false,
      },
      candidate: { name: 'Bruno Martin', email: null, locale: 'fr' },
      instructors: [],
      written: writtenAt({ vocabulary: 'B2', grammar: 'B2', expressions: 'C1', reading: 'B1', listening: 'B2' }),
      writtenAt: new Date().toISOString(),
      reviewNeeded: false,
    });
    await api(await learner('learner-3'), 'GET', '/api/sitting');
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  async function open(lang: 'fr' | 'en'): Promise<Page> {
    const page = await browser.newPage({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', viewport: { width: 1200, height: 900 } });
    // No cookie: the session travels in the URL, as in an LMS frame that blocks third-party cookies.
    await page.goto(`${world.cadre.url}/lti/dashboard?s=${encodeURIComponent(sessionId)}${lang === 'en' ? '&lang=en' : ''}`);
    await page.locator('cadre-instructor-dashboard tbody tr').first().waitFor();
    return page;
  }

  const rowOf = (page: Page, name: string) =>
    page.locator('cadre-instructor-dashboard tbody tr').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });

  it('shows every candidate with state, levels, flags and the result sheet link, in French, accessibly', async () => {
    const page = await open('fr');
    const dash = page.locator('cadre-instructor-dashboard');
    expect(await dash.locator('tbody th .name').allTextContents()).toEqual(['Amina Bernard', 'Bruno Martin', 'Chloé Petit', 'Élodie Durand']);
    await expect.poll(() => rowOf(page, 'Élodie Durand').textContent()).toMatch(/Écrit en cours\s*4\/50/);
    expect(await rowOf(page, 'Élodie Durand').locator('td.flags').textContent()).toBe('1');
    expect(await rowOf(page, 'Bruno Martin').textContent()).toMatch(/Résultats publiés[\s\S]*Global [ABC][12][\s\S]*Compréhension écrite B1/);
    expect(await rowOf(page, 'Amina Bernard').textContent()).toMatch(/n'a pas encore ouvert l'activité[\s\S]*Pas commencé/);
    const sheet = dash.getByRole('link', { name: 'Fiche de résultats de Bruno Martin' });
    expect(await sheet.getAttribute('href')).toMatch(/^\/results\/[\w-]+\?s=/);
    expect(await dash.getByRole('button', { name: 'Réinitialiser la tentative de Bruno Martin' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    if (screenshotDir) {
      fs.mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotDir, 'instructor-dashboard-fr.png'), fullPage: true });
    }

    // Filter by state.
    await dash.getByLabel('Filtrer par état').selectOption('released');
    expect(await dash.locator('tbody th .name').allTextContents()).toEqual(['Bruno Martin']);
    await dash.getByLabel('Filtrer par état').selectOption('all');

    // The CSV link carries the session and answers a spreadsheet.
    const href = (await dash.getByRole('link', { name: 'Télécharger en CSV' }).getAttribute('href'))!;
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    }, href);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toMatch(/^"Nom";"Courriel"/);
    await page.close();
  });

  it('resets an attempt by keyboard only, with a confirmation that requires a reason', async () => {
    const page = await open('fr');
    const dash = page.locator('cadre-instructor-dashboard');
    const reset = dash.getByRole('button', { name: 'Réinitialiser la tentative de Élodie Durand' });
    await reset.focus();
    await page.keyboard.press('Enter');
    const dialog = dash.getByRole('dialog', { name: 'Réinitialiser la tentative de Élodie Durand' });
    await dialog.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'instructor-dashboard-reset.png') });

    // Escape cancels and gives the focus back to the button.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await reset.evaluate((b) => b.matches(':focus'))).toBe(true);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    // Submitting without a reason is refused in the dialog.
    await dialog.getByRole('button', { name: 'Réinitialiser la tentative' }).press('Enter');
    await dialog.getByRole('alert').filter({ hasText: 'Indiquez la raison' }).waitFor();
    await dialog.getByLabel('Raison (obligatoire)').focus();
    await page.keyboard.type('Coupure de courant dans la salle');
    await page.keyboard.press('Tab'); // → Annuler
    await page.keyboard.press('Tab'); // → Réinitialiser la tentative
    await page.keyboard.press('Enter');
    await dash.getByRole('status').filter({ hasText: 'La tentative de Élodie Durand est réinitialisée.' }).waitFor();
    await expect.poll(() => rowOf(page, 'Élodie Durand').textContent()).toMatch(/Pas commencé/);
    const audit = await world.cadre.storage.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'dashboard.attempt.reset').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ reason: 'Coupure de courant dans la salle' });
    await page.close();
  });

  it('sets an accommodation in English', async () => {
    const page = await open('en');
    const dash = page.locator('cadre-instructor-dashboard');
    await dash.getByRole('heading', { name: 'Candidates' }).waitFor();
    await dash.getByRole('button', { name: 'Accommodation for Amina Bernard' }).click();
    const dialog = dash.getByRole('dialog', { name: 'Accommodation for Amina Bernard' });
    await dialog.waitFor();
    await dialog.getByLabel('Time multiplier (1 to 2)').fill('3');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'between 1 and 2' }).waitFor();
    await dialog.getByLabel('Time multiplier (1 to 2)').fill('1.25');
    await dialog.getByLabel(/Exemption from camera proctoring/).fill('Visual impairment: screen reader, no camera');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dash.getByRole('status').filter({ hasText: 'The accommodation for Amina Bernard is saved.' }).waitFor();
    await expect.poll(() => rowOf(page, 'Amina Bernard').textContent()).toMatch(/Time × 1\.25[\s\S]*Exempt from proctoring/);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'instructor-dashboard-en.png'), fullPage: true });
    await page.close();
  });
});
