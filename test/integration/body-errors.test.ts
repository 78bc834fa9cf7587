import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { testConfig } from '../support/config.js';

// Issue 20, item 3: a body the parsers refuse is the client's fault. Every JSON endpoint that needs
// no login answers it with the right status, an error id and a readable message; never a 500, and an
// oversized body gets its 413 read back, not a reset connection.
describe('request bodies the parsers refuse, on JSON endpoints without login', () => {
  let cadre: RunningCadre;
  const endpoints = ['/api/verify', '/api/demo-test/items/demo-1/check', '/staff/login'];

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }));
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  const post = async (path: string, headers: Record<string, string>, body: string) => {
    const res = await fetch(`${cadre.url}${path}`, { method: 'POST', headers: { accept: 'application/json', 'accept-language': 'en', ...headers }, body });
    return { status: res.status, error: ((await res.json()) as { error: { id: string; message: string; requestId: string } }).error };
  };

  it('answers 415 to a charset other than UTF-8, with a message saying so', async () => {
    for (const path of endpoints) {
      for (const charset of ['latin1', 'iso-8859-1', 'koi8-r']) {
        const res = await post(path, { 'content-type': `application/json; charset=${charset}` }, '{"credential":"x"}');
        expect([path, charset, res.status, res.error.id]).toEqual([path, charset, 415, 'error:unsupported-charset']);
        expect(res.error.message).toBe('What is sent must be encoded in UTF-8.');
        expect(res.error.requestId).toMatch(/.+/);
      }
    }
  });

  it('answers 415 to a compression it cannot read', async () => {
    for (const path of endpoints) {
      const res = await post(path, { 'content-type': 'application/json', 'content-encoding': 'compress' }, '{"credential":"x"}');
      expect([path, res.status, res.error.id]).toEqual([path, 415, 'error:unsupported-encoding']);
    }
  });

  it('answers 400 to a compressed body that does not inflate', async () => {
    for (const path of endpoints) {
      const res = await post(path, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip at all');
      expect([path, res.status, res.error.id]).toEqual([path, 400, 'error:malformed-body']);
      expect(res.error.message).toBe('What was sent is incomplete or malformed.');
    }
  });

  it('answers 400 to malformed JSON', async () => {
    for (const path of endpoints) {
      for (const body of ['{"credential":', '{credential: 1}', '\u0000']) {
        const res = await post(path, { 'content-type': 'application/json' }, body);
        expect([path, body, res.status, res.error.id]).toEqual([path, body, 400, 'error:malformed-json']);
        expect(res.error.message).toBe('What was sent is not valid JSON.');
      }
    }
  });

  it('answers 413 to an oversized body, readable by the client (declared length or chunked)', async () => {
    const big = JSON.stringify({ credential: 'a'.repeat(2 * 1024 * 1024) });
    for (const path of endpoints) {
      const res = await post(path, { 'content-type': 'application/json' }, big);
      expect([path, res.status, res.error.id]).toEqual([path, 413, 'error:payload-too-large']);
      expect(res.error.message).toBe('What was sent is too large.');
    }
    // Over a raw socket, the whole body still being written: the answer arrives before the connection ends.
    const port = new URL(cadre.url).port;
    const answer = (head: string, chunks: Buffer[]) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1');
        let got = '';
        socket.on('data', (d) => (got += d.toString()));
        socket.on('error', (error) => reject(new Error(`${error.message} after ${JSON.stringify(got.slice(0, 100))}`)));
        socket.on('close', () => resolve(got));
        socket.write(head);
        let i = 0;
        const pump = () => {
          while (i < chunks.length) if (!socket.write(chunks[i++]!)) return void socket.once('drain', pump);
          socket.end();
        };
        pump();
      });
    const chunk = Buffer.alloc(512 * 1024, 97);
    const n = 8;
    const head = `POST /api/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAccept: application/json\r\nConnection: close\r\n`;
    const declared = await answer(`${head}Content-Length: ${n * chunk.length}\r\n\r\n`, Array<Buffer>(n).fill(chunk));
    expect(declared.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    expect(declared).toContain('"id":"error:payload-too-large"');
    const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const chunked = await answer(`${head}Transfer-Encoding: chunked\r\n\r\n`, [...Array<Buffer>(n).fill(framed), Buffer.from('0\r\n\r\n')]);
    expect(chunked.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    expect(chunked).toContain('"id":"error:payload-too-large"');
  });

  it('answers a browser with an error page, not a 500', async () => {
    const res = await fetch(`${cadre.url}/staff/login`, {
      method: 'POST',
      headers: { accept: 'text/html', 'accept-language': 'fr', 'content-type': 'application/x-www-form-urlencoded; charset=koi8-r' },
      body: 'email=a',
    });
    expect(res.status).toBe(415);
    expect(await res.text()).toContain('L&#39;envoi doit être encodé en UTF-8.');
  });
});
