import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadConfig } from '../server/config.js';
import { publicDir, projectRoot } from '../server/paths.js';
import { startCadre } from '../server/server.js';
import { launchBrowser } from '../test/support/browser.js';
import { fakeCameraArgs, fakeCameraFile, fixtureBase64, type FaceFixture } from '../test/support/faces.js';
import { candidate, testPrincipals } from '../test/support/principals.js';
import { fmt, summarize } from './stats.js';

const MONITOR_SECONDS = Number(process.env.BENCH_MONITOR_SECONDS ?? 30);

/**
 * Proctoring in headless Chromium on this machine: face detection time per frame at the
 * monitoring resolution (320×240, CPU, tasks-vision wasm served by Cadre), and what monitoring
 * sends to the server per minute (request bodies and headers, from the browser's own accounting).
 */
export async function run(print: (line: string) => void): Promise<void> {
  if (!fs.existsSync(path.join(publicDir, 'models', 'face_detection_short_range.tflite'))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-bench-proctoring-'));
  const auth = testPrincipals();
  const cadre = await startCadre(
    loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, JOBS_ENABLED: 'false' }),
    { principal: auth.middleware },
  );
  try {
    const browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(`${cadre.url}/`);
    await page.evaluate(`(async () => { const { loadFaceEngine } = await import('/assets/cadre.js'); window.engine = await loadFaceEngine(); })()`);
    for (const fixture of ['astronaut', 'two-faces', 'coffee'] as FaceFixture[]) {
      const samples = await detectTimes(page, fixture, 200);
      const s = summarize(samples);
      print(
        `face detection at 320×240, ${fixture}: median ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, max ${fmt(s.max)} ms per frame (200 frames; target median ≤ 40 ms)`,
      );
    }
    await browser.close();

    const videos = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-bench-camera-'));
    for (const [fixture, label] of [
      ['astronaut', 'one face in view'],
      ['two-faces', 'a second person stays in view'],
    ] as const) {
      const sittingId = `bench-${fixture}`;
      const sitting = await cadre.proctoring.registerSitting(sittingId, `user-${sittingId}`);
      await cadre.proctoring.recordConsent(sitting, 'fr', candidate(`user-${sittingId}`));
      const b = await launchBrowser(fakeCameraArgs(fakeCameraFile(fixture, videos)));
      const context = await b.newContext({ permissions: ['camera'], extraHTTPHeaders: auth.headers(candidate(`user-${sittingId}`)) });
      const p = await context.newPage();
      let bytes = 0;
      let requests = 0;
      const pending: Promise<void>[] = [];
      p.on('requestfinished', (r) => {
        // What monitoring sends: event batches and snapshots (the start-up GET of the sitting's settings is left out).
        if (!r.url().includes('/api/proctoring/') || r.method() === 'GET') return;
        pending.push(
          r.sizes().then((sz) => {
            bytes += sz.requestHeadersSize + sz.requestBodySize;
            requests += 1;
          }),
        );
      });
      await p.goto(`${cadre.url}/`);
      await p.evaluate(async (id) => {
        const el = document.createElement('cadre-proctoring-monitor');
        el.setAttribute('sitting-id', id);
        document.body.append(el);
        await el.start();
      }, sittingId);
      const started = Date.now();
      await p.waitForTimeout(MONITOR_SECONDS * 1000);
      const stats = await p.evaluate(async () => {
        const m = document.querySelector('cadre-proctoring-monitor')!.monitor!;
        await m.flush();
        return { frames: m.stats.framesAnalysed, detect: m.stats.detectMs };
      });
      const minutes = (Date.now() - started) / 60_000;
      await Promise.all(pending);
      const d = summarize(stats.detect);
      const events = (await cadre.storage.proctoring.listEvents(sittingId)).map((e) => e.type + (e.snapshotId ? '+snapshot' : ''));
      // Heartbeat frames as the server decoded them (the page's request sizes leave blob bodies out).
      const beats = await cadre.storage.proctoring.listHeartbeats(sittingId);
      const frame = summarize(beats.map((h) => h.bytes));
      print(
        `monitoring ${MONITOR_SECONDS} s, ${label}: ${Math.round(bytes / minutes)} bytes/min sent (${requests} requests, headers included; ${(stats.frames / (minutes * 60)).toFixed(1)} frames/s analysed, detect median ${fmt(d.p50)} ms, p95 ${fmt(d.p95)} ms; events: ${events.join(', ') || 'none'}; ${beats.length} heartbeats, frame median ${Math.round(frame.p50)} bytes ${beats[0] ? `${beats[0].width}×${beats[0].height}` : ''})`,
      );
      await b.close();
    }
  } finally {
    await cadre.stop();
  }
}

async function detectTimes(page: Page, fixture: FaceFixture, frames: number): Promise<number[]> {
  return page.evaluate(
    async ({ b64, frames }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const engine = (window as unknown as { engine: { detect(c: HTMLCanvasElement): unknown[] } }).engine;
      const times: number[] = [];
      for (let i = 0; i < frames + 10; i++) {
        ctx.drawImage(bitmap, 0, 0, 320, 240);
        const t = performance.now();
        engine.detect(canvas);
        if (i >= 10) times.push(performance.now() - t);
      }
      return times;
    },
    { b64: fixtureBase64(fixture), frames },
  );
}
