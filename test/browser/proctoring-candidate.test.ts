import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { tempDir, testConfig } from '../support/config.js';
import { fakeCameraArgs, fakeCameraFile } from '../support/faces.js';
import { candidate, centreAdmin, testPrincipals } from '../support/principals.js';

const auth = testPrincipals();
let cadre: RunningCadre;
const videos = tempDir('cadre-fake-camera-');

beforeAll(async () => {
  cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }), { principal: auth.middleware });
});
afterAll(async () => {
  await cadre?.stop();
});

async function pageWith(
  browser: Browser,
  sittingId: string,
  html: string,
  options: { permissions?: string[]; lang?: string; consented?: boolean } = {},
): Promise<Page> {
  const sitting = await cadre.proctoring.registerSitting(sittingId, `user-${sittingId}`);
  if (options.consented !== false) await cadre.proctoring.recordConsent(sitting, 'fr', candidate(`user-${sittingId}`));
  const context = await browser.newContext({
    locale: options.lang === 'en' ? 'en-GB' : 'fr-FR',
    permissions: options.permissions ?? ['camera', 'microphone'],
    extraHTTPHeaders: auth.headers(candidate(`user-${sittingId}`)),
  });
  const page = await context.newPage();
  await page.goto(`${cadre.url}/${options.lang === 'en' ? '?lang=en' : ''}`);
  await page.evaluate((markup) => document.querySelector('main')!.insertAdjacentHTML('afterbegin', markup), html);
  return page;
}

