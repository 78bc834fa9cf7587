import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { launchBrowser } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { fixtureBase64, type FaceFixture } from '../support/faces.js';

/**
 * The offline model pipeline: tasks-vision and the face model with the metadata our build adds,
 * both served by Cadre itself, detect faces in headless Chromium without any request leaving the origin.
 */
describe('face detection served by Cadre (tasks-vision + metadata-patched BlazeFace)', () => {
  let cadre: RunningCadre;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    cadre = await startCadre(testConfig());
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${cadre.url}/`);
    // A string, not a function: vitest would rewrite import() inside a function it transforms.
    await page.evaluate(`(async () => {
      const { loadFaceEngine } = await import('/assets/cadre.js');
      window.engine = await loadFaceEngine();
    })()`);
  });
  afterAll(async () => {
    await browser?.close();
    await cadre?.stop();
  });

  const facesIn = (name: FaceFixture) =>
    page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const engine = (window as unknown as { engine: import('../../components/index.js').FaceEngine }).engine;
      return engine.detect(bitmap);
    }, fixtureBase64(name));

  it('finds the one face in astronaut.png, with its six keypoints', async () => {
    const faces = await facesIn('astronaut');
    expect(faces).toHaveLength(1);
    expect(faces[0]!.keypoints).toHaveLength(6);
    expect(faces[0]!.score).toBeGreaterThan(0.7);
  });

  it('finds two faces in two-faces.png', async () => {
    expect(await facesIn('two-faces')).toHaveLength(2);
  });

  it('finds no face in a cup of coffee or a cat', async () => {
    expect(await facesIn('coffee')).toHaveLength(0);
    expect(await facesIn('chelsea')).toHaveLength(0);
  });

  it('loaded everything from its own origin, under connect-src self', async () => {
    const origin = new URL(cadre.url).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(requests.some((u) => u.endsWith('/assets/models/face_detection_short_range.tflite'))).toBe(true);
    expect(requests.some((u) => /\/assets\/wasm\/vision_wasm(_nosimd)?_internal\.wasm$/.test(u))).toBe(true);
    const res = await fetch(`${cadre.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
