import {
  detectorPlugins,
  type DetectorInstance,
  type DetectorOutput,
  type DetectorPlugin,
  type EventTypeInfo,
  type Signal,
} from '../../plugin/detectors/index.js';
import { ApiError, type ApiClient } from '../api/client.js';
import type { FaceEngine } from './face-engine.js';
import { Outbox, type EventRecord } from './outbox.js';

/** The monitoring resolution: frames are downscaled to this width before face detection. */
export const MONITOR_WIDTH = 320;
export const MONITOR_HEIGHT = 240;
/** Monitoring heartbeats: one every 15 s (the server's HEARTBEAT_INTERVAL_MS), with a 160×120 frame. */
export const HEARTBEAT_MS = 15_000;
const HEARTBEAT_WIDTH = 160;
const HEARTBEAT_HEIGHT = 120;

export interface MonitorOptions {
  sittingId: string;
  /** The client of the sitting's proctoring API (/api/proctoring/sittings/<id>). */
  api: ApiClient;
  /** The camera stream; none when the candidate is exempt from camera monitoring. */
  stream?: MediaStream | undefined;
  engine?: FaceEngine | undefined;
  /** Voice activity detection is off unless the centre turns it on. */
  voice?: boolean;
  /** Milliseconds between two face samples (about twice a second). */
  sampleMs?: number;
  /** Milliseconds between two batches sent to the server. */
  flushMs?: number;
  /** At most one snapshot per this many milliseconds, whatever the events. */
  snapshotIntervalMs?: number;
  /** Milliseconds between two monitoring heartbeats. */
  heartbeatMs?: number;
  now?: () => number;
  onEvent?: (event: { kind: 'start' | 'end'; type: string; info: EventTypeInfo }) => void;
}

export interface MonitorStats {
  framesAnalysed: number;
  detectMs: number[];
  bytesSent: number;
  requests: number;
  pending: number;
  /** Heartbeats the server accepted. */
  heartbeats: number;
}

/**
 * Tab past the last control puts the focus in the browser's own bar, which blurs the window: that
 * long to come back (another Tab) before it counts as another window in front.
 */
export const KEYBOARD_FOCUS_GRACE_MS = 10_000;