describe('candidate before the test, one face on camera', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser(fakeCameraArgs(fakeCameraFile('astronaut', videos)));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('consent: says what, why, how long, by whom; asks to tick the box; records the consent', async () => {
    const page = await pageWith(
      browser,
      'sit-consent',
      '<cadre-proctoring-consent sitting-id="sit-consent" retention-days="30" centre="Centre Alpha"></cadre-proctoring-consent>',
      { consented: false },
    );
    const consent = page.locator('cadre-proctoring-consent');
    await consent.getByRole('heading', { name: 'Avant le test : surveillance par webcam' }).waitFor();
    for (const heading of ['Ce qui est traité', 'Pourquoi', 'Pendant combien de temps', 'Par qui', 'Vos droits'])
      await consent.getByRole('heading', { name: heading }).waitFor();
    await consent.getByText('supprimés 30 jours après la publication de vos résultats').waitFor();
    await consent.getByText('Centre Alpha est responsable de ce traitement').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await consent.getByRole('button', { name: 'Accepter et continuer' }).click();
    await consent.getByRole('alert').filter({ hasText: 'Cochez la case' }).waitFor();
    // Keyboard only: tab to the checkbox, tick it with Space, tab to the button, Enter.
    await consent.getByRole('checkbox').focus();
    await page.keyboard.press('Space');
    const given = page.evaluate(() => new Promise((resolve) => document.addEventListener('cadre-consent-given', () => resolve(true), { once: true })));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await given).toBe(true);
    expect((await cadre.storage.proctoring.getSitting('sit-consent'))?.consentedAt).not.toBeNull();
    await page.context().close();
  });

  it('identity: guides until the one face sits in the oval, then takes the face and the ID document photos', async () => {
    const page = await pageWith(browser, 'sit-identity', '<cadre-identity-check sitting-id="sit-identity"></cadre-identity-check>');
    const identity = page.locator('cadre-identity-check');
    await identity.getByRole('status').filter({ hasText: 'Parfait' }).waitFor({ timeout: 20_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    await identity.getByRole('button', { name: 'Prendre la photo' }).click();
    await identity.getByRole('heading', { name: "Étape 2 sur 2 : une photo de votre pièce d'identité" }).waitFor();
    const complete = page.evaluate(() => new Promise((resolve) => document.addEventListener('cadre-identity-complete', () => resolve(true), { once: true })));
    await identity.getByRole('button', { name: 'Prendre la photo' }).click();
    expect(await complete).toBe(true);
    const photos = await cadre.storage.proctoring.listIdentityPhotos('sit-identity');
    expect(photos.map((p) => [p.kind, p.contentType])).toEqual([
      ['face', 'image/jpeg'],
      ['document', 'image/jpeg'],
    ]);
    // The server decoded Chromium's JPEG: its size and contrast are recorded with the photo (issue 16).
    expect(photos[0]!.details).toEqual({ faces: 1, verified: { width: 640, height: 480, contrast: expect.any(Number) } });
    await page.context().close();
  });

  it('equipment: camera preview, microphone level, speakers confirmed, connection measured against Cadre, result stored', async () => {
    const page = await pageWith(browser, 'sit-equipment', '<cadre-equipment-check sitting-id="sit-equipment"></cadre-equipment-check>', { lang: 'en' });
    const check = page.locator('cadre-equipment-check');
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    expect(await accessibilityViolations(page)).toEqual([]);
    await check.getByRole('button', { name: 'Start the check' }).click();
    await check.getByRole('button', { name: 'Play sound' }).click();
    await check.getByRole('button', { name: 'Yes, I heard it' }).click();
    await check.locator('[role=status]').filter({ hasText: 'Everything works' }).waitFor({ timeout: 20_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    // The proctoring software came down during the check, its progress bar full, from the bundle's
    // versioned (cached for good) folder, and started: the identity check and the first item will not wait for it.
    expect(await check.getByRole('progressbar', { name: 'Download of the proctoring software' }).evaluate((p) => (p as HTMLProgressElement).value)).toBe(1);
    for (const file of ['wasm/vision_wasm_internal.wasm', 'wasm/vision_wasm_internal.js', 'models/face_detection_short_range.tflite'])
      expect(requested.some((u) => new RegExp(`^/assets/v/[0-9a-f]{16}/${file.replace(/\./g, '\\.')}$`).test(u))).toBe(true);
    const stored = await cadre.storage.proctoring.latestEquipmentResult('sit-equipment');
    expect(stored?.passed).toBe(true);
    expect(stored?.result).toMatchObject({
      camera: { status: 'ok', width: 640, height: 480 },
      microphone: { status: 'ok' },
      speakers: { status: 'ok' },
      connection: { status: 'ok' },
      software: { status: 'ok' },
    });
    await page.context().close();
  });
});

describe('candidate with two faces on camera', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser(fakeCameraArgs(fakeCameraFile('two-faces', videos)));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('identity: says only the candidate must be visible and does not allow the photo', async () => {
    const page = await pageWith(browser, 'sit-identity-2', '<cadre-identity-check sitting-id="sit-identity-2"></cadre-identity-check>');
    const identity = page.locator('cadre-identity-check');
    await identity.getByRole('status').filter({ hasText: 'Plusieurs visages sont visibles' }).waitFor({ timeout: 20_000 });
    expect(await identity.getByRole('button', { name: 'Prendre la photo' }).isDisabled()).toBe(true);
    await page.context().close();
  });

  it('monitoring: a candidate exempted from camera monitoring is not filmed, and is told so', async () => {
    const page = await pageWith(browser, 'sit-exempt', '<cadre-proctoring-monitor sitting-id="sit-exempt"></cadre-proctoring-monitor>');
    await cadre.proctoring.setCameraExempt(centreAdmin(), 'sit-exempt', true, 'Certificat médical');
    await page.evaluate(() => document.querySelector('cadre-proctoring-monitor')!.start());
    await page.locator('cadre-proctoring-monitor [role=status]').filter({ hasText: 'Surveillance active (sans caméra : aménagement)' }).waitFor();
    await page.waitForTimeout(2500);
    await page.evaluate(() => document.querySelector('cadre-proctoring-monitor')!.monitor!.flush());
    expect(await page.evaluate(() => document.querySelector('cadre-proctoring-monitor')!.monitor!.stats.framesAnalysed)).toBe(0);
    expect((await cadre.storage.proctoring.listEvents('sit-exempt')).filter((e) => e.type.startsWith('face.'))).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('candidate whose browser refuses the camera', () => {
  let browser: Browser;
  beforeAll(async () => {
    // A camera exists but the permission prompt is refused (no fake UI accepting it).
    browser = await launchBrowser(['--use-fake-device-for-media-stream']);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('equipment: on a mobile phone, says the guide’s words and offers nothing to start (a tablet may go on)', async () => {
    await cadre.proctoring.registerSitting('sit-phone', 'user-sit-phone');
    const context = await browser.newContext({
      locale: 'fr-FR',
      userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      extraHTTPHeaders: auth.headers(candidate('user-sit-phone')),
    });
    const page = await context.newPage();
    await page.goto(`${cadre.url}/`);
    await page.evaluate(() =>
      document.querySelector('main')!.insertAdjacentHTML('afterbegin', '<cadre-equipment-check sitting-id="sit-phone"></cadre-equipment-check>'),
    );
    const check = page.locator('cadre-equipment-check');
    await check.getByRole('alert').filter({ hasText: 'Vous ne pouvez pas passer la certification sur un téléphone mobile' }).waitFor();
    expect(await check.getByRole('button').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();

    const tablet = await browser.newContext({
      locale: 'fr-FR',
      userAgent: 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      extraHTTPHeaders: auth.headers(candidate('user-sit-phone')),
    });
    const onTablet = await tablet.newPage();
    await onTablet.goto(`${cadre.url}/`);
    await onTablet.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('afterbegin', '<cadre-equipment-check></cadre-equipment-check>'));
    await onTablet.locator('cadre-equipment-check').getByRole('button', { name: 'Lancer la vérification' }).waitFor();
    await tablet.close();
  });

  it('equipment: explains how to allow the camera', async () => {
    const page = await pageWith(browser, 'sit-denied', '<cadre-equipment-check sitting-id="sit-denied"></cadre-equipment-check>', {
      permissions: [],
      lang: 'en',
    });
    const check = page.locator('cadre-equipment-check');
    await check.getByRole('button', { name: 'Start the check' }).click();
    await check.getByText('Access was refused').first().waitFor({ timeout: 20_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});
