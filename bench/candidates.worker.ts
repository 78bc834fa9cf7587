/**
 * The candidates' side of bench/candidates.bench.ts, in a worker thread (their browsers are
 * elsewhere in real life). Each candidate is a fresh LMS user who arrives at a random moment,
 * launches Cadre from the LMS, and does what the exam page does for a proctored sitting:
 * personal details, consent, the equipment check (pings, download and upload probes), identity
 * photos, the instructions; then, while the proctoring monitor sends a heartbeat with a 160×120
 * JPEG every 15 s and a batch of events when the 5 s flush finds some (with the occasional
 * snapshot), the 50 items: the listening audio fetched (once, sometimes twice), a think, a draft
 * saved, more thinking, the answer. Times are compressed `scale` times (the server's clock too).
 *
 * Each candidate has its own connection pool (6 connections, as a browser has per host) that
 * closes a connection idle for `idleMs`: after a long think the next request opens a new one,
 * as it does behind the many proxies and browsers that drop idle connections.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { SESSION_COOKIE } from '../lti/sessions.js';
import { loadBank } from '../server/content/load-bank.js';
import { createSeededRng } from '../server/domain/adaptive/prng.js';
import type { SittingView } from '../server/domain/delivery/sitting-service.js';
import { contentDir } from '../server/paths.js';
import { correctResponse, wrongResponse } from '../test/support/answers.js';
import { Agent as LmsBrowser } from '../test/support/lti/agent.js';
import { detailsBody } from '../test/support/personal-details.js';
import { compressedClock } from './stats.js';

export interface Command {
  url: string;
  /** One launch per candidate: the LMS link each follows (a user the LMS never launched before). */
  launches: { userId: string; url: string }[];
  /** The compressed clock Cadre runs on: where it starts from (epoch ms) and how much faster it runs (bench/stats.ts). */
  clock: { from: number; scale: number };
  /** Candidates arrive at random over this long (compressed ms). */
  arrivalMs: number;
  /** A connection idle this long (compressed ms) is closed by the candidate's side. */
  idleMs: number;
}

/** What a kind of request took (ms, wall clock) and how it was answered. */
export const KINDS = [
  'launch',
  'setup',
  'identity',
  'draft',
  'answer',
  'next',
  'heartbeat',
  'events',
  'snapshot',
  'audio-ticket',
  'audio-file',
  'audio',
] as const;
/** `audio` is a play: its one-time URL asked for (`audio-ticket`), then the file read to its end (`audio-file`). */
export type Kind = (typeof KINDS)[number];

export interface Outcome {
  ok: boolean;
  error?: string;
  latency: Record<Kind, number[]>;
  /** Replies by kind and status, e.g. heartbeat 429. */
  statuses: Record<string, number>;
  /** Answers acknowledged with a 200, and how many of those said they came too late. */
  acknowledged: number;
  late: number;
  /** When each candidate's last answer was acknowledged (epoch ms), by LMS user id. */
  lastAnswerAt: Record<string, number>;
  /** Connections the candidates opened (new TCP connections). */
  connections: number;
  audioBytes: number;
  /** From the first arrival to the last candidate's last answer, ms. */
  wallMs: number;
  /** How late this thread's timers and replies ran (the candidates' side falling behind), ms. */
  clientDelay: { p99: number; max: number };
}

const bank = loadBank(path.join(contentDir, 'banks', 'en'));
const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const IDENTITY_PHOTO = fixture('identity-640x480.jpg');
const HEARTBEAT_FRAME = fixture('heartbeat-160x120.jpg');
const SNAPSHOT = fixture('snapshot-320x240.jpg');
const PERSONAL_DETAILS = JSON.stringify(detailsBody());
/** What the exam page's monitor does (components/proctoring/monitor-runtime.ts), in compressed ms. */
const HEARTBEAT_MS = 15_000;
const FLUSH_MS = 5_000;
const SNAPSHOT_EVERY_MS = 30_000;
/** Chance that a 5 s flush finds an event to send: a restless candidate, one event every 10 s. */
const EVENT_CHANCE = 0.5;
/** Low-severity events (what is auto-validated by default), a quarter of them wanting a snapshot. */
const EVENT_TYPES = [
  { type: 'fullscreen.left', snapshot: false },
  { type: 'clipboard.copy', snapshot: false },
  { type: 'voice.detected', snapshot: false },
  { type: 'face.turned-away', snapshot: true },
];

