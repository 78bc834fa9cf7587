import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.js';
import { loadBank } from '../../server/content/load-bank.js';
import { GRADE_TAGS } from '../../server/domain/cefr.js';
import type { LoadedBank } from '../../server/domain/delivery/ports.js';
import { contentDir } from '../../server/paths.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { tempDir } from '../support/config.js';
import { fakeCameraArgs, fakeCameraFile } from '../support/faces.js';
import { registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { seedStaff, weekdayMornings } from '../support/oral.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/**
 * Issue 17's acceptance: one certification from end to end in Chromium, through the screens alone.
 * No Cadre address is typed (only the LMS's course page, and the staff login page staff are sent
 * to), no component is inserted: the candidate launches from the emulated LMS, takes the written
 * test under webcam monitoring (pasting once into a gap: the sitting needs a reviewer), books the oral
 * from the "Prendre rendez-vous" button; the assessor logs in and grades at the interview's start;
 * the reviewer logs in, lands on /staff/review and validates the sitting; the candidate's home then
 * links the result sheet and the certificate, and the LMS gradebook holds the seven levels. Every
 * Cadre page passes axe with no violation.
 */
describe('a whole certification through the screens, in Chromium', () => {
  // A Saturday morning (after today: the browser's cookies live on real time): the first free slot is on a later day.
  const saturday = new Date();
  saturday.setUTCDate(saturday.getUTCDate() + 7 - ((saturday.getUTCDay() + 1) % 7));
  saturday.setUTCHours(9, 0, 0, 0);
  const clock = new ManualClock(saturday);
  let world: World;
  let bank: LoadedBank;
  let browser: Browser;
  const course = 'course-cert';
  const errors: string[] = [];

  beforeAll(async () => {
    bank = loadBank(path.join(contentDir, 'banks', 'en'));
    world = await startWorld({ clock });
    const { clientId } = (await registerDynamically(world)).tool;
    world.lms.emulator.addContext(course, 'ENG-B2', 'Anglais professionnel B2');
    world.lms.emulator.addResourceLink(course, {
      clientId,
      title: 'Certification anglais professionnel',
      custom: { cadre_language: 'en', cadre_target_level: 'B2', cadre_oral_required: 'true', cadre_proctoring: 'true' },
    });
    await seedStaff(world.cadre.storage, {
      email: 'awa@centre.example.org',
      name: 'Awa Diallo',
      password: 'assessor passphrase',
      videoUrl: 'https://meet.example.org/awa',
      availability: weekdayMornings,
      timeZone: 'Europe/Paris',
    });
    await seedStaff(world.cadre.storage, { email: 'rene@centre.example.org', name: 'René Faure', role: 'reviewer', password: 'reviewer passphrase' });
    // A webcam filming one face (the candidate), a microphone, speakers.
    browser = await launchBrowser(fakeCameraArgs(fakeCameraFile('astronaut', tempDir('cadre-fake-camera-'))));
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return page;
  }

  /** axe finds no violation, and the screen has one level-1 heading (in the page or a component's shadow root). */
  async function accessible(page: Page): Promise<void> {
    expect(await accessibilityViolations(page), page.url()).toEqual([]);
    const headings = await page.evaluate(() => {
      const found: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.localName === 'h1' || (el.getAttribute('role') === 'heading' && el.getAttribute('aria-level') === '1')) found.push(el.textContent!.trim());
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return found;
    });
    expect(headings, `the level-1 headings of ${page.url()}`).toHaveLength(1);
  }

  /** The candidate clicks the activity on the LMS's course page (a launch as the LMS does it). */
  async function launchFromCourse(page: Page): Promise<void> {
    await page.goto(`${world.lms.url}/course/${course}`);
    await page.getByRole('link', { name: /lancer comme candidat·e/ }).click();
    await page.waitForURL((u) => u.href.startsWith(`${world.cadre.url}/lti/home`));
  }

  /** Answers the item on screen by mouse and keyboard, as a candidate who knows the key would. */
  async function answerOnScreen(page: Page): Promise<void> {
    const exam = page.locator('cadre-exam');
    const id = await exam.evaluate((el) => (el as Any).view?.item?.id as string);
    const item = bank.item(id)!;
    const el = page.locator(`cadre-item-${item.type}`);
    await el.waitFor();
    const content = item.content as Any;
    const choose = (scope: ReturnType<Page['locator']>, answer: string) =>
      scope.locator('label', { has: page.getByRole('radio', { name: answer, exact: true }) }).click();
    const type = async (scope: ReturnType<Page['locator']>, answers: string[]) => {
      for (const [i, answer] of answers.entries()) await scope.locator('input').nth(i).fill(answer);
    };
    switch (item.type) {
      case 'multiple-choice':
        return choose(el, content.answer);
      case 'dropdown-gap':
        for (const [i, blank] of (content.blanks as { answer: string }[]).entries()) await el.locator('select').nth(i).selectOption(blank.answer);
        return;
      case 'typed-gap':
        return type(
          el,
          (content.blanks as { answers: string[] }[]).map((b) => b.answers[0]!),
        );
      case 'word-bank':
        for (const [i, word] of (content.answers as string[]).entries()) {
          await el.locator('button.blank').nth(i).click();
          await el.locator('ul.bank').getByRole('button', { name: word, exact: true }).first().click();
        }
        return;
      case 'word-order':
      case 'mixed-text':
        for (const text of (item.type === 'word-order' ? content.words : content.sentences).slice(1) as string[])
          await el.locator('[data-group=pool]').getByRole('button', { name: text, exact: true }).first().click();
        return;
      case 'listening':
        if (content.task.kind === 'multiple-choice') return choose(el.locator('cadre-item-multiple-choice'), content.task.answer);
        return type(
          el.locator('cadre-item-typed-gap'),
          (content.task.blanks as { answers: string[] }[]).map((b) => b.answers[0]!),
        );
      default:
        throw new Error(`no answering rule for ${item.type}`);
    }
  }

  it('goes from the LMS launch to the certificate and the seven levels in the gradebook', async () => {
    // --- The candidate, from the LMS course page, on a computer in Paris.
    const candidate = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1200, height: 900 } });
    const page = await newPage(candidate);
    await launchFromCourse(page);
    const home = page.locator('cadre-candidate-home');
    await home.getByText("À compléter avant l'évaluation écrite").waitFor();
    await accessible(page);
    await home.getByRole('button', { name: "Commencer l'évaluation écrite" }).click();

    // The exam window: the personal details first.
    const details = page.locator('cadre-personal-details');
    await details.getByRole('heading', { name: 'Vos informations personnelles' }).waitFor();
    await accessible(page);
    await details.getByRole('radio', { name: 'Féminin' }).check();
    await details.getByLabel('Nom de naissance').fill('Martin');
    await details.getByLabel('Prénoms').fill('Amina');
    await details.getByLabel('Date de naissance').fill('1993-04-12');
    await details.getByLabel('Commune (ville) de naissance').fill('Nantes');
    await details.getByLabel('Département de naissance (si né·e en France)').fill('44');
    await details.getByLabel('Adresse électronique').fill('amina.martin@example.org');
    await details.getByRole('checkbox').check();
    await details.getByRole('button', { name: 'Enregistrer et continuer' }).click();

    // Webcam monitoring: consent, the equipment check, the two identity photos.
    const consent = page.locator('cadre-proctoring-consent');
    await consent.getByRole('heading', { name: 'Avant le test : surveillance par webcam' }).waitFor();
    await accessible(page);
    await consent.getByRole('checkbox').check();
    await consent.getByRole('button', { name: 'Accepter et continuer' }).click();
    const equipment = page.locator('cadre-equipment-check');
    await equipment.getByRole('button', { name: 'Lancer la vérification' }).click();
    await equipment.getByRole('button', { name: 'Jouer un son' }).click();
    await equipment.getByRole('button', { name: "Oui, je l'ai entendu" }).click();
    const identity = page.locator('cadre-identity-check');
    await identity.getByRole('status').filter({ hasText: 'Parfait' }).waitFor({ timeout: 30_000 });
    await accessible(page);
    await identity.getByRole('button', { name: 'Prendre la photo' }).click();
    await identity.getByRole('heading', { name: "Étape 2 sur 2 : une photo de votre pièce d'identité" }).waitFor();
    await identity.getByRole('button', { name: 'Prendre la photo' }).click();

    await page.getByRole('heading', { name: 'Avant de commencer' }).waitFor();
    await accessible(page);
    await page.getByRole('button', { name: "Commencer l'évaluation" }).click();

    // Fifty items, five sections: each section's intro, then its ten items answered and confirmed.
    // Once, the candidate pastes into a gap (a medium event): the sitting will need a reviewer.
    let pasted = false;
    for (let n = 1; n <= 50; n++) {
      if (n % 10 === 1) {
        await page.getByRole('button', { name: 'Commencer la section' }).waitFor();
        if (n === 1) await accessible(page);
        await page.getByRole('button', { name: 'Commencer la section' }).click();
      }
      await page.getByText(`Question ${n}/50`).waitFor();
      await answerOnScreen(page);
      const gap = page.locator('cadre-item-typed-gap input').first();
      if (!pasted && (await gap.count()) > 0) {
        await gap.focus();
        await page.keyboard.press('End');
        await page.keyboard.press('Control+V');
        pasted = true;
      }
      if (n === 1 || n === 41) await accessible(page);
      await page.getByRole('button', { name: 'Valider', exact: true }).click();
    }

    // The end of the written test offers the oral booking.
    await page.getByRole('heading', { name: 'Votre évaluation écrite est terminée' }).waitFor();
    await accessible(page);
    await page.getByRole('link', { name: 'Prendre rendez-vous' }).click();
    await page.getByRole('heading', { name: 'PRISE DE RENDEZ-VOUS' }).waitFor();
    const firstSlot = page.locator('cadre-booking td button').first();
    await firstSlot.waitFor();
    await accessible(page);
    await firstSlot.click();
    const dialog = page.getByRole('dialog', { name: 'Prise de rendez-vous' });
    await dialog.getByRole('button', { name: 'Réserver' }).click();
    await page.getByText(/Rendez-vous pris avec un évaluateur/).waitFor();
    await accessible(page);
    await page.getByRole('button', { name: 'Confirmer et quitter' }).click();
    await page.getByRole('status').filter({ hasText: 'Votre rendez-vous est confirmé' }).waitFor();
    // The test reads the booked time (the screens said it) to set the server's clock to it.
    const booking = await world.cadre.storage.db.selectFrom('bookings').select(['starts_at', 'status']).executeTakeFirstOrThrow();
    expect(booking.status).toBe('booked');

    // Back in the course: the home shows the booked interview, with "modifier".
    await launchFromCourse(page);
    await home.getByRole('link', { name: 'Modifier le rendez-vous' }).waitFor();
    await accessible(page);

    // --- The assessor logs in: the interview is among the ones to come, its prompts in the test's language.
    const staff = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1200, height: 900 } });
    const console = await newPage(staff);
    const staffLogin = async () => {
      await console.getByLabel('Adresse e-mail').fill('awa@centre.example.org');
      await console.getByLabel('Mot de passe').fill('assessor passphrase');
      await Promise.all([console.waitForURL(/\/staff\/console$/), console.getByRole('button', { name: 'Se connecter' }).click()]);
    };
    await console.goto(`${world.cadre.url}/staff/login`);
    await accessible(console);
    await staffLogin();
    const upcoming = console.getByRole('region', { name: 'Entretiens à venir' });
    await upcoming.getByRole('button', { name: /Amina Martin/ }).click();
    await console.getByRole('heading', { name: /Amina Martin/ }).waitFor();
    await console.getByLabel('Exemples pour le niveau').selectOption('B2');
    const prompt = console.getByText('In your opinion, what should a company consider when it sets up teleworking?');
    await prompt.waitFor();
    expect(await prompt.evaluate((li) => li.closest('[lang]')!.getAttribute('lang'))).toBe('en');
    await accessible(console);

    // --- At the interview's start time (the session of the day before has expired), the assessor grades it.
    clock.set(new Date(booking.starts_at));
    await world.cadre.worker.drain();
    await console.reload();
    await staffLogin();
    const interview = console.getByRole('button', { name: /Amina Martin/ });
    await interview.waitFor();
    await accessible(console);
    await interview.click();
    await console.getByRole('heading', { name: /Amina Martin/ }).waitFor();
    const labels = ['Connaissance et étendue du vocabulaire', 'Grammaire et syntaxe', 'Aisance', 'Prononciation et intonation', 'Interaction'];
    for (const label of labels) await console.getByLabel(label).selectOption('B2');
    await accessible(console);
    await console.getByRole('button', { name: "Enregistrer l'évaluation" }).click();
    await console.getByRole('status').filter({ hasText: 'Évaluation enregistrée : niveau B2.' }).waitFor();
    await world.cadre.worker.drain();

    // --- The reviewer logs in, lands on the review queue, opens the sitting and validates it.
    expect(pasted).toBe(true);
    const reviewing = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1200, height: 900 } });
    const review = await newPage(reviewing);
    await review.goto(`${world.cadre.url}/staff/login`);
    await review.getByLabel('Adresse e-mail').fill('rene@centre.example.org');
    await review.getByLabel('Mot de passe').fill('reviewer passphrase');
    await Promise.all([review.waitForURL(/\/staff\/review$/), review.getByRole('button', { name: 'Se connecter' }).click()]);
    const queue = review.locator('cadre-review-queue');
    await queue.getByRole('button', { name: 'Relire la session Amina Martin' }).waitFor();
    await accessible(review);
    await queue.getByRole('button', { name: 'Relire la session Amina Martin' }).click();
    await queue.getByRole('heading', { name: 'Session Amina Martin' }).waitFor();
    await queue.getByText('Collage').first().waitFor();
    await accessible(review);
    await queue.getByLabel('Valider la session', { exact: true }).check();
    await queue.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await queue.getByRole('status').filter({ hasText: 'La session est validée.' }).waitFor();

    // The certification is released: jobs run, scores go to the LMS.
    for (let i = 0; i < 5; i++) {
      await world.cadre.worker.drain();
      clock.advance(60_000);
    }

    // --- The candidate's home links the result sheet and the certificate.
    await launchFromCourse(page);
    await home.getByRole('link', { name: 'Voir la fiche de résultats' }).waitFor();
    for (const link of ['Fiche de résultats (PDF)', 'Mon certificat vérifiable', 'Certificat (PDF)']) await home.getByRole('link', { name: link }).waitFor();
    await accessible(page);
    await home.getByRole('link', { name: 'Voir la fiche de résultats' }).click();
    await page.locator('cadre-result-sheet').waitFor();
    await accessible(page);

    // --- The LMS gradebook holds the seven levels.
    await page.goto(`${world.lms.url}/course/${course}`);
    await page.getByRole('link', { name: 'Carnet de notes' }).click();
    const row = page.getByRole('row', { name: /Amina Martin/ });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells).toHaveLength(GRADE_TAGS.length);
    for (const cell of cells) expect(cell).toMatch(/^\d \/ 6 noté/);
    expect(errors).toEqual([]);
  }, 600_000);
});
