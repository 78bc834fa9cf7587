import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { testConfig } from '../support/config.js';

describe('landing page and cadre-service-status in Chromium', () => {
  let cadre: RunningCadre;
  let browser: Browser;
  beforeAll(async () => {
    cadre = await startCadre(testConfig());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await cadre?.stop();
  });

  it('is accessible and tells a French-speaking visitor the service is ready', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${cadre.url}/`);
    expect(await accessibilityViolations(page)).toEqual([]);
    const status = page.locator('cadre-service-status [role=status]');
    await status.filter({ hasText: 'Prêt' }).waitFor();
    expect(await page.locator('cadre-service-status dd').first().textContent()).toContain('sqlite');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches to English from the language link, by keyboard', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${cadre.url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('English');
    await Promise.all([page.waitForURL(/lang=en/), page.keyboard.press('Enter')]);
    await page.locator('cadre-service-status [role=status]').filter({ hasText: 'Ready' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it("follows a change of language, its own or the page's, without a reload", async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${cadre.url}/`);
    const status = page.locator('cadre-service-status [role=status]');
    await status.filter({ hasText: 'Prêt' }).waitFor();
    await page.evaluate(() => (document.querySelector('cadre-service-status')!.lang = 'en'));
    await status.filter({ hasText: 'Ready' }).waitFor();
    expect(await page.locator('cadre-service-status').getAttribute('lang')).toBe('en'); // screen readers read it in English
    await page.evaluate(() => document.querySelector('cadre-service-status')!.removeAttribute('lang'));
    await status.filter({ hasText: 'Prêt' }).waitFor();
    await page.evaluate(() => document.documentElement.setAttribute('lang', 'en'));
    await status.filter({ hasText: 'Ready' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('says the service is not ready when the database is gone', async () => {
    await cadre.storage.close();
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${cadre.url}/?lang=en`);
    await page.locator('cadre-service-status [role=status]').filter({ hasText: 'Not ready' }).waitFor();
    await page.close();
  });
});
