import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORBIDDEN_VIEW_FIELDS } from '../../plugin/item-types/contract.js';
import { itemTypePlugins } from '../../plugin/item-types/registry.js';
import type { DemoCheck, DemoItemView } from '../../server/domain/demo/demo-test.js';
import { contentDir } from '../../server/paths.js';
import { startCadre, type RunningCadre } from '../../server/server.js';
import { correctResponse, wrongResponse } from '../support/answers.js';
import { testConfig } from '../support/config.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const demoItems = (JSON.parse(fs.readFileSync(path.join(contentDir, 'demo', 'items.json'), 'utf8')) as { items: Any[] }).items;

/** Every key (at any depth) of a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

/** Issue 15's mini demo test over HTTP: seven item types, checked right or wrong, nothing stored. */
describe('the mini demo test', () => {
  let cadre: RunningCadre;

  beforeAll(async () => {
    cadre = await startCadre(testConfig({ JOBS_ENABLED: 'false' }));
  });
  afterAll(async () => {
    await cadre?.stop();
  });

  const get = (url: string) => fetch(`${cadre.url}${url}`, { headers: { accept: 'application/json' } });
  const check = (itemId: string, response: unknown, lang = 'fr') =>
    fetch(`${cadre.url}/api/demo-test/items/${itemId}/check?lang=${lang}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ response }),
    });

  it('serves one item of each of the seven types, in the guide order, with no key in the views', async () => {
    const res = await get('/api/demo-test');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: DemoItemView[] };
    expect(items.map((i) => i.type)).toEqual(itemTypePlugins().map((p) => p.type));
    for (const item of items) expect(keysOf(item.view).filter((k) => (FORBIDDEN_VIEW_FIELDS as readonly string[]).includes(k))).toEqual([]);
    expect(items.find((i) => i.type === 'listening')).toMatchObject({ audio: true });
    // Nobody needs to be signed in, and the page is there in both languages.
    const page = await fetch(`${cadre.url}/demo-test?lang=en`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<cadre-demo-test lang="en" content-lang="en">');
  });

  it('says right or wrong with the explanation, by the item type scorer, and stores nothing', async () => {
    const tables = async () =>
      Promise.all(
        (['sittings', 'responses', 'results', 'jobs', 'audit_log'] as const).map(async (t) =>
          Number(
            (
              await cadre.storage.db
                .selectFrom(t)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
    const before = await tables();
    const { items } = (await (await get('/api/demo-test')).json()) as { items: DemoItemView[] };
    for (const view of items) {
      const item = demoItems.find((i) => i.id === view.id)!;
      const right = (await (await check(view.id, correctResponse(item.type, item.content, view.view))).json()) as DemoCheck;
      expect(right).toMatchObject({ correct: true, explanation: item.explanation });
      expect(right.points).toBe(right.maxPoints);
      const wrong = (await (await check(view.id, wrongResponse(item.type, item.content, view.view))).json()) as DemoCheck;
      expect(wrong.correct).toBe(false);
    }
    expect(await tables()).toEqual(before);
  });

  it('refuses an unknown item and a malformed answer with a clear message', async () => {
    const unknown = await check('demo-nothing', { choice: 'x' }, 'en');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Any).error).toMatchObject({ id: 'demo:unknown-item', message: 'This question is not part of the demo test.' });
    const malformed = await check('demo-multiple-choice', { hack: true });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Any).error).toMatchObject({
      id: 'demo:bad-response',
      message: "Cette réponse n'a pas la forme attendue pour cette question.",
    });
    // A bank item id is not a demo item: the demo cannot be used to score the real bank.
    expect((await check('en-voc-001', { blanks: ['x'] })).status).toBe(400);
  });

  it('plays the listening extract, and only for the item that has one', async () => {
    const audio = await fetch(`${cadre.url}/api/demo-test/audio/demo-listening`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/mpeg');
    expect((await audio.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    expect((await fetch(`${cadre.url}/api/demo-test/audio/demo-word-order`)).status).toBe(404);
  });
});
