import fs from 'node:fs';
import { createRequire } from 'node:module';
import express from 'express';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { listen } from '../support/http.js';
import { launchHref, manifestOf, unzip } from '../support/scorm.js';
import { startScormCadre, userIdOf, type ScormCadre } from '../support/scorm-cadre.js';

const require = createRequire(import.meta.url);
const vendor = { '1.2': require.resolve('scorm-again/scorm12/min'), '2004': require.resolve('scorm-again/scorm2004/min') };
const TYPES: Record<string, string> = {
  html: 'text/html',
  js: 'text/javascript',
  css: 'text/css',
  xml: 'application/xml',
  xsd: 'application/xml',
  dtd: 'application/xml-dtd',
};

/**
 * The LMS side, on its own origin: serves imported packages (unzipped) and a player page that
 * exposes scorm-again's API (window.API for 1.2, window.API_1484_11 for 2004) with the learner's
 * id and name, and opens the SCO's launch href (read from the manifest) in an iframe.
 */
function lmsApp(packages: Map<string, Record<string, Uint8Array>>) {
  const app = express();
  app.get('/vendor/scorm-:version.js', (req, res) => {
    const file = vendor[req.params.version as '1.2' | '2004'];
    if (!file) return void res.status(404).end();
    res.type('text/javascript').send(fs.readFileSync(file));
  });
  app.get('/packages/:id/{*path}', (req, res) => {
    const name = (req.params.path as string[]).join('/');
    const data = packages.get(req.params.id)?.[name];
    if (!data) return void res.status(404).end();
    res.type(TYPES[name.split('.').pop()!] ?? 'application/octet-stream').send(Buffer.from(data));
  });
  app.get('/play', (req, res) => {
    const { version, launch, learnerId, learnerName } = req.query as Record<string, string>;
    const setup =
      version === '2004'
        ? `window.API_1484_11 = new Scorm2004API({ autocommit: false, logLevel: 5 });
           API_1484_11.cmi.learner_id = ${JSON.stringify(learnerId)}; API_1484_11.cmi.learner_name = ${JSON.stringify(learnerName)};
           window.lms = API_1484_11; lms.on('Terminate', function () { window.finished = true; });`
        : `window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
           API.cmi.core.student_id = ${JSON.stringify(learnerId)}; API.cmi.core.student_name = ${JSON.stringify(learnerName)};
           window.lms = API; lms.on('LMSFinish', function () { window.finished = true; });`;
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS player</title>
<script src="/vendor/scorm-${version === '2004' ? '2004' : '1.2'}.js"></script>
<script>${setup}</script></head>
<body><h1>Course</h1><iframe id="sco" title="Certification" src="${launch}" style="width:100%;height:640px"></iframe></body></html>`);
  });
  return app;
}

declare global {
  interface Window {
    lms: { cmi: Record<string, unknown>; isTerminated(): boolean };
    finished?: boolean;
  }
}

describe('the SCORM launcher in Chromium, with scorm-again as the LMS', () => {
  let cadre: ScormCadre;
  let lms: { url: string; close: () => Promise<void> };
  let browser: Browser;
  const packages = new Map<string, Record<string, Uint8Array>>();

  beforeAll(async () => {
    cadre = await startScormCadre();
    const server = await listen(lmsApp(packages));
    // Another host name as well as another port: the LMS and Cadre are cross-site, as in real life.
    lms = { url: server.url.replace('127.0.0.1', 'localhost'), close: server.close };
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await lms?.close();
    await cadre?.stop();
  });

  /** Imports a package into the LMS (optionally tampered with); returns the player URL for a learner. */
  function importPackage(
    id: string,
    zip: Uint8Array,
    version: '1.2' | '2004',
    learnerId: string,
    tamper?: (files: Record<string, Uint8Array>) => void,
  ): string {
    const files = unzip(zip);
    tamper?.(files);
    packages.set(id, files);
    const launch = `/packages/${id}/${launchHref(manifestOf(zip))}`;
    return `${lms.url}/play?${new URLSearchParams({ version, launch, learnerId, learnerName: 'Doe, Jane' })}`;
  }

  /** A value of scorm-again's CMI data, from its JSON form (which includes write-only elements such as exit). */
  const cmi = (page: Page, path: string) =>
    page.evaluate((p) => {
      const data = JSON.parse(JSON.stringify(window.lms.cmi)) as Record<string, unknown>;
      return String(
        p
          .split('.')
          .slice(1)
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], data),
      );
    }, path);

  async function state(frame: FrameLocator, expected: string): Promise<void> {
    await frame.locator(`#cadre-state[data-state="${expected}"]`).waitFor();
  }

  for (const scenario of [
    { version: '1.2' as const, activity: 'act-b1', scale: 'cefr' as const, score: 4, learner: 'lms-user-12' },
    { version: '2004' as const, activity: 'act-b2', scale: 'percent' as const, score: 2, learner: 'lms-user-2004' },
  ]) {
    it(`SCORM ${scenario.version}: starts a sitting, then writes the released result back and finishes cleanly`, async () => {
      const { pkg, zip } = await cadre.service.create(
        scenario.activity,
        { version: scenario.version, label: 'LMS', lmsOrigin: lms.url, hashLearnerIds: false, scoreScale: scenario.scale },
        { kind: 'cli' },
      );
      const play = importPackage(pkg.id, zip, scenario.version, scenario.learner);
      const page = await browser.newPage({ locale: 'fr-FR' });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(play);
      const sco = page.frameLocator('#sco');
      await state(sco, 'not-started');
      expect(await accessibilityViolations(page.frames().find((f) => f !== page.mainFrame())!)).toEqual([]);
      await expect(sco.locator('#cadre-start').textContent()).resolves.toBe('Commencer l’épreuve');
      if (scenario.version === '1.2') expect(await cmi(page, 'cmi.core.lesson_status')).toBe('incomplete');
      else expect(await cmi(page, 'cmi.completion_status')).toBe('incomplete');

      // Start opens Cadre top-level; the start link opens the session and the sitting begins.
      const [exam] = await Promise.all([page.context().waitForEvent('page'), sco.locator('#cadre-start').click()]);
      await exam.waitForURL(`${cadre.url}/api/sitting`);
      const userId = userIdOf(cadre, scenario.learner)!;
      expect(await cadre.storage.sittings.findFor({ activityId: scenario.activity, userId })).toBeDefined();
      await exam.close();
      await sco.locator('#cadre-refresh').click();
      await state(sco, 'in-progress');

      // The centre releases the result; back in the LMS the launcher writes it.
      cadre.released.set(`${scenario.activity}|${userId}`, { score0to6: scenario.score });
      await sco.locator('#cadre-refresh').click();
      await state(sco, 'released');
      if (scenario.version === '1.2') {
        expect(await cmi(page, 'cmi.core.score.raw')).toBe('4');
        expect(await cmi(page, 'cmi.core.score.min')).toBe('0');
        expect(await cmi(page, 'cmi.core.score.max')).toBe('6');
        expect(await cmi(page, 'cmi.core.lesson_status')).toBe('passed');
      } else {
        expect(await cmi(page, 'cmi.score.raw')).toBe('33');
        expect(await cmi(page, 'cmi.score.max')).toBe('100');
        expect(await cmi(page, 'cmi.score.scaled')).toBe('0.3333');
        expect(await cmi(page, 'cmi.success_status')).toBe('failed');
        expect(await cmi(page, 'cmi.completion_status')).toBe('completed');
      }
      expect(await sco.locator('#cadre-result').textContent()).toBe(scenario.version === '1.2' ? 'B2 (4 sur 6)' : 'A2 (2 sur 6)');

      // Leaving the SCO: session time, a normal exit, commit, finish.
      await page.evaluate(() => document.getElementById('sco')!.remove());
      await page.waitForFunction(() => window.finished === true);
      expect(await page.evaluate(() => window.lms.isTerminated())).toBe(true);
      if (scenario.version === '1.2') expect(await cmi(page, 'cmi.core.exit')).toBe('');
      else expect(await cmi(page, 'cmi.exit')).toBe('normal');

      // A learner coming back later gets the final result written on that launch, at once.
      await page.goto(play);
      await state(page.frameLocator('#sco'), 'released');
      if (scenario.version === '1.2') {
        expect(await cmi(page, 'cmi.core.lesson_status')).toBe('passed');
        expect(await cmi(page, 'cmi.core.score.raw')).toBe('4');
      } else {
        expect(await cmi(page, 'cmi.success_status')).toBe('failed');
        expect(await cmi(page, 'cmi.score.scaled')).toBe('0.3333');
      }
      // Two launches; the refreshes in between were not counted as launches.
      expect((await cadre.service.get(pkg.id)).launchCount).toBe(2);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  async function refusal(play: string): Promise<{ message: string; frame: Frame }> {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(play);
    const alert = page.frameLocator('#sco').locator('#cadre-error[role=alert]');
    await alert.waitFor();
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    expect(await accessibilityViolations(frame)).toEqual([]);
    return { message: (await alert.textContent())!, frame };
  }

  const tickets = async () =>
    Number(
      (
        await cadre.storage.db
          .selectFrom('scorm_tickets')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a revoked package says so in the LMS and opens no session', async () => {
    const { pkg, zip } = await cadre.service.create(
      'act-b1',
      { version: '1.2', label: 'LMS', lmsOrigin: null, hashLearnerIds: false, scoreScale: 'cefr' },
      { kind: 'cli' },
    );
    await cadre.service.revoke(pkg.id, { kind: 'cli' });
    const before = { tickets: await tickets(), users: cadre.users.users.size };
    const { message, frame } = await refusal(importPackage(pkg.id, zip, '1.2', 'lms-user-revoked'));
    expect(message).toBe('Ce module SCORM a été retiré par votre centre de formation. Demandez-lui le module en vigueur ; aucune session n’a été ouverte.');
    expect(await frame.locator('#cadre-start').count()).toBe(0);
    expect({ tickets: await tickets(), users: cadre.users.users.size }).toEqual(before);
    await frame.page().close();
  });

  it('a package whose key was altered says so in the LMS and opens no session', async () => {
    const { pkg, zip } = await cadre.service.create(
      'act-b2',
      { version: '2004', label: 'LMS', lmsOrigin: null, hashLearnerIds: false, scoreScale: 'cefr' },
      { kind: 'cli' },
    );
    const before = { tickets: await tickets(), users: cadre.users.users.size };
    const play = importPackage(pkg.id, zip, '2004', 'lms-user-tamper', (files) => {
      const text = Buffer.from(files['launcher/package.js']!).toString();
      const key = /"key": "([^"]+)"/.exec(text)![1]!;
      const altered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
      files['launcher/package.js'] = new Uint8Array(Buffer.from(text.replace(key, altered)));
    });
    const { message, frame } = await refusal(play);
    expect(message).toBe(
      'Ce module SCORM n’est pas reconnu par Cadre : sa clé est erronée ou a été modifiée. Demandez un nouveau module à votre centre de formation ; aucune session n’a été ouverte.',
    );
    expect(await frame.locator('#cadre-start').count()).toBe(0);
    expect({ tickets: await tickets(), users: cadre.users.users.size }).toEqual(before);
    await frame.page().close();
  });
});
