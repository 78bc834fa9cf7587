import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.js';
import { resultsReleasable } from '../../server/domain/proctoring/proctoring.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { candidate, reviewer, testPrincipals } from '../support/principals.js';
import { facePhoto } from '../support/proctoring.js';

const jpeg = () => {
  // A snapshot: the server checks its JPEG signature and size only (identity photos are decoded).
  const b = new Uint8Array(600).fill(9);
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  return b;
};

const NAMES = { 'sit-high': 'Hugo Lefèvre', 'sit-medium': 'Maëlle Roux', 'sit-clean': 'Chloé Martin' } as const;

describe('cadre-review-queue: a reviewer decides on flagged sittings', () => {
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const auth = testPrincipals();
  let cadre: RunningCadre;
  let browser: Browser;

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }), { clock, principal: auth.middleware });
    browser = await launchBrowser();
    const p = cadre.proctoring;
    // Three finished sittings: one with several faces (high), one with no face (medium), one clean.
    for (const [id, events] of [
      [
        'sit-medium',
        [{ clientId: 'm-00000001', type: 'face.none', startedAt: new Date('2026-03-02T08:05:00Z'), endedAt: new Date('2026-03-02T08:07:00Z'), details: {} }],
      ],
      [
        'sit-high',
        [
          {
            clientId: 'h-00000001',
            type: 'face.multiple',
            startedAt: new Date('2026-03-02T08:10:00Z'),
            endedAt: new Date('2026-03-02T08:10:30Z'),
            details: { faces: 2 },
          },
        ],
      ],
      [
        'sit-clean',
        [
          {
            clientId: 'c-00000001',
            type: 'clipboard.copy',
            startedAt: new Date('2026-03-02T08:10:00Z'),
            endedAt: new Date('2026-03-02T08:10:00Z'),
            details: {},
          },
        ],
      ],
    ] as const) {
      const userId = await cadre.storage.users.save({ issuer: 'https://lms.example', subject: id, name: NAMES[id] }, clock.now());
      const sitting = await p.registerSitting(id, userId);
      await p.reportEvents(sitting, [...events]);
    }
    await p.recordConsent(await p.sitting('sit-high'), 'fr', candidate((await p.sitting('sit-high')).userId));
    const high = await p.sitting('sit-high');
    await p.addSnapshot(high, 'h-00000001', jpeg());
    await p.recordEquipment(high, true, { camera: { status: 'ok' } });
    clock.advance(3600_000);
    // What every sitting's browser sent besides events (issue 16): verified identity photos and a
    // monitoring heartbeat, so each is judged on its events alone.
    for (const id of ['sit-medium', 'sit-high', 'sit-clean']) {
      const sitting = await p.sitting(id);
      if (!sitting.consentedAt) await p.recordConsent(sitting, 'fr', candidate(sitting.userId));
      const consented = await p.sitting(id);
      await p.putIdentityPhoto(consented, 'face', facePhoto(), { faces: 1 });
      await p.putIdentityPhoto(consented, 'document', facePhoto(), {});
      await p.heartbeat(consented, facePhoto(), 1);
      await p.finish(id);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await cadre?.stop();
  });

  it('lists flagged sittings most serious first, leaves the clean one out (auto-validated), and is accessible', async () => {
    const page = await browser.newPage({ locale: 'fr-FR', extraHTTPHeaders: auth.headers(reviewer('rev-7')) });
    await page.goto(`${cadre.url}/`);
    await page.evaluate(() => document.querySelector('main')!.prepend(document.createElement('cadre-review-queue')));
    const rows = page.locator('cadre-review-queue tbody tr');
    await rows.first().waitFor();
    expect(await rows.locator('td:first-child').allTextContents()).toEqual([NAMES['sit-high'], NAMES['sit-medium']]);
    expect(await cadre.proctoring.integrity('sit-clean')).toBe('validated');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: `Relire la session ${NAMES['sit-high']}` }).click();
    const review = page.locator('cadre-review-queue');
    await review.getByRole('heading', { name: `Session ${NAMES['sit-high']}` }).waitFor();
    await review.getByRole('img', { name: /^Capture : Plusieurs visages/ }).waitFor();
    await review.getByRole('img', { name: 'Visage du candidat' }).waitFor();
    await review
      .getByText('Signaux du navigateur du candidat : 1 (un toutes les 15 s pendant la surveillance), dont 1 avec une image', { exact: false })
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Invalidating without a reason is refused; with one, it is recorded.
    await review.getByLabel('Invalider la session').check();
    await review.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await review.getByRole('status').filter({ hasText: 'Veuillez indiquer un motif' }).waitFor();
    await review.getByLabel('Motif (obligatoire pour invalider)').fill('Une seconde personne est visible à 08:10 et semble dicter.');
    await review.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await review.getByRole('status').filter({ hasText: 'La session est invalidée' }).waitFor();
    expect(await rows.locator('td:first-child').allTextContents()).toEqual([NAMES['sit-medium']]);

    expect(resultsReleasable(await cadre.proctoring.integrity('sit-high'))).toBe(false);
    const audit = await cadre.storage.audit.listForSubject('sitting', 'sit-high');
    expect(audit.find((e) => e.action === 'proctoring.invalidate')).toMatchObject({
      actor: { kind: 'staff', id: 'rev-7' },
      details: { reason: 'Une seconde personne est visible à 08:10 et semble dicter.' },
    });
    await page.close();
  });
});
