import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProctoringEvent } from '../../server/domain/proctoring/proctoring.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { accessibilityViolations, launchBrowser } from '../support/browser.js';
import { tempDir, testConfig } from '../support/config.js';
import { fakeCameraArgs, fakeCameraFile, type FaceFixture } from '../support/faces.js';
import { candidate, testPrincipals } from '../support/principals.js';

const auth = testPrincipals();
let cadre: RunningCadre;
const videos = tempDir('cadre-fake-camera-');

beforeAll(async () => {
  cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }), { principal: auth.middleware });
});
afterAll(async () => {
  await cadre?.stop();
});

/** A candidate's browser whose camera films one fixture image, on the Cadre home page with the monitor started. */
async function candidateWithCamera(fixture: FaceFixture, sittingId: string): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const sitting = await cadre.proctoring.registerSitting(sittingId, `user-${sittingId}`);
  await cadre.proctoring.recordConsent(sitting, 'fr', candidate(`user-${sittingId}`));
  const browser = await launchBrowser(fakeCameraArgs(fakeCameraFile(fixture, videos)));
  const context = await browser.newContext({
    locale: 'fr-FR',
    permissions: ['camera', 'microphone'],
    extraHTTPHeaders: auth.headers(candidate(`user-${sittingId}`)),
  });
  const page = await context.newPage();
  await page.goto(`${cadre.url}/`);
  await startMonitor(page, sittingId);
  return { browser, context, page };
}

const startMonitor = (page: Page, sittingId: string) =>
  page.evaluate(async (id) => {
    const el = document.createElement('cadre-proctoring-monitor');
    el.setAttribute('sitting-id', id);
    document.querySelector('main')!.prepend(el);
    await el.start();
  }, sittingId);

const flush = (page: Page) => page.evaluate(() => document.querySelector('cadre-proctoring-monitor')!.monitor!.flush());

