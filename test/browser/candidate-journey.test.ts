import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import { SESSION_COOKIE } from '../../lti/sessions.js';
import { contentDir } from '../../server/paths.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { detailsBody } from '../support/personal-details.js';

declare function deepFocus(): Element | null;

/** Screenshots of every new screen (SCREENSHOT_DIR, else a folder in the system's temp dir). */
const shots = process.env.SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'cadre-screenshots', 'candidate-journey');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const demo = JSON.parse(fs.readFileSync(path.join(contentDir, 'demo', 'items.json'), 'utf8')) as { items: Any[] };
const demoItem = (type: string) => demo.items.find((i) => i.type === type)!.content;

/**
 * Issue 15's candidate journey in Chromium on the real server, launched from the emulated LMS:
 * the personal-details form before the written test (errors, then valid), locked once the sitting
 * started, exported by the course's instructor; and the mini demo test through its seven item
 * types, from the candidate home. Every screen passes axe with no violation.
 */
describe('the candidate journey in Chromium', () => {
  let world: World;
  let browser: Browser;
  let clientId: string;
  let linkId: string;
  let activityId: string;
  const teacher = new Agent();

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    world = await startWorld();
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-en', 'ENG-B2', 'Business English B2');
    linkId = world.lms.emulator.addResourceLink('course-en', {
      clientId,
      title: 'Certification anglais professionnel',
      custom: { cadre_language: 'en', cadre_target_level: 'B2', cadre_oral_required: 'true', cadre_proctoring: 'false' },
    }).id;
    const dashboard = await launch(world, teacher, { clientId, userId: 'teacher-1', contextId: 'course-en', resourceLinkId: linkId, roles: [ROLE.instructor] });
    activityId = dashboard.body.match(/activity-id="([^"]+)"/)![1]!;
    browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  /** A learner launched from the LMS, and a Chromium page holding their session cookie. */
  async function candidate(userId: string, locale = 'fr-FR'): Promise<{ agent: Agent; page: Page; errors: string[]; session: string }> {
    const agent = new Agent();
    expect((await launch(world, agent, { clientId, userId, contextId: 'course-en', resourceLinkId: linkId, roles: [ROLE.learner] })).status).toBe(200);
    const session = agent.cookies.get(SESSION_COOKIE)!;
    const context = await browser.newContext({ locale, viewport: { width: 1100, height: 900 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: session, domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { agent, page, errors, session };
  }

  const form = (page: Page) => page.locator('cadre-personal-details');

  /** Presses Tab until `reached` (the page defines deepFocus(): the focused element through shadow roots). */
  async function tabUntil(page: Page, reached: () => Promise<boolean>, max = 30): Promise<void> {
    await page.evaluate(() => {
      (window as Any).deepFocus = () => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el;
      };
    });
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await reached()) return;
    }
    throw new Error('the keyboard focus never got there');
  }

  it('asks for the personal details before the test: errors first, then saved, then the instructions', async () => {
    const c = await candidate('learner-lea');
    await c.page.goto(`${world.cadre.url}/lti/exam`);
    await c.page.getByRole('heading', { name: 'Vos informations personnelles' }).waitFor();
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.screenshot({ path: path.join(shots, 'details-1-empty.png'), fullPage: true });

    // Sent empty: a summary is read out, each field says what is wrong, the keyboard goes to the first.
    await form(c.page).getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await form(c.page)
      .getByText(/Le formulaire contient \d+ erreur\(s\)/)
      .waitFor();
    const birthName = form(c.page).getByLabel('Nom de naissance');
    expect(await birthName.getAttribute('aria-invalid')).toBe('true');
    expect(await form(c.page).locator('#birthName-error').textContent()).toBe('Ce champ est obligatoire.');
    expect(await form(c.page).locator('#certified-error').textContent()).toBe("Cochez cette case pour attester l'exactitude de vos informations.");
    expect(
      await c.page.evaluate(() =>
        document.querySelector('cadre-exam')!.shadowRoot!.querySelector('cadre-personal-details')!.shadowRoot!.activeElement?.getAttribute('aria-invalid'),
      ),
    ).toBe('true');
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.screenshot({ path: path.join(shots, 'details-2-errors.png'), fullPage: true });

    // Filled in by keyboard (a bad e-mail first), then valid.
    await form(c.page).getByRole('radio', { name: 'Féminin' }).check();
    await birthName.fill('Martin');
    await form(c.page).getByLabel('Prénoms').fill('Léa Marie');
    await form(c.page).getByLabel('Date de naissance').fill('1994-05-17');
    expect(await form(c.page).getByLabel('Pays de naissance').inputValue()).toBe('FR');
    await form(c.page).getByLabel('Commune (ville) de naissance').fill('Lyon');
    await form(c.page).getByLabel('Département de naissance (si né·e en France)').fill('69');
    await form(c.page).getByLabel('Adresse électronique').fill('lea@');
    await form(c.page).getByLabel("J'atteste que ces informations sont exactes et conformes à ma pièce d'identité.").check();
    await form(c.page).getByLabel('Adresse électronique').press('Enter'); // submits the form
    await form(c.page).locator('#email-error').waitFor();
    expect(await form(c.page).locator('#email-error').textContent()).toBe('Indiquez une adresse électronique valide, par exemple nom@exemple.fr.');
    expect(await form(c.page).locator('[aria-invalid="true"]').count()).toBe(1);
    await form(c.page).getByLabel('Adresse électronique').fill('lea.martin@example.org');
    await form(c.page).getByLabel('Numéro de dossier CPF (si votre formation est financée par le CPF)').fill('98765432101');
    await form(c.page).getByRole('button', { name: 'Enregistrer et continuer' }).click();

    await c.page.getByRole('heading', { name: 'Avant de commencer' }).waitFor();
    const stored = await world.cadre.storage.personalDetails.list(activityId);
    expect(stored.find((r) => r.lmsUserId === 'learner-lea')).toMatchObject({
      sex: 'F',
      birthName: 'Martin',
      firstNames: 'Léa Marie',
      birthDate: '1994-05-17',
      birthDepartment: '69',
      email: 'lea.martin@example.org',
      cpfDossierNumber: '98765432101',
    });
    expect(c.errors).toEqual([]);
  }, 120_000);

  it('shows the details read-only on the candidate home once the sitting started, and refuses a change', async () => {
    const c = await candidate('learner-noah');
    // Before the test: the home says the form is to complete and opens it in place; it can be saved there.
    await c.page.goto(`${world.cadre.url}/lti/home?s=${encodeURIComponent(c.session)}`);
    const home = c.page.locator('cadre-candidate-home');
    await home.getByText("À compléter avant l'évaluation écrite").waitFor();
    await home.getByRole('button', { name: 'Compléter le formulaire' }).click();
    await form(c.page).getByRole('heading', { name: 'Vos informations personnelles' }).waitFor();
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.screenshot({ path: path.join(shots, 'details-3-home-form.png'), fullPage: true });
    await form(c.page).getByRole('radio', { name: 'Masculin' }).check();
    await form(c.page).getByLabel('Nom de naissance').fill('Dubois');
    await form(c.page).getByLabel('Prénoms').fill('Noah');
    await form(c.page).getByLabel('Date de naissance').fill('1990-01-02');
    await form(c.page).getByLabel('Pays de naissance').selectOption('BE');
    expect(await form(c.page).getByLabel('Département de naissance (si né·e en France)').count()).toBe(0); // only for a birth in France
    await form(c.page).getByLabel('Commune (ville) de naissance').fill('Liège');
    await form(c.page).getByLabel('Adresse électronique').fill('noah@example.org');
    await form(c.page).getByRole('checkbox').check();
    await form(c.page).getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await home.getByText('Complétées').waitFor();

    // The written test starts (from the exam window): the details are locked.
    await c.page.goto(`${world.cadre.url}/lti/exam`);
    await c.page.getByRole('button', { name: "Commencer l'évaluation" }).click();
    await c.page.getByRole('button', { name: 'Commencer la section' }).waitFor();
    const refused = await c.agent.request(`${world.cadre.url}/api/candidate/personal-details`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(detailsBody({ birthName: 'Other' })),
    });
    expect(refused.status).toBe(409);

    await c.page.goto(`${world.cadre.url}/lti/home?s=${encodeURIComponent(c.session)}`);
    await home.getByRole('button', { name: 'Voir ou modifier mes informations' }).click();
    await form(c.page).getByText('Votre évaluation écrite a commencé : ces informations ne peuvent plus être modifiées.', { exact: false }).waitFor();
    expect(await form(c.page).locator('dd').allTextContents()).toEqual(expect.arrayContaining(['Dubois', 'Noah', '2 janvier 1990', 'Liège', 'Belgique']));
    expect(await form(c.page).locator('input, select, textarea, button').count()).toBe(0);
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.screenshot({ path: path.join(shots, 'details-4-locked.png'), fullPage: true });
    expect(c.errors).toEqual([]);
  });

  it("lets the course's instructor download the details from the dashboard", async () => {
    const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1200, height: 900 } });
    await page.goto(`${world.cadre.url}/lti/dashboard?s=${encodeURIComponent(teacher.cookies.get(SESSION_COOKIE)!)}`);
    const dash = page.locator('cadre-instructor-dashboard');
    const link = dash.getByRole('link', { name: 'Télécharger les informations personnelles (CPF)' });
    await link.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'details-5-dashboard.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^"Activité";"Identifiant LMS";"Sexe";"Nom de naissance";"Nom d'usage";"Prénoms";"Date de naissance"/);
    expect(lines.slice(1).map((l) => l.split(';').slice(1, 7))).toEqual([
      ['"learner-noah"', '"M"', '"Dubois"', '', '"Noah"', '"1990-01-02"'],
      ['"learner-lea"', '"F"', '"Martin"', '', '"Léa Marie"', '"1994-05-17"'],
    ]);
    await page.close();
  });

  it('takes the mini demo test from the candidate home through its seven item types, storing nothing', async () => {
    const c = await candidate('learner-mia');
    const sittingsBefore = (await world.cadre.storage.db.selectFrom('sittings').select('id').execute()).length;
    await c.page.goto(`${world.cadre.url}/lti/home?s=${encodeURIComponent(c.session)}`);
    await c.page.locator('cadre-candidate-home').getByRole('link', { name: 'Essayer le test de démonstration' }).click();
    const shell = c.page.locator('cadre-demo-test');
    await shell.getByRole('heading', { name: 'Mini-test démo' }).waitFor();
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.screenshot({ path: path.join(shots, 'demo-0-intro.png'), fullPage: true });
    await shell.getByRole('button', { name: 'Commencer le test de démonstration' }).click();

    const validate = shell.getByRole('button', { name: 'Valider', exact: true });
    const expected: [string, string, (item: ReturnType<Page['locator']>) => Promise<void>][] = [
      [
        'dropdown-gap',
        'Bonne réponse !',
        async (el) => {
          await el.locator('select').nth(0).selectOption('look');
          await el.locator('select').nth(1).selectOption('on');
        },
      ],
      [
        'mixed-text',
        'Bonne réponse !',
        async (el) => {
          for (const s of (demoItem('mixed-text').sentences as string[]).slice(1))
            await el.locator('[data-group=pool]').getByRole('button', { name: s, exact: true }).click();
        },
      ],
      // One wrong word out of two: partly right.
      [
        'word-bank',
        'Réponse en partie juste (1/2).',
        async (el) => {
          await el.locator('button.blank').nth(0).click();
          await el.locator('ul.bank').getByRole('button', { name: 'until', exact: true }).click();
          await el.locator('button.blank').nth(1).click();
          await el.locator('ul.bank').getByRole('button', { name: 'in', exact: true }).click();
        },
      ],
      [
        'word-order',
        'Bonne réponse !',
        async (el) => {
          for (const w of (demoItem('word-order').words as string[]).slice(1))
            await el.locator('[data-group=pool]').getByRole('button', { name: w, exact: true }).first().click();
        },
      ],
      [
        'typed-gap',
        'Bonne réponse !',
        async (el) => {
          await el.locator('input').first().fill('since');
        },
      ],
      // By keyboard only: Tab into the options, arrows to the right one.
      [
        'multiple-choice',
        'Bonne réponse !',
        async (el) => {
          const options = await el.locator('input[type=radio]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
          const target = options.indexOf(demoItem('multiple-choice').answer as string);
          await tabUntil(c.page, () => c.page.evaluate(() => deepFocus()?.getAttribute('type') === 'radio'));
          if (target === 0) await c.page.keyboard.press('Space');
          for (let k = 0; k < target; k++) await c.page.keyboard.press('ArrowDown');
        },
      ],
      [
        'listening',
        "Ce n'est pas la bonne réponse.",
        async (el) => {
          const audio = c.page.waitForResponse((r) => r.url().includes('/api/demo-test/audio/demo-listening'));
          await el.getByRole('button', { name: "Écouter l'extrait" }).click();
          expect((await audio).status()).toBe(200);
          await el.locator('label', { has: c.page.getByRole('radio', { name: 'Tuesday at ten', exact: true }) }).click();
        },
      ],
    ];
    for (const [n, [type, verdict, answer]] of expected.entries()) {
      await shell
        .getByText(`Question ${n + 1}/7`)
        .first()
        .waitFor();
      const el = shell.locator(`cadre-item-${type}`);
      await el.waitFor();
      expect(await validate.isDisabled()).toBe(true);
      await answer(el);
      if (type === 'multiple-choice') {
        // Confirm by keyboard too.
        await tabUntil(c.page, () => c.page.evaluate(() => deepFocus()?.textContent?.trim() === 'Valider'));
        await c.page.keyboard.press('Enter');
      } else {
        await validate.click();
      }
      await shell.locator('.feedback').getByText(verdict).waitFor();
      expect(await accessibilityViolations(c.page)).toEqual([]);
      await c.page.screenshot({ path: path.join(shots, `demo-${n + 1}-${type}.png`), fullPage: true });
      await shell.getByRole('button', { name: n === 6 ? 'Voir le bilan' : 'Question suivante' }).click();
    }
    await shell.getByText("Vous avez répondu juste à 5 question(s) sur 7. Ce résultat n'est ni noté ni enregistré.").waitFor();
    expect(await accessibilityViolations(c.page)).toEqual([]);
    await c.page.screenshot({ path: path.join(shots, 'demo-8-done.png'), fullPage: true });
    // Nothing written to a sitting: the candidate's certification is untouched.
    expect((await world.cadre.storage.db.selectFrom('sittings').select('id').execute()).length).toBe(sittingsBefore);
    expect(c.errors).toEqual([]);
  }, 240_000);

  it('offers the demo test in English, accessibly', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(`${world.cadre.url}/demo-test?lang=en`);
    await page.locator('cadre-demo-test').getByRole('button', { name: 'Start the demo test' }).click();
    await page.locator('cadre-demo-test').getByText('Question 1/7').waitFor();
    await page.locator('cadre-item-dropdown-gap').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'demo-en.png'), fullPage: true });
    await page.close();
  });
});
