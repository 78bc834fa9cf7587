import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { Page } from 'playwright-core';

/**
 * A bare test page for the item renderers, served with the built bundle (dist/public/cadre.js): the tests
 * mount the elements they need and read back every cadre-answer-change and cadre-audio-play-request.
 */
export interface ItemPageServer {
  url: string;
  close(): Promise<void>;
}

const PAGE = (lang: string) => `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Cadre — items</title>
  <link rel="stylesheet" href="/cadre.css">
  <script type="module" src="/cadre.js"></script>
  <script>
    window.answers = {};
    window.playRequests = [];
    document.addEventListener('cadre-answer-change', (e) => { window.answers[e.target.id] = e.detail; });
    document.addEventListener('cadre-audio-play-request', (e) => { window.playRequests.push(e.detail); });
  </script>
</head>
<body><main><h1>Cadre</h1></main></body>
</html>`;

/** One second of a 440 Hz tone as a WAV file (a codec every Chromium build plays). */
function toneWav(seconds = 1, rate = 8000): Buffer {
  const samples = seconds * rate;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return buf;
}

export async function startItemPage(): Promise<ItemPageServer> {
  const app = express();
  const wav = toneWav();
  app.get('/', (req, res) => {
    res.type('html').send(PAGE(req.query.lang === 'en' ? 'en' : 'fr'));
  });
  app.get('/extract.wav', (_req, res) => {
    res.type('audio/wav').send(wav);
  });
  app.use(express.static(path.resolve('dist/public'), { index: false }));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** An element to mount: its tag, id, candidate view, attributes. */
export interface Mount {
  tag: string;
  id: string;
  view: unknown;
  heading?: string;
  attrs?: Record<string, string>;
}

/** Mounts renderers under headings in <main> and waits until each has rendered. */
export async function mount(page: Page, items: Mount[]): Promise<void> {
  await page.waitForFunction(() => customElements.get('cadre-item-word-bank') !== undefined);
  await page.evaluate(async (list) => {
    const main = document.querySelector('main') as HTMLElement;
    for (const item of list) {
      const section = document.createElement('section');
      const h2 = document.createElement('h2');
      h2.textContent = item.heading ?? item.id;
      const el = document.createElement(item.tag) as HTMLElement & { view: unknown; updateComplete: Promise<boolean> };
      el.id = item.id;
      for (const [k, v] of Object.entries(item.attrs ?? {})) el.setAttribute(k, v);
      el.view = item.view;
      section.append(h2, el);
      main.append(section);
      await el.updateComplete;
    }
  }, items);
}

/** The last cadre-answer-change detail an element fired. */
export function lastAnswer(page: Page, id: string): Promise<{ response: unknown; complete: boolean } | undefined> {
  return page.evaluate((i) => (window as unknown as { answers: Record<string, { response: unknown; complete: boolean }> }).answers[i], id);
}
