/**
 * First item for a proctored candidate (issue 19): a learner launched from the LMS (the platform
 * emulator) opens the exam in headless Chromium with a fake camera (one face) on a throttled home
 * connection, and goes through consent, the equipment check, the identity photos and the
 * instructions as fast as a robot can click. Printed: when each step was reached, how long the
 * page waited for the proctoring software (face detection runtime and model), and the bytes the
 * page downloaded before its first item, as the network saw them (compressed).
 * A second exam window of the same browser (the candidate comes back) shows what the cache saves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ROLE } from '../lti/claims.js';
import { SESSION_COOKIE } from '../lti/sessions.js';
import { translate } from '../server/i18n.js';
import { publicDir } from '../server/paths.js';
import { launchBrowser } from '../test/support/browser.js';
import { fakeCameraArgs, fakeCameraFile } from '../test/support/faces.js';
import { Agent } from '../test/support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../test/support/lti/cadre.js';
import { detailsBody } from '../test/support/personal-details.js';
import { fmt } from './stats.js';

/** A typical home connection: 20 Mbit/s down, 5 up, 30 ms. */
const NETWORK = { offline: false, latency: 30, downloadThroughput: (20e6 / 8) | 0, uploadThroughput: (5e6 / 8) | 0 };
const t = (id: string) => translate('fr', id);

export async function run(print: (line: string) => void): Promise<void> {
  if (!fs.existsSync(path.join(publicDir, 'asset-manifest.json'))) throw new Error('run npm run build first');
  const world = await startWorld({ env: { LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' } });
  const videos = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-bench-camera-'));
  const browser = await launchBrowser(fakeCameraArgs(fakeCameraFile('astronaut', videos)));
  try {
    const { clientId } = (await registerDynamically(world)).tool;
    world.lms.emulator.addContext('course-proctored', 'PROC', 'Proctored');
    const linkId = world.lms.emulator.addResourceLink('course-proctored', {
      clientId,
      title: 'Certification',
      custom: { cadre_language: 'en', cadre_oral_required: 'true', cadre_proctoring: 'true' },
    }).id;
    for (const [n, label] of [
      [1, 'empty cache'],
      [2, 'second candidate, same browser (cache warm)'],
    ] as const) {
      const agent = new Agent();
      const home = await launch(world, agent, {
        clientId,
        userId: `proctored-${n}`,
        contextId: 'course-proctored',
        resourceLinkId: linkId,
        roles: [ROLE.learner],
      });
      if (home.status !== 200) throw new Error(`launch answered ${home.status}`);
      const details = await agent.request(`${world.cadre.url}/api/candidate/personal-details`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(detailsBody()),
      });
      if (details.status !== 200) throw new Error(`personal details answered ${details.status}`);
      const context = n === 1 ? await browser.newContext({ permissions: ['camera', 'microphone'], locale: 'fr-FR' }) : contexts.at(-1)!;
      contexts.push(context);
      await context.clearCookies();
      await context.addCookies([
        { name: SESSION_COOKIE, value: agent.cookies.get(SESSION_COOKIE)!, domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' },
      ]);
      const r = await firstItem(world, await context.newPage());
      print(
        `proctored candidate, ${label}, ${NETWORK.downloadThroughput * 8e-6} Mbit/s: first item ${fmt(r.firstItem / 1000, 1)} s after opening the exam ` +
          `(equipment check passed at ${fmt(r.equipment / 1000, 1)} s, the software downloaded and started in ${fmt(r.softwareMs / 1000, 1)} s during it; ` +
          `identity guidance ready ${fmt(r.guidance / 1000, 1)} s after the step opened; monitoring on ${fmt(r.monitoring / 1000, 1)} s after the first item); ` +
          `${fmt(r.bytes / 1e6, 2)} MB downloaded before the first item`,
      );
    }
  } finally {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
    await browser.close();
    await world.close();
    fs.rmSync(videos, { recursive: true, force: true });
  }
}

const contexts: BrowserContext[] = [];

async function firstItem(world: World, page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
  const t0 = performance.now();
  const since = () => performance.now() - t0;
  await page.goto(`${world.cadre.url}/lti/exam`);
  const exam = page.locator('cadre-exam');
  await exam.getByRole('checkbox').check();
  await exam.getByRole('button', { name: t('consent:accept') }).click();
  await exam.getByRole('button', { name: t('equipment:start') }).click();
  const result = page.evaluate(
    () =>
      new Promise<{ software?: { ms?: number } }>((resolve) =>
        document.addEventListener('cadre-equipment-result', (e) => resolve((e as CustomEvent<{ software?: { ms?: number } }>).detail), { once: true }),
      ),
  );
  await exam.getByRole('button', { name: t('equipment:play-sound') }).click();
  await exam.getByRole('button', { name: t('equipment:heard') }).click();
  const softwareMs = (await result).software?.ms ?? NaN; // (no software step before issue 19)
  const equipment = since();
  await exam.getByRole('heading', { name: t('identity:face-step') }).waitFor({ timeout: 60_000 });
  const identityOpened = since();
  await exam.getByRole('button', { name: t('identity:take-photo') }).click({ timeout: 60_000 }); // enabled once a face is found
  const guidance = since() - identityOpened;
  await exam.getByRole('heading', { name: t('identity:document-step') }).waitFor();
  await exam.getByRole('button', { name: t('identity:take-photo') }).click();
  await exam.getByRole('button', { name: t('exam:begin') }).click({ timeout: 60_000 });
  await exam.getByRole('button', { name: t('exam:start-section') }).click();
  await page.locator('cadre-exam #item > *').waitFor({ timeout: 60_000 });
  const shown = since();
  const downloaded = bytes;
  await page
    .locator('cadre-proctoring-monitor [role=status]')
    .filter({ hasText: new RegExp(`^\\s*${t('monitor:active')}\\s*$`) })
    .waitFor({ timeout: 60_000 });
  const monitoring = since() - shown;
  await page.close();
  return { firstItem: shown, equipment, softwareMs, guidance, monitoring, bytes: downloaded };
}
