import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssets } from '../../scripts/build-assets.js';
import { createApp } from '../../server/app.js';
import { systemClock } from '../../server/clock.js';
import type { AssetManifest } from '../../server/http/assets.js';
import { createMailer } from '../../server/mail/mailer.js';
import { openStorage, type Storage } from '../../server/storage/storage.js';
import { tempDir, testConfig } from '../support/config.js';
import { listen } from '../support/http.js';

/** A raw GET (node:http, no automatic decompression): the bytes and headers as the browser gets them. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('browser assets: precompressed at build time, versioned URLs cached for good', () => {
  // A dist/public as `npm run build` leaves it (bundle, stylesheet, wasm runtime), through the real build step.
  const dir = tempDir('cadre-assets-');
  const bundle = Buffer.from(
    `export const items = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: `item-${i}`, text: 'Choose the word that fits.' })))};\n`,
  );
  const wasm = Buffer.alloc(64 * 1024, 'wasm-runtime-');
  let manifest: AssetManifest;
  let storage: Storage;
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, 'cadre.js'), bundle);
    fs.writeFileSync(path.join(dir, 'cadre.css'), ':root { --cadre-accent: #1d4ed8; }\n');
    fs.mkdirSync(path.join(dir, 'wasm'));
    fs.writeFileSync(path.join(dir, 'wasm', 'vision_wasm_internal.wasm'), wasm);
    manifest = await buildAssets(dir);
    const config = testConfig();
    storage = await openStorage(config.database);
    const logger = pino({ level: 'silent' });
    server = await listen(createApp({ config, storage, clock: systemClock, logger, mailer: createMailer(config.mail, logger), assetsDir: dir }));
  });
  afterAll(async () => {
    await server.close();
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the exam bundle brotli-compressed under its versioned URL, cacheable for a year without revalidation', async () => {
    const res = await get(`${server.url}/assets/v/${manifest.version}/cadre.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.body.length).toBeLessThan(bundle.length / 4);
    expect(zlib.brotliDecompressSync(res.body).equals(bundle)).toBe(true);
  });

  it('falls back to gzip, then to the file itself, as the browser accepts', async () => {
    const gz = await get(`${server.url}/assets/v/${manifest.version}/wasm/vision_wasm_internal.wasm`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toBe('application/wasm');
    expect(zlib.gunzipSync(gz.body).equals(wasm)).toBe(true);
    const plain = await get(`${server.url}/assets/v/${manifest.version}/cadre.js`, { 'accept-encoding': 'br;q=0, identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(bundle)).toBe(true);
  });

  it('makes browsers revalidate unversioned URLs and URLs of another build', async () => {
    for (const url of ['/assets/cadre.js', '/assets/v/0123456789abcdef/cadre.js']) {
      const res = await get(`${server.url}${url}`, { 'accept-encoding': 'br' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers.etag).toBeTruthy();
    }
  });

  it('never lets a page be cached as immutable, and a missing asset carries no encoding', async () => {
    const page = await get(`${server.url}/?lang=en`, { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control'] ?? '').not.toMatch(/immutable|max-age=[1-9]/);
    const missing = await get(`${server.url}/assets/v/${manifest.version}/nothing.js`, { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
  });
});
