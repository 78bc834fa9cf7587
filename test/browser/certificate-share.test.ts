import fs from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { candidate, headerPrincipal } from '../support/principal.js';
import { openInput, oralGrade } from '../support/results.js';

/** Where screenshots go when SCREENSHOT_DIR is set. */
const screenshotDir = process.env.SCREENSHOT_DIR;

/** Every <meta property|name content> of the page's head, as a map. */
const metaTags = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.head.querySelectorAll('meta[content]')].map((m) => [m.getAttribute('property') ?? m.getAttribute('name'), m.getAttribute('content')]),
    ),
  );

/** Width, height and the colour of the top-left pixel of an 8-bit RGB PNG without filters (the share card). */
function readCard(png: Buffer): { width: number; height: number; corner: string } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat = png.indexOf('IDAT');
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
  return { width, height, corner: raw.subarray(1, 4).toString('hex') };
}

// Issue 15: "The certificate shareable: a LinkedIn 'add to profile' link and a public page with Open Graph tags."
describe('sharing a certificate: the LinkedIn link and the public page with Open Graph tags', () => {
  let cadre: RunningCadre;
  let browser: Browser;
  let valid: { resultId: string; certificateId: string };
  let revoked: { resultId: string; certificateId: string };

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ ISSUER_NAME: 'Centre de langues de Lyon', JOBS_ENABLED: 'false', PUBLIC_URL: 'https://certificats.example.org' }), {
      principal: headerPrincipal,
    });
    const release = async (userId: string, name: string) => {
      const { id: _id, ...input } = openInput({ sittingId: `sitting-${userId}`, userId, candidate: { name, email: `${userId}@example.org`, locale: 'fr' } });
      const result = await cadre.results.recordOral((await cadre.results.open(input)).id, oralGrade('B2'));
      return { resultId: result.id, certificateId: (await cadre.results.certificateForResult(result.id))!.id };
    };
    valid = await release('camille', 'Camille Martin');
    revoked = await release('hugo', 'Hugo Bernard');
    await cadre.results.revoke(revoked.certificateId, 'Une autre personne répondait', { staffId: 'admin-1' });
    browser = await launchBrowser();
    if (screenshotDir) fs.mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await cadre?.stop();
  });

  it('the result sheet offers LinkedIn’s "add to profile" form, prefilled, for a valid certificate', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.setExtraHTTPHeaders({ 'x-test-principal': JSON.stringify(candidate('camille')) });
    await page.goto(`${cadre.url}/results/${valid.resultId}?lang=fr`);
    const link = page.locator('cadre-result-sheet').getByRole('link', { name: 'Ajouter à mon profil LinkedIn' });
    const href = new URL((await link.getAttribute('href'))!);
    expect(`${href.origin}${href.pathname}`).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(href.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'CEFR B2 — Certification anglais',
      organizationName: 'Centre de langues de Lyon',
      issueYear: expect.stringMatching(/^\d{4}$/),
      issueMonth: expect.stringMatching(/^([1-9]|1[0-2])$/),
      certUrl: `https://certificats.example.org/verify/${valid.certificateId}`,
      certId: valid.certificateId,
    });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('the public page carries Open Graph and Twitter card tags, and shows only what the certificate shares', async () => {
    // No principal: anyone with the link (an employer, a social network's crawler).
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${cadre.url}/verify/${valid.certificateId}?lang=fr`);
    const meta = await metaTags(page);
    const url = `https://certificats.example.org/verify/${valid.certificateId}`;
    const image = `https://certificats.example.org/certificates/${valid.certificateId}/card.png`;
    expect(meta).toMatchObject({
      'og:type': 'website',
      'og:site_name': 'Centre de langues de Lyon',
      'og:locale': 'fr_FR',
      'og:title': 'Certificat CECRL B2 — Camille Martin',
      'og:description': expect.stringMatching(/^Délivré par Centre de langues de Lyon le \d{1,2} \S+ \d{4}\. Certificat authentique/),
      'og:url': url,
      'og:image': image,
      'og:image:width': '1200',
      'og:image:height': '630',
      'twitter:card': 'summary_large_image',
      'twitter:title': 'Certificat CECRL B2 — Camille Martin',
      'twitter:image': image,
    });
    expect(await page.locator('link[rel=canonical]').getAttribute('href')).toBe(url);
    expect(await page.locator('[role=status]').textContent()).toContain('Certificat valide');
    // Name, levels, date, issuer, status: nothing else of the candidate (no e-mail, no user id).
    const html = await page.content();
    expect(html).not.toContain('camille@example.org');
    expect(html).not.toContain('sitting-camille');
    expect(await accessibilityViolations(page)).toEqual([]);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'certificate-public-fr.png'), fullPage: true });

    // The image the tags name: a 1200×630 PNG on the accent colour.
    const card = await page.request.get(`${cadre.url}/certificates/${valid.certificateId}/card.png`);
    expect(card.headers()['content-type']).toBe('image/png');
    expect(readCard(await card.body())).toEqual({ width: 1200, height: 630, corner: '1d4f91' });
    if (screenshotDir) fs.writeFileSync(path.join(screenshotDir, 'certificate-card.png'), await card.body());
    expect((await page.request.get(`${cadre.url}/certificates/no-such-certificate/card.png`)).status()).toBe(404);

    // In English too.
    await page.goto(`${cadre.url}/verify/${valid.certificateId}?lang=en`);
    expect(await metaTags(page)).toMatchObject({ 'og:locale': 'en_GB', 'og:title': 'CEFR B2 certificate — Camille Martin' });
    await page.close();
  });

  it('a revoked certificate: shown as revoked, its tags give no name or level, and the sheet has no share link', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${cadre.url}/verify/${revoked.certificateId}?lang=fr`);
    expect(await page.locator('[role=status]').textContent()).toContain('Certificat révoqué');
    const meta = await metaTags(page);
    expect(meta).toMatchObject({
      'og:title': 'Certificat révoqué',
      'og:description': 'Ce certificat délivré par Centre de langues de Lyon a été révoqué.',
      'twitter:title': 'Certificat révoqué',
    });
    expect(JSON.stringify(meta)).not.toContain('Hugo');
    expect(JSON.stringify(meta)).not.toContain('B2');
    expect(await accessibilityViolations(page)).toEqual([]);
    const card = await page.request.get(`${cadre.url}/certificates/${revoked.certificateId}/card.png`);
    expect(readCard(await card.body()).corner).toBe('555555');

    await page.setExtraHTTPHeaders({ 'x-test-principal': JSON.stringify(candidate('hugo')) });
    await page.goto(`${cadre.url}/results/${revoked.resultId}?lang=fr`);
    const sheet = page.locator('cadre-result-sheet');
    await sheet.locator('.certificate [role=alert]').waitFor();
    expect(await sheet.getByRole('link', { name: 'Ajouter à mon profil LinkedIn' }).count()).toBe(0);
    expect(await sheet.locator('#share-url').count()).toBe(0);
    const api = await page.request.get(`${cadre.url}/api/results/${revoked.resultId}`, { headers: { 'x-test-principal': JSON.stringify(candidate('hugo')) } });
    expect((await api.json()).certificate).toMatchObject({ revoked: true, shareUrl: null, linkedInUrl: null });
    await page.close();
  });
});