const uuid = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`);

/**
 * Runs the detectors in the candidate's browser: samples the camera about twice a second on a
 * downscaled frame, listens to page visibility, focus, fullscreen and clipboard, and sends the
 * resulting events in batches (kept in localStorage while offline). Video never leaves the
 * browser: only events and, for some, one small JPEG snapshot (≤ 50 KB, throttled), and every
 * 15 s a 160×120 heartbeat frame the server checks and discards.
 */
export class ProctoringMonitor {
  readonly stats: MonitorStats = { framesAnalysed: 0, detectMs: [], bytesSent: 0, requests: 0, pending: 0, heartbeats: 0 };
  private readonly detectors: { plugin: DetectorPlugin<object>; instance: DetectorInstance }[];
  private readonly infos = new Map<string, EventTypeInfo>();
  private readonly open = new Map<string, EventRecord>();
  private readonly outbox: Outbox;
  private readonly now: () => number;
  private readonly video: HTMLVideoElement | undefined;
  private readonly canvas = document.createElement('canvas');
  private timers: ReturnType<typeof setInterval>[] = [];
  private listeners: [EventTarget, string, EventListener][] = [];
  private lastSnapshotAt = -Infinity;
  private lastFaces: number | undefined;
  private flushing: Promise<void> | undefined;
  private audio: { context: AudioContext; analyser: AnalyserNode } | undefined;
  private lastTabAt = -Infinity;
  private focusGrace: ReturnType<typeof setTimeout> | undefined;
  private readonly leftKey: string;

  constructor(private readonly options: MonitorOptions) {
    this.now = options.now ?? (() => Date.now());
    const camera = Boolean(options.stream && options.engine);
    this.detectors = detectorPlugins()
      .filter((d) => (d.id === 'voice' ? options.voice === true : d.enabledByDefault))
      .filter((d) => camera || !d.usesCamera)
      .map((plugin) => ({ plugin, instance: plugin.create() }));
    for (const d of this.detectors) for (const e of d.plugin.eventTypes) this.infos.set(e.type, e);
    this.outbox = new Outbox(`cadre-proctoring-outbox:${options.sittingId}`);
    this.leftKey = `cadre-proctoring-left:${options.sittingId}`;
    this.canvas.width = MONITOR_WIDTH;
    this.canvas.height = MONITOR_HEIGHT;
    if (options.stream) {
      this.video = document.createElement('video');
      this.video.muted = true;
      this.video.playsInline = true;
      this.video.srcObject = options.stream;
    }
  }

  /** Starts every source; call once the candidate has consented (and proved identity). */
  async start(): Promise<void> {
    const at = this.now();
    this.signal({ kind: 'visibility', at, hidden: document.visibilityState === 'hidden' });
    this.signal({ kind: 'focus', at, focused: document.hasFocus() });
    this.signal({ kind: 'fullscreen', at, active: document.fullscreenElement !== null });
    this.listen(document, 'visibilitychange', () => this.signal({ kind: 'visibility', at: this.now(), hidden: document.visibilityState === 'hidden' }));
    this.returned();
    this.listen(document, 'keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Tab') this.lastTabAt = this.now();
    });
    this.listen(window, 'blur', () => this.blurred());
    this.listen(window, 'focus', () => {
      clearTimeout(this.focusGrace);
      this.focusGrace = undefined;
      this.signal({ kind: 'focus', at: this.now(), focused: true });
    });
    // Reload or Back: this page goes; the next page of the sitting reports the time away (page.reloaded).
    this.listen(window, 'pagehide', () => this.leaving());
    this.listen(window, 'pageshow', (e) => {
      if ((e as PageTransitionEvent).persisted) this.returned();
    });
    this.listen(document, 'fullscreenchange', () => this.signal({ kind: 'fullscreen', at: this.now(), active: document.fullscreenElement !== null }));
    for (const action of ['copy', 'cut', 'paste'] as const) this.listen(document, action, () => this.signal({ kind: 'clipboard', at: this.now(), action }));
    this.listen(window, 'online', () => void this.flush());

    if (this.video && this.options.stream) {
      await this.video.play().catch(() => undefined);
      this.signal({ kind: 'camera', at: this.now(), live: true });
      for (const track of this.options.stream.getVideoTracks()) {
        this.listen(track, 'ended', () => this.signal({ kind: 'camera', at: this.now(), live: false }));
        this.listen(track, 'mute', () => this.signal({ kind: 'camera', at: this.now(), live: false }));
        this.listen(track, 'unmute', () => this.signal({ kind: 'camera', at: this.now(), live: true }));
      }
      this.timers.push(setInterval(() => this.sample(), this.options.sampleMs ?? 500));
      await this.waitForFrame();
    } else {
      this.timers.push(setInterval(() => this.signal({ kind: 'tick', at: this.now() }), 1000));
    }
    if (this.options.voice && this.options.stream?.getAudioTracks().length) this.startVoice(this.options.stream);
    this.timers.push(setInterval(() => void this.flush(), this.options.flushMs ?? 5000));
    void this.heartbeat();
    this.timers.push(setInterval(() => void this.heartbeat(), this.options.heartbeatMs ?? HEARTBEAT_MS));
  }

  /**
   * Tells the server monitoring is running: a 160×120 JPEG of the camera (decoded there; a blank
   * frame does not count) with the face count the detector last gave, or no frame for a candidate
   * exempted from the camera. The server keeps the time it received each one; not the frame.
   * Missing heartbeats over the items send the sitting to a reviewer. Never queued: a heartbeat
   * stands for the moment the server receives it.
   */
  private async heartbeat(): Promise<void> {
    let body: { raw: Blob | Uint8Array; type: string } = { raw: new Uint8Array(0), type: 'image/jpeg' };
    if (this.video) {
      if (this.video.readyState < 2) return;
      const canvas = document.createElement('canvas');
      canvas.width = HEARTBEAT_WIDTH;
      canvas.height = HEARTBEAT_HEIGHT;
      canvas.getContext('2d')?.drawImage(this.video, 0, 0, HEARTBEAT_WIDTH, HEARTBEAT_HEIGHT);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.7));
      if (!blob) return;
      body = { raw: blob, type: 'image/jpeg' };
    }
    try {
      this.stats.requests += 1;
      this.stats.bytesSent += body.raw instanceof Blob ? body.raw.size : body.raw.length;
      await this.options.api.put('/heartbeat', body, this.lastFaces === undefined ? {} : { faces: this.lastFaces });
      this.stats.heartbeats += 1;
    } catch {
      // offline, or refused: the server counts the silence
    }
  }

  /** The window lost focus; right after a Tab key it is the browser's own bar, given a grace to come back. */
  private blurred(): void {
    const at = this.now();
    if (at - this.lastTabAt > 1000) return this.signal({ kind: 'focus', at, focused: false });
    clearTimeout(this.focusGrace);
    this.focusGrace = setTimeout(() => {
      this.focusGrace = undefined;
      if (!document.hasFocus()) this.signal({ kind: 'focus', at: this.now(), focused: false });
    }, KEYBOARD_FOCUS_GRACE_MS);
  }

  /** The page goes away (reload, Back, closing): open events end now, and the time is kept for the next page. */
  private leaving(): void {
    const at = this.now();
    for (const d of this.detectors) this.apply(d.instance.flush(at));
    try {
      localStorage.setItem(this.leftKey, String(at));
    } catch {
      // storage full or disabled: the next page cannot tell how long the candidate was away
    }
  }

  /** A page of this sitting starts after one left: the detectors learn when, so the time away is counted. */
  private returned(): void {
    let leftAt: number | undefined;
    try {
      const stored = localStorage.getItem(this.leftKey);
      localStorage.removeItem(this.leftKey);
      leftAt = stored === null ? undefined : Number(stored);
    } catch {
      leftAt = undefined;
    }
    if (leftAt !== undefined && Number.isFinite(leftAt)) this.signal({ kind: 'page-returned', at: this.now(), leftAt });
  }

  /** A listening item starts or stops playing: voice detection pauses meanwhile. */
  setListening(active: boolean): void {
    this.signal({ kind: 'listening', at: this.now(), active });
  }

  /** The camera's first frame (at most 2 s): the first heartbeat carries a picture. */
  private async waitForFrame(): Promise<void> {
    for (let i = 0; i < 20 && this.video && this.video.readyState < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  /** Ends open events, sends everything that can be sent, stops every source. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    clearTimeout(this.focusGrace);
    for (const [target, type, fn] of this.listeners) target.removeEventListener(type, fn);
    this.listeners = [];
    const at = this.now();
    for (const d of this.detectors) this.apply(d.instance.flush(at));
    await this.audio?.context.close().catch(() => undefined);
    await this.flush();
  }

  get pending(): number {
    return this.outbox.size;
  }

  private listen(target: EventTarget, type: string, fn: EventListener): void {
    target.addEventListener(type, fn);
    this.listeners.push([target, type, fn]);
  }

  private signal(signal: Signal): void {
    for (const d of this.detectors) if (d.plugin.listensTo.includes(signal.kind)) this.apply(d.instance.handle(signal));
  }

  private sample(): void {
    const video = this.video;
    const engine = this.options.engine;
    if (!video || !engine || video.readyState < 2) return this.signal({ kind: 'tick', at: this.now() });
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.drawImage(video, 0, 0, MONITOR_WIDTH, MONITOR_HEIGHT);
    const t = performance.now();
    const faces = engine.detect(this.canvas);
    this.stats.detectMs.push(performance.now() - t);
    if (this.stats.detectMs.length > 1000) this.stats.detectMs.shift();
    this.stats.framesAnalysed += 1;
    const at = this.now();
    this.lastFaces = faces.length;
    this.signal({ kind: 'faces', at, faces });
    this.signal({ kind: 'tick', at });
  }

  private apply(outputs: DetectorOutput[]): void {
    for (const o of outputs) {
      const info = this.infos.get(o.type);
      if (!info) continue;
      if (o.kind === 'start') {
        const record: EventRecord = { clientId: uuid(), type: o.type, startedAt: new Date(o.at).toISOString(), endedAt: null, details: o.details ?? {} };
        this.open.set(o.type, record);
        this.outbox.putEvent(record);
        if (info.snapshot) this.snapshot(record.clientId);
      } else {
        const record = this.open.get(o.type);
        if (!record) continue;
        this.open.delete(o.type);
        this.outbox.putEvent({ ...record, endedAt: new Date(o.at).toISOString() });
      }
      this.stats.pending = this.outbox.size;
      this.options.onEvent?.({ kind: o.kind, type: o.type, info });
    }
  }

  /** One small JPEG of the current frame, at most one per snapshotIntervalMs. */
  private snapshot(clientId: string): void {
    const now = this.now();
    if (!this.video || this.video.readyState < 2 || now - this.lastSnapshotAt < (this.options.snapshotIntervalMs ?? 30_000)) return;
    this.lastSnapshotAt = now;
    const canvas = document.createElement('canvas');
    canvas.width = MONITOR_WIDTH;
    canvas.height = MONITOR_HEIGHT;
    canvas.getContext('2d')?.drawImage(this.video, 0, 0, MONITOR_WIDTH, MONITOR_HEIGHT);
    for (const quality of [0.7, 0.5, 0.3]) {
      const dataUrl = canvas.toDataURL('image/jpeg', quality);
      if (((dataUrl.length - 23) * 3) / 4 <= 50 * 1024) {
        this.outbox.putSnapshot(clientId, dataUrl);
        return;
      }
    }
  }

  private startVoice(stream: MediaStream): void {
    try {
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      context.createMediaStreamSource(stream).connect(analyser);
      this.audio = { context, analyser };
      const buffer = new Float32Array(analyser.fftSize);
      this.timers.push(
        setInterval(() => {
          analyser.getFloatTimeDomainData(buffer);
          let sum = 0;
          for (const v of buffer) sum += v * v;
          this.signal({ kind: 'audio', at: this.now(), level: Math.sqrt(sum / buffer.length) });
        }, 250),
      );
    } catch {
      // no audio: voice detection stays silent
    }
  }

  /** Sends pending event reports in one batch, then their snapshots; keeps whatever fails. */
  flush(): Promise<void> {
    this.flushing ??= this.send().finally(() => {
      this.flushing = undefined;
      this.stats.pending = this.outbox.size;
    });
    return this.flushing;
  }

  private async send(): Promise<void> {
    const { api } = this.options;
    const events = [...this.outbox.events];
    try {
      if (events.length > 0) {
        this.stats.requests += 1;
        this.stats.bytesSent += JSON.stringify({ events }).length;
        await api.post('/events', { events });
        this.outbox.acknowledgeEvents(events);
      }
      for (const s of [...this.outbox.snapshots]) {
        if (this.outbox.events.some((e) => e.clientId === s.clientId && !events.includes(e))) continue; // its event is not stored yet
        const bytes = Uint8Array.from(atob(s.dataUrl.slice(s.dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0));
        this.stats.requests += 1;
        this.stats.bytesSent += bytes.length;
        try {
          await api.put(`/events/${s.clientId}/snapshot`, { raw: bytes, type: 'image/jpeg' });
          this.outbox.acknowledgeSnapshot(s.clientId);
        } catch (error) {
          // Too big or its event unknown: never accepted, so not kept; offline: stop until the next flush.
          if (error instanceof ApiError && (error.status === 413 || error.status === 404)) this.outbox.acknowledgeSnapshot(s.clientId);
          else if (!(error instanceof ApiError) || error.status === 0) throw error;
        }
      }
    } catch {
      // offline or refused: everything left stays in the outbox until the next flush
    }
  }
}
