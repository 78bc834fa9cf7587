/**
 * The candidates' side of bench/delivery.bench.ts, in a worker thread (its own event loop, as the
 * candidates' browsers are elsewhere in real life): each candidate, already launched (its session
 * cookie), answers its items as fast as it can: POST next, then POST answer, until the written
 * part is done or the item budget is spent. Answers are right two times in three, from the bank's
 * keys (as test/support/answers.ts does), so the adaptive engine moves as it would for a person.
 */
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { loadBank } from '../server/content/load-bank.js';
import type { SittingView } from '../server/domain/delivery/sitting-service.js';
import { contentDir } from '../server/paths.js';
import { correctResponse, wrongResponse } from '../test/support/answers.js';

interface Command {
  url: string;
  cookies: string[];
  /** Items each candidate answers at most (50 = the whole written test). */
  items: number;
}

const bank = loadBank(path.join(contentDir, 'banks', 'en'));

async function post(url: string, cookie: string, body: unknown): Promise<SittingView> {
  const res = await fetch(url, { method: 'POST', headers: { cookie, accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as SittingView;
}

parentPort!.on('message', (command: Command) => {
  const next: number[] = [];
  const answer: number[] = [];
  const started = performance.now();
  Promise.all(
    command.cookies.map(async (cookie) => {
      let view = await post(`${command.url}/api/sitting/steps/instructions`, cookie, { data: {} });
      for (let i = 0; i < command.items && view.step === 'items'; i++) {
        let t = performance.now();
        view = await post(`${command.url}/api/sitting/next`, cookie, {});
        next.push(performance.now() - t);
        const item = bank.item(view.item!.id)!;
        const response = (i % 3 === 2 ? wrongResponse : correctResponse)(item.type, item.content, view.item!.view);
        t = performance.now();
        view = await post(`${command.url}/api/sitting/items/${encodeURIComponent(item.id)}/answer`, cookie, { response });
        answer.push(performance.now() - t);
      }
    }),
  ).then(
    () => parentPort!.postMessage({ ok: true, next, answer, wallMs: performance.now() - started }),
    (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
