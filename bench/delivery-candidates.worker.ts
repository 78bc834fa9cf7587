/**
 * The candidates' side of bench/delivery.bench.ts, in a worker thread (its own event loop, as the
 * candidates' browsers are elsewhere in real life). Each candidate, already launched (its session
 * cookie), goes through the written test as the exam page does: POST next for a section's first
 * item, then POST answer, whose reply carries the section's next item. Answers are right two times
 * in three, from the bank's keys (as test/support/answers.ts does), so the adaptive engine moves as
 * it would for a person.
 *
 * Two ways to load the server:
 * - `flat-out`: every candidate answers as soon as its previous reply arrives (the most the server
 *   can take; latency is then mostly queueing behind the other candidates);
 * - `paced`: the candidates together send `rate` answers per second, arriving at random as the
 *   answers of many independent candidates do (they think between answers). An answer's latency
 *   counts from its arrival, so a server that falls behind shows it.
 */
import http from 'node:http';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { loadBank } from '../server/content/load-bank.js';
import type { SittingView } from '../server/domain/delivery/sitting-service.js';
import { contentDir } from '../server/paths.js';
import { createSeededRng } from '../server/domain/adaptive/prng.js';
import { correctResponse, wrongResponse } from '../test/support/answers.js';
import { detailsBody } from '../test/support/personal-details.js';

export interface Command {
  url: string;
  cookies: string[];
  /** Items each candidate answers at most (50 = the whole written test). */
  items: number;
  /** Answers per second for all candidates together; flat out when absent. */
  rate?: number;
  /**
   * Bursts instead: after their start, the candidates all think `idleMs` (their connections idle,
   * as a browser's do while its candidate reads), then all send an answer at the same moment;
   * `rounds` times. The first burst is the candidates' first answers.
   */
  burst?: { rounds: number; idleMs: number };
}

export interface Outcome {
  ok: boolean;
  error?: string;
  /** Latency of each answer (from when it was due, when paced), ms. */
  answer: number[];
  /** Latency of each POST next for a section's first item after the first section, ms. */
  next: number[];
  /** Latency of each sitting's start: the instructions step (which opens the sitting), then the first item, ms. */
  start: number[];
  /** From the first answer sent to the last reply. */
  wallMs: number;
  /** Bursts only: each burst's answer latencies. */
  bursts?: number[][];
}

const bank = loadBank(path.join(contentDir, 'banks', 'en'));
const PERSONAL_DETAILS = detailsBody();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// node:http with keep-alive rather than fetch: the candidates' browsers are not on the server's
// machine in real life, so their side should take as little of these two cores as it can.
const agent = new http.Agent({ keepAlive: true });