async function waitForEvent(page: Page, sittingId: string, type: string, timeoutMs = 20_000): Promise<ProctoringEvent> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    await flush(page);
    const found = (await cadre.storage.proctoring.listEvents(sittingId)).find((e) => e.type === type);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no ${type} event for ${sittingId}; stored: ${(await cadre.storage.proctoring.listEvents(sittingId)).map((e) => e.type).join(', ')}`);
}

describe('in-browser monitoring with a fake camera', () => {
  describe('one face in front of the camera', () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      ({ browser, context, page } = await candidateWithCamera('astronaut', 'sit-one'));
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('shows the indicator, is accessible, and raises no face event', async () => {
      await page.locator('cadre-proctoring-monitor [role=status]').filter({ hasText: 'Surveillance active' }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.waitForFunction(() => document.querySelector('cadre-proctoring-monitor')!.monitor!.stats.framesAnalysed >= 12, undefined, { timeout: 20_000 });
      await flush(page);
      const events = await cadre.storage.proctoring.listEvents('sit-one');
      expect(events.filter((e) => e.type.startsWith('face.') || e.type === 'camera.lost')).toEqual([]);
    });

    it('sends monitoring heartbeats whose camera frame the server decodes (issue 16)', async () => {
      await page.waitForFunction(() => document.querySelector('cadre-proctoring-monitor')!.monitor!.stats.heartbeats >= 1, undefined, { timeout: 20_000 });
      const [first] = await cadre.storage.proctoring.listHeartbeats('sit-one');
      expect(first).toMatchObject({ width: 160, height: 120 });
      expect(first!.bytes).toBeGreaterThan(500);
    });

    it('raises fullscreen.left when the candidate leaves full screen, with a way back', async () => {
      await page.evaluate(() => document.documentElement.requestFullscreen());
      await page.waitForFunction(() => document.fullscreenElement !== null);
      // Let the monitor handle the entry's fullscreenchange before leaving: leaving at once can
      // make both events read a document that is no longer in full screen.
      await page.waitForTimeout(500);
      await page.evaluate(() => document.exitFullscreen());
      const event = await waitForEvent(page, 'sit-one', 'fullscreen.left');
      expect(event.severity).toBe('low');
      await page.getByRole('button', { name: 'Revenir en plein écran' }).waitFor();
      expect(await page.locator('cadre-proctoring-monitor [part=notice]').textContent()).toContain('Vous avez quitté le plein écran');
    });

    it('raises page.hidden when the page is hidden (another tab, minimised window)', async () => {
      // Headless Chromium keeps every page "visible" (bringToFront, minimising and lifecycle
      // states were tried): the test makes the document report hidden, as the browser would,
      // and fires the same visibilitychange event.
      const setHidden = (hidden: boolean) =>
        page.evaluate((h) => {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
          document.dispatchEvent(new Event('visibilitychange'));
        }, hidden);
      await setHidden(true);
      // Hidden for more than a second (a reload hides the page only a moment before it goes).
      await page.waitForTimeout(2000);
      await setHidden(false);
      const event = await waitForEvent(page, 'sit-one', 'page.hidden');
      expect(event.severity).toBe('medium');
      expect(event.endedAt).not.toBeNull();
    });

    it('raises camera.lost when the camera stops delivering images, and ends it when it comes back', async () => {
      // A real unplugged camera mutes or ends its track; the fake device cannot be unplugged, so
      // the test sends the track's own events.
      const track = (type: string) =>
        page.evaluate((t) => document.querySelector('cadre-proctoring-monitor')!.stream!.getVideoTracks()[0]!.dispatchEvent(new Event(t)), type);
      await track('mute');
      await page.locator('cadre-proctoring-monitor [part=notice]').filter({ hasText: "Votre caméra s'est arrêtée" }).waitFor();
      await page.waitForTimeout(300);
      await track('unmute');
      const event = await waitForEvent(page, 'sit-one', 'camera.lost');
      expect(event.endedAt).not.toBeNull();
    });

    it('counts a reload (F5, the guide’s remedy) as page.reloaded, low, with the real time away, not as a hidden page', async () => {
      const hiddenBefore = (await cadre.storage.proctoring.listEvents('sit-one')).filter((e) => e.type === 'page.hidden').length;
      // What the browser does on F5: the page turns hidden, then goes (pagehide), and a new one loads.
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await page.reload();
      await page.waitForTimeout(1500);
      await startMonitor(page, 'sit-one');
      const event = await waitForEvent(page, 'sit-one', 'page.reloaded');
      expect(event.severity).toBe('low');
      expect(event.endedAt).not.toBeNull();
      expect(Number(event.details.secondsAway)).toBeGreaterThanOrEqual(1);
      const events = await cadre.storage.proctoring.listEvents('sit-one');
      expect(events.filter((e) => e.type === 'page.hidden')).toHaveLength(hiddenBefore);
      expect(events.filter((e) => e.endedAt === null)).toEqual([]);
      // The candidate is not told off for it.
      expect(await page.locator('cadre-proctoring-monitor [part=notice]').count()).toBe(0);
    });

    it('does not take Tab past the last control (focus in the browser bar) for another window in front', async () => {
      const blurredBefore = (await cadre.storage.proctoring.listEvents('sit-one')).filter((e) => e.type === 'window.blurred').length;
      await page.keyboard.press('Tab');
      await page.evaluate(() => window.dispatchEvent(new Event('blur')));
      // Longer than the 2 s a window may stay in front before it counts.
      await page.waitForTimeout(3500);
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await flush(page);
      expect((await cadre.storage.proctoring.listEvents('sit-one')).filter((e) => e.type === 'window.blurred')).toHaveLength(blurredBefore);
      expect(await page.locator('cadre-proctoring-monitor [part=notice]').count()).toBe(0);
    });

    it('keeps events raised while offline and sends them when the network returns', async () => {
      await context.setOffline(true);
      await page.evaluate(() => document.dispatchEvent(new ClipboardEvent('paste')));
      await flush(page);
      expect(await page.evaluate(() => document.querySelector('cadre-proctoring-monitor')!.monitor!.pending)).toBeGreaterThan(0);
      expect((await cadre.storage.proctoring.listEvents('sit-one')).some((e) => e.type === 'clipboard.paste')).toBe(false);
      // Still offline after a reload of the outbox from localStorage: nothing is lost.
      expect(await page.evaluate(() => localStorage.getItem('cadre-proctoring-outbox:sit-one'))).toContain('clipboard.paste');
      await context.setOffline(false);
      const event = await waitForEvent(page, 'sit-one', 'clipboard.paste');
      expect(event.severity).toBe('medium');
      expect(await page.evaluate(() => document.querySelector('cadre-proctoring-monitor')!.monitor!.pending)).toBe(0);
    });
  });

  describe('two faces in front of the camera', () => {
    let browser: Browser;
    let page: Page;
    beforeAll(async () => {
      ({ browser, page } = await candidateWithCamera('two-faces', 'sit-two'));
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('raises "several faces" with one snapshot under 50 KB, and tells the candidate', async () => {
      const event = await waitForEvent(page, 'sit-two', 'face.multiple');
      expect(event.severity).toBe('high');
      expect(event.details).toMatchObject({ faces: 2 });
      await page.locator('cadre-proctoring-monitor [part=notice]').filter({ hasText: 'Plusieurs personnes sont visibles' }).waitFor();
      const until = Date.now() + 10_000;
      while (!(await cadre.storage.proctoring.findEvent('sit-two', event.clientId))?.snapshotId && Date.now() < until) await flush(page);
      const snapshotId = (await cadre.storage.proctoring.findEvent('sit-two', event.clientId))?.snapshotId;
      const snapshot = await cadre.storage.proctoring.getSnapshot(snapshotId!);
      expect(snapshot?.contentType).toBe('image/jpeg');
      expect(snapshot!.bytes).toBeLessThanOrEqual(50 * 1024);
    });
  });

  describe('nobody in front of the camera', () => {
    let browser: Browser;
    let page: Page;
    beforeAll(async () => {
      ({ browser, page } = await candidateWithCamera('coffee', 'sit-none'));
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('raises "no face" after a few seconds', async () => {
      const event = await waitForEvent(page, 'sit-none', 'face.none');
      expect(event.severity).toBe('medium');
      await page.locator('cadre-proctoring-monitor [part=notice]').filter({ hasText: 'Nous ne voyons plus votre visage' }).waitFor();
    });
  });
});
