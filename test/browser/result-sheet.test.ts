import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { candidate, headerPrincipal } from '../support/principal.js';
import { openInput, oralGrade } from '../support/results.js';

/** Where screenshots go when SCREENSHOT_DIR is set (to look at the sheet by eye). */
const screenshotDir = process.env.SCREENSHOT_DIR;

describe('cadre-result-sheet in Chromium', () => {
  let cadre: RunningCadre;
  let browser: Browser;
  let released: string;
  let belowTarget: string;
  let pending: string;
  let invalidated: string;

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ ISSUER_NAME: 'Centre de langues de Lyon', JOBS_ENABLED: 'false' }), { principal: headerPrincipal });
    const open = async (userId: string, extra: Parameters<typeof openInput>[0] = {}) => {
      const { id: _id, ...input } = openInput({ sittingId: `sitting-${userId}`, userId, ...extra });
      return cadre.results.open(input);
    };
    released = (await cadre.results.recordOral((await open('cand-ok')).id, oralGrade('B2', { fluency: 'C1', pronunciation: 'B1' }))).id;
    belowTarget = (await cadre.results.recordOral((await open('cand-low', { targetLevel: 'C1' })).id, oralGrade('B1'))).id;
    pending = (await open('cand-pending')).id;
    const flagged = await open('cand-flagged', { reviewNeeded: true });
    invalidated = (
      await cadre.results.decide(flagged.id, {
        outcome: 'invalidated',
        reason: 'Une autre personne répondait',
        reviewerId: 'rev-1',
        decidedAt: new Date().toISOString(),
      })
    ).id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await cadre?.stop();
  });

  async function openSheet(userId: string, resultId: string, lang: 'fr' | 'en'): Promise<Page> {
    const page = await browser.newPage({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', viewport: { width: 1000, height: 1200 } });
    await page.setExtraHTTPHeaders({ 'x-test-principal': JSON.stringify(candidate(userId)) });
    await page.goto(`${cadre.url}/results/${resultId}?lang=${lang}`);
    await page.locator('cadre-result-sheet article').waitFor();
    return page;
  }

  it('shows a released result with levels, descriptors, target and QR code, with no accessibility violation', async () => {
    const page = await openSheet('cand-ok', released, 'fr');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    expect(await accessibilityViolations(page)).toEqual([]);
    const sheet = page.locator('cadre-result-sheet');
    await expect.poll(() => sheet.locator('.overall .level').textContent()).toBe('B2');
    expect(await sheet.locator('.reached').textContent()).toBe('Objectif atteint');
    const rows = await sheet.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(10);
    expect(rows[0]).toContain('Vocabulaire');
    expect(rows[0]).toContain('B2');
    expect(rows[0]).toContain('Possède une bonne gamme de vocabulaire');
    // The measure in words, not "±0,32 · niveau sûr à 81 %".
    expect(rows[0]).toContain('milieu du niveau · mesure très nette');
    expect(rows[0]).not.toMatch(/±|%/);
    expect(rows[7]).toContain('Aisance');
    expect(rows[7]).toContain('C1');
    expect(await sheet.locator('.refs').textContent()).toContain('sitting-cand-ok');
    const qrLoaded = await sheet.locator('img.qr').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth > 0));
    expect(qrLoaded).toBe(true);
    const linkedIn = await sheet.getByRole('link', { name: 'Ajouter à mon profil LinkedIn' }).getAttribute('href');
    expect(linkedIn).toMatch(/^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME&name=CEFR\+B2/);
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/result-sheet-fr.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads in English, and copies the share link for an employer', async () => {
    const page = await openSheet('cand-ok', released, 'en');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cadre.url });
    expect(await accessibilityViolations(page)).toEqual([]);
    const sheet = page.locator('cadre-result-sheet');
    expect(await sheet.locator('h1').textContent()).toBe('Result sheet');
    expect(await sheet.locator('caption').first().textContent()).toContain('Written part — Written level B2');
    await sheet.getByRole('button', { name: 'Copy the link' }).click();
    await sheet.locator('.copied').filter({ hasText: 'Link copied' }).waitFor();
    const share = await sheet.locator('#share-url').inputValue();
    expect(share).toMatch(/\/verify\/[\w-]+$/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(share);
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/result-sheet-en.png`, fullPage: true });
    await page.close();
  });

  it('says the target was not reached and that no certificate was issued', async () => {
    const page = await openSheet('cand-low', belowTarget, 'fr');
    expect(await accessibilityViolations(page)).toEqual([]);
    const sheet = page.locator('cadre-result-sheet');
    expect(await sheet.locator('.missed').textContent()).toBe('Objectif non atteint');
    expect(await sheet.locator('.certificate').textContent()).toContain("Pas de certificat : l'objectif n'a pas été atteint.");
    await page.close();
  });

  it('public verification page: valid, with the checks listed, and accessible', async () => {
    const certificate = (await cadre.results.certificateForResult(released))!;
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${cadre.url}/verify/${certificate.id}?lang=fr`);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.locator('[role=status]').textContent()).toContain('Certificat valide');
    expect(await page.locator('li[data-outcome=pass]').count()).toBe(6);
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/verify-fr.png`, fullPage: true });
    await page.close();
  });

  it('shows no level before release, and the reason of an invalidation', async () => {
    const waiting = await openSheet('cand-pending', pending, 'fr');
    expect(await accessibilityViolations(waiting)).toEqual([]);
    expect(await waiting.locator('cadre-result-sheet .pending').textContent()).toContain("En attente de l'entretien oral");
    expect(await waiting.locator('cadre-result-sheet table').count()).toBe(0);
    await waiting.close();

    const page = await openSheet('cand-flagged', invalidated, 'fr');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.locator('cadre-result-sheet [role=alert]').textContent()).toContain('Motif : Une autre personne répondait');
    await page.close();
  });
});