function post(url: string, cookie: string, body: unknown, method = 'POST'): Promise<SittingView> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: { cookie, accept: 'application/json', 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(JSON.parse(text) as SittingView) : reject(new Error(`${url} answered ${res.statusCode}: ${text.slice(0, 200)}`)),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** One candidate in the written test, one item at a time, as the exam page goes. */
class Candidate {
  private view!: SittingView;
  private answered = 0;

  constructor(
    private readonly url: string,
    private readonly cookie: string,
    private readonly outcome: Outcome,
    readonly items: number,
  ) {}

  get left(): number {
    return this.view.step === 'items' ? this.items - this.answered : 0;
  }

  /** The instructions read (this opens the sitting), then the first item. */
  async start(): Promise<void> {
    const t = performance.now();
    // The personal-details form comes before the written test (it is not part of the measure's subject, but of its start).
    await post(`${this.url}/api/candidate/personal-details`, this.cookie, PERSONAL_DETAILS, 'PUT');
    await post(`${this.url}/api/sitting/steps/instructions`, this.cookie, { data: {} });
    this.view = await post(`${this.url}/api/sitting/next`, this.cookie, {});
    this.outcome.start.push(performance.now() - t);
  }

  /** Answers the item on screen; its latency counts from `due`. A section's first item is then asked for. */
  async answer(due: number): Promise<void> {
    const item = bank.item(this.view.item!.id)!;
    const response = (this.answered % 3 === 2 ? wrongResponse : correctResponse)(item.type, item.content, this.view.item!.view);
    this.view = await post(`${this.url}/api/sitting/items/${encodeURIComponent(item.id)}/answer`, this.cookie, { response });
    this.outcome.answer.push(performance.now() - due);
    this.answered += 1;
    if (this.left > 0 && !this.view.item) {
      const t = performance.now();
      this.view = await post(`${this.url}/api/sitting/next`, this.cookie, {});
      this.outcome.next.push(performance.now() - t);
    }
  }
}

/** Every candidate answers at the same moment after `idleMs` of thinking, `rounds` times. */
async function bursts(candidates: Candidate[], outcome: Outcome, burst: { rounds: number; idleMs: number }): Promise<void> {
  outcome.bursts = [];
  for (let round = 0; round < burst.rounds; round++) {
    await sleep(burst.idleMs);
    const from = outcome.answer.length;
    const at = performance.now();
    await Promise.all(candidates.filter((c) => c.left > 0).map((c) => c.answer(at)));
    outcome.bursts.push(outcome.answer.slice(from));
  }
}

/** Each candidate answers again as soon as its reply is in. */
async function flatOut(candidates: Candidate[]): Promise<void> {
  await Promise.all(
    candidates.map(async (c) => {
      while (c.left > 0) await c.answer(performance.now());
    }),
  );
}

/**
 * Answers arrive as a Poisson process at `rate` per second (independent candidates, each thinking
 * as long as they need), each going to a free candidate drawn at random, so candidates move at
 * their own pace and reach their section ends at different times. The run stops at four answers
 * in five of the items there are, so there are always candidates with items left. An answer
 * that finds every candidate waiting for a reply waits too; its latency counts from its arrival.
 */
async function paced(candidates: Candidate[], rate: number): Promise<void> {
  const rng = createSeededRng(1);
  const free = [...candidates];
  const waiting: ((c: Candidate) => void)[] = [];
  const release = (c: Candidate): void => {
    if (waiting.length > 0) waiting.shift()!(c);
    else free.push(c);
  };
  const take = (): Promise<Candidate> | Candidate =>
    free.length === 0 ? new Promise((resolve) => waiting.push(resolve)) : free.splice(Math.floor(rng.next() * free.length), 1)[0]!;
  const arrivals = Math.floor(0.8 * candidates.reduce((n, c) => n + c.left, 0));
  const inFlight: Promise<void>[] = [];
  let at = performance.now();
  for (let k = 0; k < arrivals; k++) {
    at += (-Math.log(1 - rng.next()) * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 1) await sleep(wait);
    const due = at;
    const candidate = await take();
    // A candidate with nothing left to answer leaves the pool.
    inFlight.push(
      candidate.answer(due).then(() => {
        if (candidate.left > 0) release(candidate);
      }),
    );
  }
  await Promise.all(inFlight);
}

parentPort!.on('message', (command: Command) => {
  const outcome: Outcome = { ok: true, start: [], answer: [], next: [], wallMs: 0 };
  const candidates = command.cookies.map((cookie) => new Candidate(command.url, cookie, outcome, command.items));
  (async () => {
    // Every candidate starts their sitting (instructions read, first item on screen) before the
    // answers are timed: the answers, not a crowd of simultaneous starts, are what is measured.
    await Promise.all(candidates.map((c) => c.start()));
    parentPort!.postMessage('answering');
    const answering = performance.now();
    await (command.burst ? bursts(candidates, outcome, command.burst) : command.rate ? paced(candidates, command.rate) : flatOut(candidates));
    outcome.wallMs = performance.now() - answering;
  })().then(
    () => parentPort!.postMessage(outcome),
    (error: unknown) => parentPort!.postMessage({ ...outcome, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
