import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceivedMedia } from '../../components/oral-room/room-call.js';
import { ManualClock } from '../../server/clock.js';
import { STAFF_COOKIE } from '../../server/http/staff-routes.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { tempDir, testConfig } from '../support/config.js';
import { fakeCameraArgs, fakeCameraFile } from '../support/faces.js';
import { TEST_LAUNCH_COOKIE, TestLaunches } from '../support/lti-principals.js';
import { seedStaff, staffLogin, weekdayMornings } from '../support/oral.js';

const screenshots = path.join(os.tmpdir(), 'cadre-screenshots');

/**
 * Two Chromium contexts with fake cameras and microphones, one for the candidate and one for the
 * assessor, over the real server on loopback (no STUN or TURN): the waiting room, admission, both
 * receiving each other's picture and sound, the ID check, the three parts, a reload on each side,
 * the end, then the grading beside the room.
 */
describe('the built-in oral room in Chromium', () => {
  let cadre: RunningCadre;
  let browser: Browser;
  let candidateContext: BrowserContext;
  let assessorContext: BrowserContext;
  let bookingId: string;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const launches = new TestLaunches();
  const lea = launches.launch({ userId: 'lea', role: 'candidate', name: 'Léa Martin' });
  const errors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(screenshots, { recursive: true });
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }), { clock, principal: launches.principal, roster: launches });
    await seedStaff(cadre.storage, { email: 'awa@centre.example.org', name: 'Awa Diallo', password: 'assessor passphrase', availability: weekdayMornings });
    const res = await fetch(`${cadre.url}/api/oral/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: lea.cookie },
      body: JSON.stringify({ startsAt: '2026-03-05T08:00:00.000Z' }),
    });
    bookingId = (await res.json()).booking.id;
    clock.set('2026-03-05T07:52:00Z'); // Thursday, 8 minutes before the interview

    browser = await launchBrowser(fakeCameraArgs(fakeCameraFile('astronaut', tempDir())));
    candidateContext = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1200, height: 900 } });
    await candidateContext.addCookies([{ name: TEST_LAUNCH_COOKIE, value: lea.sessionId, url: cadre.url }]);
    assessorContext = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1400, height: 1000 } });
    for (const context of [candidateContext, assessorContext]) context.setDefaultTimeout(90_000);
    const staffCookie = await staffLogin(cadre.url, 'awa@centre.example.org', 'assessor passphrase');
    await assessorContext.addCookies([{ name: STAFF_COOKIE, value: staffCookie.split('=')[1]!, url: cadre.url }]);
  });
  afterAll(async () => {
    await browser?.close();
    await cadre?.stop();
  });

  const watch = (page: Page) => {
    page.on('pageerror', (e) => errors.push(e.message));
    return page;
  };
  const shot = async (page: Page, name: string) => {
    const file = path.join(screenshots, `oral-room-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`screenshot: ${file}`);
  };
  /** Waits until the page's side of the call has decoded video frames and received audio packets from the other side. */
  const receivesPictureAndSound = async (page: Page, tag: 'cadre-oral-room-candidate' | 'cadre-oral-room-assessor') => {
    const read = () => page.evaluate(async (t) => (document.querySelector(t) as unknown as { receivedMedia(): Promise<ReceivedMedia> }).receivedMedia(), tag);
    const deadline = Date.now() + 90_000;
    let media = await read();
    while (!(media.framesDecoded > 5 && media.audioPacketsReceived > 5) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      media = await read();
    }
    expect(media.framesDecoded).toBeGreaterThan(5);
    expect(media.audioPacketsReceived).toBeGreaterThan(5);
    return media;
  };
  const roomOf = (page: Page) => page.locator('cadre-oral-room-candidate, cadre-oral-room-assessor');

  let candidate: Page;
  let assessor: Page;
  // Two browsers encoding and decoding video at once: generous on a loaded machine (never a timing assertion).
  const slow = 180_000;

  it(
    'the candidate checks camera and microphone in the waiting room; the assessor sees them waiting and lets them in by keyboard',
    async () => {
      candidate = watch(await candidateContext.newPage());
      await candidate.goto(`${cadre.url}/oral/room`);
      await candidate.getByRole('heading', { name: "Salle d'attente de l'entretien oral" }).waitFor();
      await candidate.getByText("Vous êtes dans la salle d'attente. Votre évaluateur va vous faire entrer").waitFor();
      await candidate.getByText('Caméra : OK').waitFor();
      await candidate.getByText('Micro : OK').waitFor();
      expect(await candidate.getByText('Votre entretien : jeudi 5 mars 2026 à 09:00.').count()).toBe(1);
      expect(await accessibilityViolations(candidate)).toEqual([]);
      await shot(candidate, '1-candidate-waiting-room');

      assessor = watch(await assessorContext.newPage());
      await assessor.goto(`${cadre.url}/staff/oral-room/${bookingId}`);
      await assessor.getByRole('heading', { name: 'Entretien oral · Léa Martin' }).waitFor();
      await assessor.getByText("Le candidat est dans la salle d'attente.").waitFor();
      // The grading console of the same interview sits beside the room.
      await assessor.getByLabel('Grammaire et syntaxe').waitFor();
      expect(await accessibilityViolations(assessor)).toEqual([]);
      await shot(assessor, '2-assessor-candidate-waiting');

      const admit = assessor.getByRole('button', { name: 'Faire entrer le candidat' });
      await admit.focus();
      await assessor.keyboard.press('Enter');
      // The focus moves on to the next thing to do: the ID check.
      await assessor.getByRole('button', { name: "Pièce d'identité vérifiée" }).waitFor();
      expect(await assessor.evaluate(() => document.querySelector('cadre-oral-room-assessor')!.shadowRoot!.activeElement?.textContent?.trim())).toBe(
        "Pièce d'identité vérifiée",
      );
      expect((await cadre.storage.oralRooms.get(bookingId))?.state).toBe('admitted');
    },
    slow,
  );

  it(
    'both see and hear each other once the candidate is in; the ID check is recorded with the assessor',
    async () => {
      const onCandidateSide = await receivesPictureAndSound(candidate, 'cadre-oral-room-candidate');
      const onAssessorSide = await receivesPictureAndSound(assessor, 'cadre-oral-room-assessor');
      console.log('candidate receives', JSON.stringify(onCandidateSide), '| assessor receives', JSON.stringify(onAssessorSide));
      expect(onCandidateSide).toMatchObject({ connectionState: 'connected' });
      expect(onAssessorSide).toMatchObject({ connectionState: 'connected' });
      await candidate.getByText("Votre évaluateur va vous demander de montrer votre pièce d'identité à la caméra.").waitFor();
      expect(await accessibilityViolations(candidate)).toEqual([]);
      await shot(candidate, '3-candidate-in-interview');

      clock.set('2026-03-05T08:01:00Z');
      await assessor.getByRole('button', { name: "Pièce d'identité vérifiée" }).click();
      await assessor.getByText("Pièce d'identité vérifiée à 09:01").waitFor();
      const awa = await cadre.storage.staff.findByEmail('awa@centre.example.org');
      expect(await cadre.storage.oralRooms.get(bookingId)).toMatchObject({ idCheckedBy: awa!.id, idCheckedAt: new Date('2026-03-05T08:01:00Z') });
      await candidate.getByText('Vous êtes en entretien avec votre évaluateur.').waitFor();
    },
    slow,
  );

  it(
    'the assessor leads the three parts with prompts per level in the test language, beside the grading',
    async () => {
      await assessor.getByRole('button', { name: "1. Questions d'introduction (3–4 min)" }).click();
      await candidate.getByText("Entretien en cours : 1. Questions d'introduction").waitFor();
      await assessor.getByRole('button', { name: '2. Mise en situation (5–7 min)' }).click();
      await candidate.getByText('Entretien en cours : 2. Mise en situation').waitFor();
      expect(await assessor.getByRole('button', { name: '2. Mise en situation (5–7 min)' }).getAttribute('aria-pressed')).toBe('true');
      // The test is in English: so are the prompts (B1 by default, then B2).
      await assessor.getByText('Call the IT department to explain your needs and organise a training day.').waitFor();
      await roomOf(assessor).getByLabel('Exemples pour le niveau').selectOption('B2');
      await assessor.getByText('A supplier has delivered late for the second time.').waitFor();
      expect(await accessibilityViolations(assessor)).toEqual([]);
      await shot(assessor, '4-assessor-part-2-prompts');
      expect((await cadre.storage.oralRooms.get(bookingId))?.state).toBe('part-2');
    },
    slow,
  );

  it(
    'the call comes back when the candidate reloads, and when the assessor reloads',
    async () => {
      await candidate.reload();
      await candidate.getByText('Entretien en cours : 2. Mise en situation').waitFor();
      const candidateAgain = await receivesPictureAndSound(candidate, 'cadre-oral-room-candidate');
      const assessorAgain = await receivesPictureAndSound(assessor, 'cadre-oral-room-assessor');
      console.log('after the candidate reloads: candidate receives', JSON.stringify(candidateAgain), '| assessor receives', JSON.stringify(assessorAgain));

      await assessor.reload();
      await assessor.getByRole('button', { name: '2. Mise en situation (5–7 min)', pressed: true }).waitFor();
      await assessor.getByText("Pièce d'identité vérifiée à 09:01").waitFor();
      const assessorBack = await receivesPictureAndSound(assessor, 'cadre-oral-room-assessor');
      const candidateBack = await receivesPictureAndSound(candidate, 'cadre-oral-room-candidate');
      console.log('after the assessor reloads: candidate receives', JSON.stringify(candidateBack), '| assessor receives', JSON.stringify(assessorBack));
    },
    slow,
  );

  it(
    'the assessor ends the interview, the candidate is told, and the grade is saved beside the room',
    async () => {
      await assessor.getByRole('button', { name: '3. Discussion (5–7 min)' }).click();
      await candidate.getByText('Entretien en cours : 3. Discussion').waitFor();
      clock.set('2026-03-05T08:18:00Z');
      await assessor.getByRole('button', { name: "Terminer l'entretien" }).click();
      await assessor.getByText('Entretien terminé : enregistrez votre évaluation dans la grille.').waitFor();
      await candidate.getByText("L'entretien est terminé. Merci !").waitFor();
      expect(await cadre.storage.oralRooms.get(bookingId)).toMatchObject({ state: 'ended', endedAt: new Date('2026-03-05T08:18:00Z') });
      // Both pages have let go of the camera and the call.
      expect(
        await candidate.evaluate(() =>
          (document.querySelector('cadre-oral-room-candidate') as unknown as { receivedMedia(): Promise<{ connectionState: string }> }).receivedMedia(),
        ),
      ).toMatchObject({ connectionState: 'none' });
      expect(await accessibilityViolations(candidate)).toEqual([]);
      await shot(candidate, '5-candidate-ended');

      const levels = { vocabulary: 'B2', grammar: 'B1', fluency: 'B2', pronunciation: 'C1', interaction: 'B2' } as const;
      const labels = {
        vocabulary: 'Connaissance et étendue du vocabulaire',
        grammar: 'Grammaire et syntaxe',
        fluency: 'Aisance',
        pronunciation: 'Prononciation et intonation',
        interaction: 'Interaction',
      };
      for (const [criterion, level] of Object.entries(levels)) await assessor.getByLabel(labels[criterion as keyof typeof labels]).selectOption(level);
      await assessor.getByRole('button', { name: "Enregistrer l'évaluation" }).click();
      await assessor.getByRole('status').filter({ hasText: 'Évaluation enregistrée : niveau B2.' }).waitFor();
      expect(await cadre.storage.oralAssessments.get(bookingId)).toMatchObject({ outcome: 'graded', level: 'B2', criteria: levels });
      expect(await accessibilityViolations(assessor)).toEqual([]);
      await shot(assessor, '6-assessor-ended-graded');
    },
    slow,
  );

  it(
    'before it opens, the waiting room says when and checks the devices; without a session it says to go through the course',
    async () => {
      const tom = launches.launch({ userId: 'tom', role: 'candidate', name: 'Tom Weber' });
      const booked = await fetch(`${cadre.url}/api/oral/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: tom.cookie },
        body: JSON.stringify({ startsAt: '2026-03-06T09:00:00.000Z' }),
      });
      expect(booked.status).toBe(201);
      const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      await context.addCookies([{ name: TEST_LAUNCH_COOKIE, value: tom.sessionId, url: cadre.url }]);
      const page = watch(await context.newPage());
      await page.goto(`${cadre.url}/oral/room`);
      await page.getByText("La salle d'attente ouvrira à 09:50. Vous pouvez déjà vérifier votre caméra et votre micro.").waitFor();
      await page.getByText('Caméra : OK').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await shot(page, '0-candidate-before-opening');
      await context.close();

      const stranger = await browser.newContext({ locale: 'fr-FR' });
      const lost = await stranger.newPage();
      const res = await lost.goto(`${cadre.url}/oral/room`);
      expect(res?.status()).toBe(401);
      await lost.getByText('ouvrez votre certification depuis votre cours').waitFor();
      expect(await accessibilityViolations(lost)).toEqual([]);
      await stranger.close();
    },
    slow,
  );

  it(
    'is available in English',
    async () => {
      const page = watch(await candidateContext.newPage());
      await page.goto(`${cadre.url}/oral/room?lang=en`);
      await page.getByText('The interview is over. Thank you!').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      const staffPage = watch(await assessorContext.newPage());
      await staffPage.goto(`${cadre.url}/staff/oral-room/${bookingId}?lang=en`);
      await staffPage.getByRole('heading', { name: 'Oral interview · Léa Martin' }).waitFor();
      await staffPage.getByText('The interview is over.').waitFor();
      expect(await accessibilityViolations(staffPage)).toEqual([]);
      await shot(staffPage, '7-assessor-english');
      expect(errors).toEqual([]);
    },
    slow,
  );
});
