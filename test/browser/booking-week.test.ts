import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { TEST_LAUNCH_COOKIE, TestLaunches } from '../support/lti-principals.js';
import { seedStaff, weekdayMornings } from '../support/oral.js';

/** Where screenshots go when SCREENSHOT_DIR is set. */
const screenshotDir = process.env.SCREENSHOT_DIR;

/** The element the keyboard is on, inside cadre-booking's shadow root. */
const focused = (page: Page) => page.evaluate(() => document.querySelector('cadre-booking')!.shadowRoot!.activeElement?.getAttribute('aria-label') ?? null);

// Issue 15: the booking as the candidate guide shows it ("PRISE DE RENDEZ-VOUS").
describe('cadre-booking: the guide’s week view in Chromium', () => {
  let cadre: RunningCadre;
  let browser: Browser;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z')); // Monday 9:00 in Paris
  const launches = new TestLaunches();

  beforeAll(async () => {
    // The centre has no contact address of its own: the issuer's (ISSUER_EMAIL) is shown.
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false', ISSUER_EMAIL: 'certification@centre.example.org' }), {
      clock,
      principal: launches.principal,
      roster: launches,
    });
    await seedStaff(cadre.storage, { email: 'awa@centre.example.org', name: 'Awa Diallo', availability: weekdayMornings });
    browser = await launchBrowser();
    if (screenshotDir) fs.mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await cadre?.stop();
  });

  async function candidatePage(userId: string, timezoneId = 'Europe/Paris', lang = ''): Promise<{ context: BrowserContext; page: Page }> {
    const { sessionId } = launches.launch({ userId, role: 'candidate', name: userId });
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId, viewport: { width: 1100, height: 900 } });
    await context.addCookies([{ name: TEST_LAUNCH_COOKIE, value: sessionId, url: cadre.url }]);
    const page = await context.newPage();
    await page.goto(`${cadre.url}/oral/booking${lang}`);
    await page.locator('cadre-booking table[part=calendar]').waitFor();
    return { context, page };
  }

  it('shows the week with days as columns and hours as rows, in the candidate’s zone, and moves by keyboard', async () => {
    const { context, page } = await candidatePage('lea');
    const booking = page.locator('cadre-booking');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect((await booking.locator('thead th').allTextContents()).map((d) => d.replace(/\s+/g, ' ').trim())).toEqual([
      '2 Lundi',
      '3 Mardi',
      '4 Mercredi',
      '5 Jeudi',
      '6 Vendredi',
      '7 Samedi',
      '8 Dimanche',
    ]);
    expect(await booking.locator('tbody th').allTextContents()).toEqual(['9h', '10h', '11h']);
    await page.getByText('Horaires affichés dans le fuseau Europe/Paris.').waitFor();
    // 24 hours' notice: Monday has no slot left; Tuesday 9:00 is the first.
    expect(await booking.locator('tbody tr').first().locator('td').first().locator('button').count()).toBe(0);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'booking-week-fr.png'), fullPage: true });

    // "Aujourd'hui ← →": the previous week is closed, the next one opens, today comes back.
    expect(await page.getByRole('button', { name: 'Semaine précédente' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Semaine suivante' }).click();
    await page.getByText('Du 09/03/2026 au 15/03/2026').waitFor();
    await page.getByRole('button', { name: 'Semaine précédente' }).click();
    await page.getByText('Du 02/03/2026 au 08/03/2026').waitFor();
    await page.getByRole('button', { name: 'Semaine suivante' }).click();
    await page.getByRole('button', { name: "Aujourd'hui" }).click();
    await page.getByText('Du 02/03/2026 au 08/03/2026').waitFor();

    // One Tab stop in the grid, then the arrow keys: → next day, ↓ next slot, End, Page Down.
    await page.getByRole('button', { name: 'Semaine suivante' }).focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => focused(page)).toBe('Mardi 03/03/2026, 09:00 - 09:30');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focused(page)).toBe('Mercredi 04/03/2026, 09:00 - 09:30');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(page)).toBe('Mercredi 04/03/2026, 09:30 - 10:00');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focused(page)).toBe('Mardi 03/03/2026, 09:30 - 10:00');
    await page.keyboard.press('End');
    await expect.poll(() => focused(page)).toBe('Vendredi 06/03/2026, 11:30 - 12:00');
    await page.keyboard.press('PageDown');
    await page.getByText('Du 09/03/2026 au 15/03/2026').waitFor();
    await expect.poll(() => focused(page)).toBe('Lundi 09/03/2026, 09:00 - 09:30');
    await page.keyboard.press('PageUp');
    await expect.poll(() => focused(page)).toBe('Vendredi 06/03/2026, 11:30 - 12:00');

    // Enter opens the confirmation (a native modal dialog); Escape closes it, nothing booked.
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Prise de rendez-vous' });
    await dialog.getByText("Voulez-vous sélectionner un créneau auprès d'un évaluateur le 06/03/2026 de 11:30 à 12:00 ?").waitFor();
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open && d.matches(':modal'))).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'booking-dialog-fr.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await cadre.storage.bookings.forCandidate('lea', 'act-1')).toEqual([]);
    await context.close();
  });

  it('books through the dialog, modifies the appointment, then confirms and leaves', async () => {
    const { context, page } = await candidatePage('noa');
    await page.getByRole('button', { name: 'Jeudi 05/03/2026, 10:00 - 10:30' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Réserver' }).click();
    const summary = page.getByText('Rendez-vous pris avec un évaluateur : 05/03/2026 10:00 - 10:30');
    await summary.waitFor();
    await page.getByText("Il est encore possible de modifier l'horaire en sélectionnant un nouveau rendez-vous dans le calendrier.").waitFor();
    // The calendar is folded away once booked; "Modifier le RDV" opens it again.
    expect(await page.locator('cadre-booking table[part=calendar]').count()).toBe(0);
    const modify = page.getByRole('button', { name: 'Modifier le RDV' });
    expect(await modify.getAttribute('aria-expanded')).toBe('false');
    await modify.click();
    expect(await modify.getAttribute('aria-expanded')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Vendredi 06/03/2026, 09:00 - 09:30' }).click();
    await page.getByRole('dialog').getByText('Voulez-vous déplacer votre rendez-vous au 06/03/2026 de 09:00 à 09:30 ?').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Réserver' }).click();
    await page.getByText('Rendez-vous pris avec un évaluateur : 06/03/2026 09:00 - 09:30').waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'booking-booked-fr.png'), fullPage: true });
    await page.getByRole('button', { name: 'Confirmer et quitter' }).click();
    await page.getByRole('status').filter({ hasText: 'Votre rendez-vous est confirmé' }).waitFor();
    const [booking] = await cadre.storage.bookings.forCandidate('noa', 'act-1');
    expect(booking).toMatchObject({ status: 'booked', sequence: 1, startsAt: new Date('2026-03-06T08:00:00Z') });
    expect(booking!.confirmedAt).not.toBeNull();
    await context.close();
  });

  it('shows times on the candidate’s own clock, with the zone named', async () => {
    const { context, page } = await candidatePage('kenji', 'America/New_York', '?lang=en');
    await page.getByText('Times shown in the America/New_York time zone.').waitFor();
    // Tuesday 9:00 in Paris is 3:00 in New York (before the US change to summer time on 8 March).
    await page.getByRole('button', { name: 'Tuesday 03/03/2026, 03:00 - 03:30' }).waitFor();
    expect(await page.locator('cadre-booking tbody th').first().textContent()).toBe('3:00');
    expect(await accessibilityViolations(page)).toEqual([]);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'booking-week-en.png'), fullPage: true });
    await context.close();
  });

  it('gives the contact when no slot suits, and records "leave without booking", which the page shows on return', async () => {
    const { context, page } = await candidatePage('ines');
    await page.getByText('Aucun créneau disponible ? Veuillez contacter').waitFor();
    expect(await page.getByRole('link', { name: "l'équipe de votre centre" }).getAttribute('href')).toBe('mailto:certification@centre.example.org');
    await page.getByText('Mon centre de formation a prévu un rendez-vous à ma place ?').waitFor();
    await page.getByRole('button', { name: 'Quitter sans prendre de rendez-vous' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: "Vous avez quitté la prise de rendez-vous. Votre centre vous communiquera l'horaire de votre entretien." })
      .waitFor();
    const sittingId = (await launches.writtenDoneSitting('act-1', 'ines'))!;
    expect(await cadre.storage.bookings.leftAt(sittingId)).toEqual(clock.now());
    expect(await cadre.storage.bookings.forCandidate('ines', 'act-1')).toEqual([]);

    await page.reload();
    await page
      .getByText('Vous avez indiqué que votre centre prend le rendez-vous pour vous. Vous pouvez tout de même choisir un créneau ci-dessous.')
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});
