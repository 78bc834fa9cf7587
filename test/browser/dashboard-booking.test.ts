import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import type { EmulatorUser } from '../../lti/emulator/platform.js';
import { loadBank } from '../../server/content/load-bank.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { contentDir } from '../../server/paths.js';
import { correctResponse } from '../support/answers.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { detailsBody } from '../support/personal-details.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { seedStaff, weekdayMornings } from '../support/oral.js';
import { startSmtpServer } from '../support/smtp.js';

/** Where screenshots go when SCREENSHOT_DIR is set. */
const screenshotDir = process.env.SCREENSHOT_DIR;

function person(id: string, givenName: string, familyName: string, role: string = ROLE.learner): EmulatorUser {
  return { id, givenName, familyName, name: `${givenName} ${familyName}`, email: `${id}@example.test`, roles: [role] };
}

// Issue 15: "Mon centre a prévu un rendez-vous à ma place — quitter sans prendre de rendez-vous",
// and the centre booking for the candidate from the instructor dashboard, over real LTI launches
// and a real SMTP server.
describe('the centre books the oral interview from the instructor dashboard', () => {
  let world: World;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let browser: Browser;
  let teacherSession = '';
  let learnerSession = '';
  const learner = new Agent();

  const api = async <T>(agent: Agent, method: string, url: string, body?: unknown): Promise<T> => {
    const page = await agent.request(`${world.cadre.url}${url}`, {
      method,
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
    return JSON.parse(page.body) as T;
  };

  beforeAll(async () => {
    const bank = loadBank(path.join(contentDir, 'banks', 'en'));
    smtp = await startSmtpServer();
    world = await startWorld({ env: { SMTP_URL: smtp.url } });
    browser = await launchBrowser();
    if (screenshotDir) fs.mkdirSync(screenshotDir, { recursive: true });
    const clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-oral', 'ENG-B2', 'Business English B2', [
      person('teacher-o', 'Dominique', 'Leroy', ROLE.instructor),
      person('learner-o', 'Élodie', 'Durand'),
    ]);
    const linkId = world.lms.emulator.addResourceLink('course-oral', {
      clientId,
      title: 'Certification anglais professionnel',
      custom: { cadre_language: 'en', cadre_target_level: 'B2', cadre_oral_required: 'true', cadre_proctoring: 'false' },
    }).id;
    await seedStaff(world.cadre.storage, {
      email: 'awa@centre.example.org',
      name: 'Awa Diallo',
      availability: weekdayMornings,
      videoUrl: 'https://meet.example.org/awa',
    });

    const teacher = new Agent();
    await launch(world, teacher, { clientId, userId: 'teacher-o', contextId: 'course-oral', resourceLinkId: linkId });
    teacherSession = teacher.cookies.get('cadre_lti')!;

    // Élodie takes the whole written part.
    await launch(world, learner, { clientId, userId: 'learner-o', contextId: 'course-oral', resourceLinkId: linkId, roles: [ROLE.learner] });
    learnerSession = learner.cookies.get('cadre_lti')!;
    await api(learner, 'PUT', '/api/candidate/personal-details', detailsBody()); // the form before the written test
    await api(learner, 'GET', '/api/sitting');
    await api(learner, 'POST', '/api/sitting/steps/instructions', { data: {} });
    let view: SittingView | undefined;
    for (let i = 0; i < 50; i++) {
      view = await api<SittingView>(learner, 'POST', '/api/sitting/next');
      const item = bank.item(view.item!.id)!;
      view = await api<SittingView>(learner, 'POST', `/api/sitting/items/${item.id}/answer`, {
        response: correctResponse(item.type, item.content, view.item!.view),
      });
    }
    expect(view!.step).toBe('written-done');
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
    await smtp?.close();
  });

  const rowOf = (page: Page, name: string) =>
    page.locator('cadre-instructor-dashboard tbody tr').filter({ has: page.getByRole('rowheader', { name: new RegExp(name) }) });

  it('the candidate leaves it to the centre: their home and the dashboard say so', async () => {
    const page = await browser.newPage({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    // The session in the URL, as in an LMS frame without cookies: the component's API calls carry it.
    await page.goto(`${world.cadre.url}/oral/booking?s=${encodeURIComponent(learnerSession)}`);
    await page.locator('cadre-booking table[part=calendar]').waitFor();
    await page.getByRole('button', { name: 'Quitter sans prendre de rendez-vous' }).click();
    await page.getByRole('status').filter({ hasText: 'Vous avez quitté la prise de rendez-vous' }).waitFor();
    expect((await api<{ oral: { state: string } }>(learner, 'GET', '/api/candidate/home')).oral).toEqual({ state: 'centre-books' });
    // The candidate's home in the LMS says who books.
    await page.goto(`${world.cadre.url}/lti/home?s=${encodeURIComponent(learnerSession)}`);
    await page.locator('cadre-candidate-home').getByText('Votre centre prend le rendez-vous pour vous').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'candidate-home-centre-books.png'), fullPage: true });
    await page.close();
  });

  it('the instructor books from the dashboard, by the same week view; the candidate receives the invitation', async () => {
    const page = await browser.newPage({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1200, height: 1000 } });
    await page.goto(`${world.cadre.url}/lti/dashboard?s=${encodeURIComponent(teacherSession)}`);
    const row = rowOf(page, 'Élodie Durand');
    await expect.poll(() => row.textContent()).toMatch(/Écrit terminé[\s\S]*Attend un rendez-vous pris par le centre/);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Prendre le rendez-vous oral de Élodie Durand' }).click();
    const dialog = page.getByRole('dialog', { name: 'Entretien oral de Élodie Durand' });
    await dialog.getByRole('heading', { name: 'PRISE DE RENDEZ-VOUS — Élodie Durand' }).waitFor();
    await dialog.getByText('Élodie Durand a indiqué que le centre prend le rendez-vous à sa place.').waitFor();
    // The candidate's lines ("Aucun créneau…", "Quitter sans…") are not the centre's.
    expect(await dialog.getByRole('button', { name: 'Quitter sans prendre de rendez-vous' }).count()).toBe(0);
    const slot = dialog.locator('cadre-booking button.slot').first();
    await slot.waitFor();
    const label = (await slot.getAttribute('aria-label'))!;
    expect(await accessibilityViolations(page)).toEqual([]);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'dashboard-booking-week.png') });
    await slot.click();
    const confirm = page.getByRole('dialog', { name: 'Prise de rendez-vous' });
    await confirm.getByRole('button', { name: 'Réserver' }).click();
    await dialog.getByText(/^Rendez-vous pris avec un évaluateur : /).waitFor();
    // The slot chosen is the one booked, on the centre's clock.
    const [, date, start] = label.match(/ (\d\d\/\d\d\/\d{4}), (\d\d:\d\d)/)!;
    expect(await dialog.getByText(/^Rendez-vous pris avec un évaluateur : /).textContent()).toContain(`${date} ${start}`);
    await dialog.getByRole('button', { name: 'Confirmer et quitter' }).click();
    await page
      .locator('cadre-instructor-dashboard')
      .getByRole('status')
      .filter({ hasText: "Le rendez-vous de Élodie Durand est pris ; l'invitation lui est envoyée par e-mail." })
      .waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Oral réservé[\s\S]*Oral réservé le/);
    expect(await page.getByRole('button', { name: 'Modifier le rendez-vous oral de Élodie Durand' }).count()).toBe(1);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'dashboard-booking-done.png'), fullPage: true });
    await page.close();

    const { storage } = world.cadre;
    const booking = (await storage.db.selectFrom('bookings').selectAll().executeTakeFirstOrThrow())!;
    expect(booking).toMatchObject({ status: 'booked', created_by: 'instructor', candidate_email: 'learner-o@example.test' });
    const audit = await storage.db.selectFrom('audit_log').select(['actor_kind', 'actor_id']).where('action', '=', 'booking.create').execute();
    const teacherId = (await storage.db.selectFrom('users').select('id').where('subject', '=', 'teacher-o').executeTakeFirstOrThrow()).id;
    expect(audit).toEqual([{ actor_kind: 'lti-user', actor_id: teacherId }]);

    // The candidate receives the invitation with its calendar event.
    await world.cadre.worker.drain();
    await smtp.waitFor(2);
    const invitation = smtp.mails.find((m) => m.to.includes('learner-o@example.test'))!;
    expect(invitation.subject).toMatch(/^Confirmation de votre entretien oral du /);
    const calendar = new ICAL.Component(ICAL.parse(invitation.ics!));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect((calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(booking.starts_at);
    // And their home shows the appointment.
    expect((await api<{ oral: { state: string; at?: string } }>(learner, 'GET', '/api/candidate/home')).oral).toEqual({
      state: 'booked',
      at: booking.starts_at,
    });
    const home = await browser.newPage({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    await home.goto(`${world.cadre.url}/lti/home?s=${encodeURIComponent(learnerSession)}`);
    await home
      .locator('cadre-candidate-home')
      .getByText(/^Réservé le /)
      .waitFor();
    await home.close();
  });
});
