import fs from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { TEST_LAUNCH_COOKIE, TestLaunches } from '../support/lti-principals.js';
import { seedStaff, weekdayMornings } from '../support/oral.js';

describe('oral booking and assessor console in Chromium', () => {
  let cadre: RunningCadre;
  let browser: Browser;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z')); // Monday 9:00 in Paris
  const launches = new TestLaunches();

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }), { clock, principal: launches.principal, roster: launches });
    await seedStaff(cadre.storage, {
      email: 'awa@centre.example.org',
      name: 'Awa Diallo',
      password: 'assessor passphrase',
      videoUrl: 'https://meet.example.org/awa',
      availability: weekdayMornings,
    });
    await cadre.storage.centres.update('default', { contactEmail: 'oral@centre.example.org' }, clock.now());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await cadre?.stop();
  });

  async function candidateContext(userId: string): Promise<BrowserContext> {
    const { sessionId } = launches.launch({ userId, role: 'candidate', name: 'Léa Martin' });
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    await context.addCookies([{ name: TEST_LAUNCH_COOKIE, value: sessionId, url: cadre.url }]);
    return context;
  }

  it('a candidate books by keyboard, changes the appointment, then confirms and leaves', async () => {
    const context = await candidateContext('lea');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${cadre.url}/oral/booking`);
    await page.getByRole('heading', { name: 'PRISE DE RENDEZ-VOUS' }).waitFor();
    await page.getByRole('button', { name: 'Mardi 03/03/2026, 09:00 - 09:30' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.getByText('Du 02/03/2026 au 08/03/2026').count()).toBe(1);
    expect(await page.getByRole('link', { name: "l'équipe de votre centre" }).getAttribute('href')).toBe('mailto:oral@centre.example.org');

    // Keyboard only: focus the Wednesday 10:00 slot and press Enter; the dialog asks; Enter books.
    await page.getByRole('button', { name: 'Mercredi 04/03/2026, 10:00 - 10:30' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Prise de rendez-vous' });
    await dialog.getByText("Voulez-vous sélectionner un créneau auprès d'un évaluateur le 04/03/2026 de 10:00 à 10:30 ?").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // The modal dialog holds the focus: Tab reaches "Réserver" after the close button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('cadre-booking')!.shadowRoot!.activeElement?.textContent?.trim())).toBe('Réserver');
    await page.keyboard.press('Enter');
    await page.getByText('Rendez-vous pris avec un évaluateur : 04/03/2026 10:00 - 10:30').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // Booked: "no slot available?" is no longer said.
    expect(await page.getByText('Aucun créneau disponible ?').count()).toBe(0);

    await page.getByRole('button', { name: 'Modifier le RDV' }).click();
    await page.getByRole('button', { name: 'Semaine suivante' }).click();
    await page.getByRole('button', { name: 'Mardi 10/03/2026, 11:30 - 12:00' }).click();
    await dialog.getByRole('button', { name: 'Réserver' }).click();
    await page.getByText('Rendez-vous pris avec un évaluateur : 10/03/2026 11:30 - 12:00').waitFor();

    await page.getByRole('button', { name: 'Confirmer et quitter' }).click();
    // The confirmation says the date and time once, and offers the interview for the candidate's calendar.
    await page
      .getByRole('status')
      .filter({ hasText: 'Votre rendez-vous est confirmé : mardi 10 mars 2026, de 11:30 à 12:00. Vous recevrez un e-mail de rappel' })
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ajouter à mon agenda' }).click()]);
    expect(download.suggestedFilename()).toBe('entretien-oral.ics');
    const ics = fs.readFileSync((await download.path())!, 'utf8');
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics).toMatch(/DTSTART:20260310T103000Z/);
    expect(ics).toContain('SUMMARY:Entretien oral de certification');
    expect(ics).toMatch(/SEQUENCE:1/);
    const [booking] = await cadre.storage.bookings.forCandidate('lea', 'act-1');
    expect(booking).toMatchObject({ status: 'booked', sequence: 1, startsAt: new Date('2026-03-10T10:30:00Z') });
    expect(booking!.confirmedAt).not.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells a candidate who lost a slot and shows the fresh calendar', async () => {
    const context = await candidateContext('tom');
    const page = await context.newPage();
    await page.goto(`${cadre.url}/oral/booking?lang=en`);
    const slot = page.getByRole('button', { name: 'Thursday 05/03/2026, 09:00 - 09:30' });
    await slot.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // Someone else takes it while Tom hesitates.
    const other = launches.launch({ userId: 'zoe', role: 'candidate' });
    const taken = await fetch(`${cadre.url}/api/oral/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: other.cookie },
      body: JSON.stringify({ startsAt: '2026-03-05T08:00:00.000Z' }),
    });
    expect(taken.status).toBe(201);
    await slot.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Book' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone has just booked this slot' }).waitFor();
    expect(await slot.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Thursday 05/03/2026, 09:30 - 10:00' }).count()).toBe(1);
    await context.close();
  });

  it('an assessor logs in and grades the interview of the day', async () => {
    const candidate = launches.launch({ userId: 'nina', role: 'candidate', name: 'Nina Keller' });
    const res = await fetch(`${cadre.url}/api/oral/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: candidate.cookie },
      body: JSON.stringify({ startsAt: '2026-03-06T08:00:00.000Z' }),
    });
    const { booking } = await res.json();
    clock.set('2026-03-06T08:02:00Z'); // the interview has begun: grading opens at its start

    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    await page.goto(`${cadre.url}/staff/login`);
    expect(await accessibilityViolations(page)).toEqual([]);
    // "Mot de passe oublié ?" leads to its form and back.
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Retour à la connexion' }).click();
    await page.getByLabel('Adresse e-mail').fill('awa@centre.example.org');
    await page.getByLabel('Mot de passe').fill('assessor passphrase');
    await Promise.all([page.waitForURL(/\/staff\/console$/), page.getByRole('button', { name: 'Se connecter' }).click()]);
    const interview = page.getByRole('button', { name: /09:00–09:30 · Nina Keller/ });
    await interview.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await interview.click();
    await page.getByRole('heading', { name: /Nina Keller/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Ouvrir la salle de visioconférence' }).getAttribute('href')).toBe('https://meet.example.org/awa');
    await page.getByText("Questions d'introduction").waitFor();
    await page.getByLabel('Exemples pour le niveau').selectOption('B2');
    // The console speaks the assessor's French; the prompts are in the test's language (English here).
    const prompt = page.getByText('In your opinion, what should a company consider when it sets up teleworking?');
    await prompt.waitFor();
    expect(await prompt.evaluate((li) => li.closest('[lang]')!.getAttribute('lang'))).toBe('en');
    expect(await accessibilityViolations(page)).toEqual([]);

    const levels = { vocabulary: 'B2', grammar: 'B1', fluency: 'B2', pronunciation: 'C1', interaction: 'B2' } as const;
    const labels = {
      vocabulary: 'Connaissance et étendue du vocabulaire',
      grammar: 'Grammaire et syntaxe',
      fluency: 'Aisance',
      pronunciation: 'Prononciation et intonation',
      interaction: 'Interaction',
    };
    for (const [criterion, level] of Object.entries(levels)) await page.getByLabel(labels[criterion as keyof typeof labels]).selectOption(level);
    await page.getByLabel('Commentaires').fill('Interaction aisée, quelques erreurs de temps.');
    expect(await page.locator('output').textContent()).toBe('B2');
    await page.getByRole('button', { name: "Enregistrer l'évaluation" }).click();
    await page.getByRole('status').filter({ hasText: 'Évaluation enregistrée : niveau B2.' }).waitFor();
    expect(await cadre.storage.oralAssessments.get(booking.id)).toMatchObject({
      outcome: 'graded',
      level: 'B2',
      criteria: levels,
      comments: 'Interaction aisée, quelques erreurs de temps.',
    });

    // Availability on the same page: a new video room and a day off.
    const video = page.getByLabel('Lien de visioconférence');
    await video.fill('https://meet.example.org/awa-2');
    await page.getByRole('button', { name: 'Ajouter une exception' }).click();
    await page.getByLabel('Date, ligne 1').fill('2026-03-12');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Enregistrer mes disponibilités' }).click();
    await page.getByRole('status').filter({ hasText: 'Disponibilités enregistrées.' }).waitFor();
    expect(await cadre.storage.availability.get((await cadre.storage.bookings.get(booking.id))!.assessorId)).toMatchObject({
      rules: weekdayMornings.rules,
      exceptions: [{ date: '2026-03-12', kind: 'unavailable', startMinute: null, endMinute: null }],
    });
    expect((await cadre.storage.staff.findByEmail('awa@centre.example.org'))?.videoUrl).toBe('https://meet.example.org/awa-2');
    await context.close();
  });
});