interface Reply {
  status: number;
  body: Buffer;
}

class Candidate {
  private readonly pool: http.Agent;
  private readonly rng: ReturnType<typeof createSeededRng>;
  private cookie = '';
  private sittingId = '';
  private timers: NodeJS.Timeout[] = [];
  private pendingEvents: { clientId: string; type: string; startedAt: string; endedAt: string; details: Record<string, string | number> }[] = [];
  private pendingSnapshots: string[] = [];
  private lastSnapshotAt = -Infinity;
  private inFlight = new Set<Promise<unknown>>();
  /** One flush at a time, as the page's monitor does: a snapshot goes after its event is stored. */
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly command: Command,
    private readonly launch: { userId: string; url: string },
    private readonly outcome: Outcome,
    seed: number,
  ) {
    this.rng = createSeededRng(seed);
    this.clock = compressedClock(command.clock.scale, command.clock.from);
    this.pool = new http.Agent({ keepAlive: true, maxSockets: 6, timeout: command.idleMs / command.clock.scale });
  }

  private readonly clock: ReturnType<typeof compressedClock>;
  /** Sleeps `ms` of compressed time. */
  private think = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms / this.command.clock.scale));
  /** Between `min` and `max` (compressed ms), uniformly. */
  private between = (min: number, max: number) => min + this.rng.next() * (max - min);

  private request(kind: Kind, method: string, route: string, body?: { json?: unknown; raw?: Buffer; type?: string }): Promise<Reply> {
    const payload = body?.raw ?? (body?.json === undefined ? undefined : Buffer.from(typeof body.json === 'string' ? body.json : JSON.stringify(body.json)));
    const headers: Record<string, string | number> = { cookie: this.cookie, accept: 'application/json' };
    if (payload) {
      headers['content-type'] = body?.type ?? 'application/json';
      headers['content-length'] = payload.length;
    }
    const started = performance.now();
    return new Promise<Reply>((resolve, reject) => {
      const req = http.request(`${this.command.url}${route}`, { method, agent: this.pool, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          this.outcome.latency[kind].push(performance.now() - started);
          const key = `${kind} ${res.statusCode}`;
          this.outcome.statuses[key] = (this.outcome.statuses[key] ?? 0) + 1;
          resolve({ status: res.statusCode!, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      });
      req.on('socket', (socket) => {
        // A socket the pool had kept is reused; a new one connects.
        if (!(socket as { counted?: boolean }).counted) {
          (socket as { counted?: boolean }).counted = true;
          this.outcome.connections += 1;
        }
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  private async json<T>(kind: Kind, method: string, route: string, body?: unknown): Promise<T> {
    const reply = await this.request(kind, method, route, body === undefined ? undefined : { json: body });
    if (reply.status >= 300) throw new Error(`${method} ${route} answered ${reply.status}: ${reply.body.toString().slice(0, 200)}`);
    return (reply.body.length ? JSON.parse(reply.body.toString()) : undefined) as T;
  }

  /** From the LMS's link to Cadre's page, as a browser: the OIDC login, the LMS's form_post, the page. */
  private async launchFromLms(): Promise<void> {
    const browser = new LmsBrowser();
    const started = performance.now();
    const auth = await browser.follow(this.launch.url);
    const page = await browser.submitForm(auth);
    if (page.status !== 200) throw new Error(`launch answered ${page.status}`);
    this.outcome.latency.launch.push(performance.now() - started);
    this.cookie = `${SESSION_COOKIE}=${browser.cookies.get(SESSION_COOKIE)}`;
  }

  /** Everything before the first item: details, consent, equipment check, identity photos, instructions. */
  private async prepare(): Promise<SittingView> {
    const proctoring = () => `/api/proctoring/sittings/${encodeURIComponent(this.sittingId)}`;
    await this.json('setup', 'GET', '/api/candidate/home');
    await this.think(this.between(60_000, 120_000)); // fills in the personal-details form
    await this.json('setup', 'PUT', '/api/candidate/personal-details', PERSONAL_DETAILS);
    const view = await this.json<SittingView>('setup', 'GET', '/api/sitting');
    this.sittingId = view.id;
    await this.json('setup', 'GET', proctoring());
    await this.think(this.between(20_000, 40_000)); // reads the proctoring notice
    await this.json('setup', 'POST', `${proctoring()}/consent`, { accepted: true, locale: 'en' });
    await this.json('setup', 'POST', '/api/sitting/steps/consent', { data: {} });
    // The equipment check: five pings, a 512 KB download, a 256 KB upload, the result.
    for (let i = 0; i < 5; i++) await this.request('setup', 'GET', '/api/connection/ping');
    await this.request('setup', 'GET', `/api/connection/download?bytes=${512 * 1024}`);
    await this.request('setup', 'POST', '/api/connection/upload', { raw: Buffer.alloc(256 * 1024), type: 'application/octet-stream' });
    await this.think(this.between(20_000, 40_000)); // camera, microphone, speakers
    await this.json('setup', 'POST', `${proctoring()}/equipment`, {
      passed: true,
      result: { passed: true, camera: { status: 'ok' }, connection: { status: 'ok' } },
    });
    await this.json('setup', 'POST', '/api/sitting/steps/equipment', { data: {} });
    for (const kind of ['face', 'document'] as const) {
      await this.think(this.between(10_000, 20_000)); // frames the face, then the ID document
      const reply = await this.request('identity', 'PUT', `${proctoring()}/identity/${kind}${kind === 'face' ? '?faces=1' : ''}`, {
        raw: IDENTITY_PHOTO,
        type: 'image/jpeg',
      });
      if (reply.status !== 201) throw new Error(`identity photo answered ${reply.status}: ${reply.body.toString().slice(0, 200)}`);
    }
    await this.json('setup', 'POST', '/api/sitting/steps/identity', { data: {} });
    await this.think(this.between(30_000, 60_000)); // reads the instructions
    await this.json('setup', 'POST', '/api/sitting/steps/instructions', { data: {} });
    return view;
  }

  /** The proctoring monitor of the exam page, during the items. */
  private startMonitor(): void {
    const proctoring = `/api/proctoring/sittings/${encodeURIComponent(this.sittingId)}`;
    const track = (p: Promise<unknown>) => {
      const tracked = p.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
      this.inFlight.add(tracked);
    };
    const heartbeat = () => track(this.request('heartbeat', 'PUT', `${proctoring}/heartbeat?faces=1`, { raw: HEARTBEAT_FRAME, type: 'image/jpeg' }));
    const flush = () => {
      if (this.rng.next() < EVENT_CHANCE) {
        const kind = EVENT_TYPES[Math.floor(this.rng.next() * EVENT_TYPES.length)]!;
        const now = this.clock.now().getTime();
        const clientId = randomUUID();
        this.pendingEvents.push({
          clientId,
          type: kind.type,
          startedAt: new Date(now - 4000).toISOString(),
          endedAt: new Date(now - 1000).toISOString(),
          details: {},
        });
        if (kind.snapshot && now - this.lastSnapshotAt >= SNAPSHOT_EVERY_MS) {
          this.lastSnapshotAt = now;
          this.pendingSnapshots.push(clientId);
        }
      }
      track((this.flushing ??= this.flush(proctoring).finally(() => (this.flushing = undefined))));
    };
    heartbeat();
    const every = (ms: number, f: () => void) => this.timers.push(setInterval(f, ms / this.command.clock.scale));
    every(HEARTBEAT_MS, heartbeat);
    every(FLUSH_MS, flush);
  }

  /** Sends the events waiting in one batch, then their snapshots. */
  private async flush(proctoring: string): Promise<void> {
    const events = this.pendingEvents.splice(0);
    const snapshots = this.pendingSnapshots.splice(0);
    if (events.length === 0) return;
    const reply = await this.request('events', 'POST', `${proctoring}/events`, { json: { events } });
    if (reply.status !== 200) return;
    for (const clientId of snapshots) {
      await this.request('snapshot', 'PUT', `${proctoring}/events/${clientId}/snapshot`, { raw: SNAPSHOT, type: 'image/jpeg' });
    }
  }

  private async stopMonitor(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.flushing;
    await this.flush(`/api/proctoring/sittings/${encodeURIComponent(this.sittingId)}`);
    await Promise.all(this.inFlight);
  }

  /** Plays the item's audio: a one-time URL, then the file, read to its end. */
  private async playAudio(itemId: string): Promise<void> {
    const started = performance.now();
    const ticket = await this.request('audio-ticket', 'POST', `/api/sitting/items/${encodeURIComponent(itemId)}/audio`, { json: {} });
    if (ticket.status !== 200) return; // the item's time ran out meanwhile: the page moves on
    const { url } = JSON.parse(ticket.body.toString()) as { url: string };
    const file = await this.request('audio-file', 'GET', url);
    if (file.status !== 200) throw new Error(`audio answered ${file.status}`);
    this.outcome.audioBytes += file.body.length;
    this.outcome.latency.audio.push(performance.now() - started);
  }

  async run(): Promise<void> {
    await this.think(this.rng.next() * this.command.arrivalMs);
    await this.launchFromLms();
    await this.prepare();
    this.startMonitor();
    try {
      let view = await this.json<SittingView>('next', 'POST', '/api/sitting/next', {});
      let answered = 0;
      while (view.step === 'items') {
        if (!view.item) {
          await this.think(this.between(5_000, 15_000)); // the next section's instructions
          view = await this.json<SittingView>('next', 'POST', '/api/sitting/next', {});
          continue;
        }
        const item = view.item;
        // Thinks for 30–65 % of the item's time, saves a draft on the way (the page debounces its
        // drafts; one per item here), and answers; the listening audio first, a second time now and then.
        const thinkMs = this.between(0.3, 0.65) * item.timeLimitMs;
        const listening = item.audioPlaysLeft !== null;
        if (listening) await this.playAudio(item.id);
        await this.think(thinkMs * 0.5);
        if (listening && this.rng.next() < 0.3) await this.playAudio(item.id);
        const bankItem = bank.item(item.id)!;
        const response = (answered % 3 === 2 ? wrongResponse : correctResponse)(bankItem.type, bankItem.content, item.view);
        const draft = await this.request('draft', 'PUT', `/api/sitting/items/${encodeURIComponent(item.id)}/draft`, { json: { response } });
        // 409: the item is no longer on screen (its time ran out while the request waited): the page reloads the sitting.
        if (draft.status === 409) {
          view = await this.json<SittingView>('next', 'GET', '/api/sitting');
          continue;
        }
        if (draft.status !== 204) throw new Error(`draft answered ${draft.status}: ${draft.body.toString().slice(0, 200)}`);
        await this.think(thinkMs * 0.5);
        const reply = await this.request('answer', 'POST', `/api/sitting/items/${encodeURIComponent(item.id)}/answer`, { json: { response } });
        if (reply.status === 409) {
          view = await this.json<SittingView>('next', 'GET', '/api/sitting');
          continue;
        }
        if (reply.status !== 200) throw new Error(`answer answered ${reply.status}: ${reply.body.toString().slice(0, 200)}`);
        this.outcome.acknowledged += 1;
        answered += 1;
        view = JSON.parse(reply.body.toString()) as SittingView;
        if (view.answer?.late) this.outcome.late += 1;
        if (view.step !== 'items') this.outcome.lastAnswerAt[this.launch.userId] = Date.now();
      }
    } finally {
      await this.stopMonitor();
      this.pool.destroy();
    }
  }
}

parentPort!.on('message', (command: Command) => {
  const outcome: Outcome = {
    ok: true,
    latency: Object.fromEntries(KINDS.map((k) => [k, []])) as unknown as Record<Kind, number[]>,
    statuses: {},
    acknowledged: 0,
    late: 0,
    lastAnswerAt: {},
    connections: 0,
    audioBytes: 0,
    wallMs: 0,
    clientDelay: { p99: 0, max: 0 },
  };
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const failures: string[] = [];
  Promise.all(
    command.launches.map((launch, i) =>
      new Candidate(command, launch, outcome, i + 1).run().catch((error: unknown) => {
        failures.push(`${launch.userId}: ${error instanceof Error ? error.message : String(error)}`);
      }),
    ),
  ).then(
    () => {
      outcome.wallMs = performance.now() - started;
      outcome.clientDelay = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
      parentPort!.postMessage(
        failures.length ? { ...outcome, ok: false, error: `${failures.length} candidates stopped: ${failures.slice(0, 3).join('; ')}` } : outcome,
      );
    },
    (error: unknown) => parentPort!.postMessage({ ...outcome, ok: false, error: String(error) }),
  );
});
