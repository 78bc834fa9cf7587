import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { manifestOf, xmllintPackage } from '../support/scorm.js';
import { instructor, startScormCadre, type ScormCadre } from '../support/scorm-cadre.js';

describe('cadre-scorm-packages: the SCORM packages of an activity, for its instructor', () => {
  let cadre: ScormCadre;
  let browser: Browser;
  beforeAll(async () => {
    cadre = await startScormCadre();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await cadre?.stop();
  });

  it('is accessible, downloads a valid package, lists it and revokes it after confirmation', async () => {
    const page = await browser.newPage({ locale: 'en-GB', acceptDownloads: true });
    await page.setExtraHTTPHeaders({ 'x-test-principal': JSON.stringify(instructor) });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${cadre.url}/test/activities/act-b1/scorm?lang=en`);
    const element = page.locator('cadre-scorm-packages');
    await element.getByText('No SCORM package has been built for this activity.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await element.getByLabel('Version').selectOption('2004');
    await element.getByLabel('Name (the LMS)').fill('Campus Moodle');
    await element.getByLabel('LMS address').fill('https://moodle.example.org');
    const [download] = await Promise.all([page.waitForEvent('download'), element.getByRole('button', { name: 'Download a new package' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^cadre-act-b1-scorm2004-.+\.zip$/);
    const zip = new Uint8Array(fs.readFileSync((await download.path())!));
    expect(xmllintPackage(zip, '2004').valid).toBe(true);
    expect(manifestOf(zip)).toContain('<title>English certification — B1</title>');
    await element.getByRole('status').filter({ hasText: 'has been downloaded' }).waitFor();

    const row = element.locator('tbody tr', { hasText: 'Campus Moodle' });
    await expect(row.textContent()).resolves.toContain('https://moodle.example.org');
    expect(await accessibilityViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Confirm: revoke' }).click();
    await row.getByText(/^Revoked on /).waitFor();
    const [pkg] = await cadre.service.list('act-b1');
    expect(pkg).toMatchObject({ label: 'Campus Moodle', version: '2004', revokedAt: expect.any(Date) });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows why a package cannot be built', async () => {
    cadre.activities.put({ id: 'act-none', title: 'No level yet', language: 'en', targetLevel: null, contextId: 'course-1' });
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.setExtraHTTPHeaders({ 'x-test-principal': JSON.stringify({ ...instructor, locale: 'fr' }) });
    await page.goto(`${cadre.url}/test/activities/act-none/scorm`);
    const element = page.locator('cadre-scorm-packages');
    await element.getByRole('button', { name: 'Télécharger un nouveau module' }).click();
    await element.getByRole('alert').filter({ hasText: 'Cette activité n’a pas de niveau visé : définissez-le avant de créer un module SCORM.' }).waitFor();
    await page.close();
  });
});
