import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { loadFaceEngine, preloadFaceAssets } from '../proctoring/face-engine.js';
import { CadreElement } from '../shared/cadre-element.js';
import { styles } from './equipment-check.styles.js';

type Status = 'pending' | 'running' | 'ok' | 'failed';
type Problem = 'permission-denied' | 'no-device' | 'in-iframe' | 'unsupported' | 'slow' | 'unreachable' | 'not-heard' | 'silent' | 'download-failed';

export interface EquipmentResult {
  passed: boolean;
  browser: { getUserMedia: boolean; fullscreen: boolean; webAssembly: boolean; inIframe: boolean; phone: boolean };
  camera: { status: Status; problem?: Problem; width?: number; height?: number };
  microphone: { status: Status; problem?: Problem; peakLevel?: number };
  speakers: { status: Status; problem?: Problem };
  connection: { status: Status; problem?: Problem; latencyMs?: number; downloadMbps?: number; uploadMbps?: number };
  /** The proctoring software (face detection runtime and model), downloaded during the check. */
  software: { status: Status; problem?: Problem; ms?: number };
}

declare global {
  interface HTMLElementEventMap {
    'cadre-equipment-result': CustomEvent<EquipmentResult>;
  }
}

const DOWNLOAD_BYTES = 512 * 1024;
const UPLOAD_BYTES = 256 * 1024;
/** Below these, the test cannot run smoothly (events and snapshots are small, but items carry audio). */
const MIN_DOWNLOAD_MBPS = 1;
const MIN_UPLOAD_MBPS = 0.25;
const MAX_LATENCY_MS = 1000;

/**
 * A mobile phone (tablets are allowed: the candidate guide says "a computer or tablet equipped
 * with a webcam and a working microphone" and "you cannot take the test on a mobile phone").
 */
export function isPhone(nav: Navigator = navigator): boolean {
  const hints = (nav as Navigator & { userAgentData?: { mobile?: boolean } }).userAgentData;
  if (hints?.mobile === true) return true;
  return /iPhone|iPod|Windows Phone|Android.+Mobile|Mobile.+Firefox/i.test(nav.userAgent);
}

function problemOf(error: unknown, inIframe: boolean): Problem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-device';
  if (inIframe && (name === 'NotAllowedError' || name === 'SecurityError')) return 'in-iframe';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'permission-denied';
  return 'unsupported';
}

/**
 * The equipment check before the test, or alone days before it: browser support, camera
 * (preview), microphone (live level), speakers ("Play sound", then the candidate says whether
 * they heard it), the connection to Cadre (latency, download and upload) and the download of the
 * proctoring software (face detection runtime and model, with its progress; then cached). Each failure comes
 * with what to do about it. The result is stored with the sitting when there is one.
 *
 * @summary Equipment check: browser, camera, microphone, speakers and connection, with remedies.
 * @tagname cadre-equipment-check
 * @fires cadre-equipment-result - detail: EquipmentResult, when every step has an answer
 * @csspart panel - the bordered box
 * @cssprop --cadre-success - colour of a passed step
 * @cssprop --cadre-danger - colour of a failed step
 */
export class CadreEquipmentCheck extends CadreElement {
  static override styles = styles;

  /** The sitting to store the result with; a standalone check (days before) has none. */
  @property({ attribute: 'sitting-id' }) sittingId = '';

  @state() private result: EquipmentResult = {
    passed: false,
    browser: { getUserMedia: false, fullscreen: false, webAssembly: false, inIframe: false, phone: false },
    camera: { status: 'pending' },
    microphone: { status: 'pending' },
    speakers: { status: 'pending' },
    connection: { status: 'pending' },
    software: { status: 'pending' },
  };
  @state() private level = 0;
  /** Share of the proctoring software downloaded (0–1), while it downloads. */
  @state() private softwareProgress = 0;
  @state() private started = false;
  @state() private soundPlayed = false;
  private stream: MediaStream | undefined;
  private audio: AudioContext | undefined;
  private meterTimer: ReturnType<typeof setInterval> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.release();
  }

  private release(): void {
    clearInterval(this.meterTimer);
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    void this.audio?.close().catch(() => undefined);
  }

  private update_(patch: Partial<EquipmentResult>): void {
    this.result = { ...this.result, ...patch };
  }

  /** Runs the automatic steps; the speakers step waits for the candidate. */
  async run(): Promise<void> {
    this.started = true;
    const inIframe = window.top !== window.self;
    this.update_({
      browser: {
        getUserMedia: typeof navigator.mediaDevices?.getUserMedia === 'function',
        fullscreen: document.fullscreenEnabled === true,
        webAssembly: typeof WebAssembly === 'object',
        inIframe,
        phone: isPhone(),
      },
      camera: { status: 'running' },
      microphone: { status: 'running' },
      connection: { status: 'running' },
      software: { status: 'running' },
    });
    await Promise.all([this.checkDevices(inIframe), this.checkConnection(), this.loadSoftware()]);
    this.maybeFinish();
  }

  private async checkDevices(inIframe: boolean): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.update_({ camera: { status: 'failed', problem: 'unsupported' }, microphone: { status: 'failed', problem: 'unsupported' } });
      return;
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
    } catch (error) {
      const problem = problemOf(error, inIframe);
      this.update_({ camera: { status: 'failed', problem }, microphone: { status: 'failed', problem } });
      return;
    }
    const video = this.renderRoot.querySelector('video');
    const settings = this.stream.getVideoTracks()[0]?.getSettings();
    if (video) {
      video.srcObject = this.stream;
      await video.play().catch(() => undefined);
    }
    this.update_({
      camera: settings ? { status: 'ok', width: settings.width ?? 0, height: settings.height ?? 0 } : { status: 'failed', problem: 'no-device' },
    });
    if (this.stream.getAudioTracks().length === 0) {
      this.update_({ microphone: { status: 'failed', problem: 'no-device' } });
      return;
    }
    // Live level through WebAudio for a few seconds: any sound (even the fake device's beep) counts.
    this.audio = new AudioContext();
    const analyser = this.audio.createAnalyser();
    analyser.fftSize = 1024;
    this.audio.createMediaStreamSource(this.stream).connect(analyser);
    const buffer = new Float32Array(analyser.fftSize);
    let peak = 0;
    let samples = 0;
    await new Promise<void>((resolve) => {
      this.meterTimer = setInterval(() => {
        analyser.getFloatTimeDomainData(buffer);
        let sum = 0;
        for (const v of buffer) sum += v * v;
        this.level = Math.min(1, Math.sqrt(sum / buffer.length) * 4);
        peak = Math.max(peak, this.level);
        samples += 1;
        if (samples === 20) resolve();
      }, 100);
    });
    this.update_({
      microphone: peak > 0.01 ? { status: 'ok', peakLevel: Math.round(peak * 100) / 100 } : { status: 'failed', problem: 'silent', peakLevel: peak },
    });
  }

  private async checkConnection(): Promise<void> {
    try {
      const api = this.client('/api/connection');
      const pings: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await api.send('GET', '/ping', { cache: 'no-store' });
        pings.push(performance.now() - t0);
      }
      const latencyMs = Math.round(pings.sort((a, b) => a - b)[2]!);
      let t0 = performance.now();
      const down = await (await api.send('GET', '/download', { query: { bytes: DOWNLOAD_BYTES }, cache: 'no-store' })).arrayBuffer();
      const downloadMbps = (down.byteLength * 8) / 1e6 / Math.max(0.001, (performance.now() - t0) / 1000);
      t0 = performance.now();
      await api.send('POST', '/upload', { body: { raw: new Uint8Array(UPLOAD_BYTES), type: 'application/octet-stream' } });
      const uploadMbps = (UPLOAD_BYTES * 8) / 1e6 / Math.max(0.001, (performance.now() - t0) / 1000);
      const ok = downloadMbps >= MIN_DOWNLOAD_MBPS && uploadMbps >= MIN_UPLOAD_MBPS && latencyMs <= MAX_LATENCY_MS;
      this.update_({
        connection: {
          status: ok ? 'ok' : 'failed',
          latencyMs,
          downloadMbps: Math.round(downloadMbps * 10) / 10,
          uploadMbps: Math.round(uploadMbps * 10) / 10,
          ...(ok ? {} : { problem: 'slow' as const }),
        },
      });
    } catch {
      this.update_({ connection: { status: 'failed', problem: 'unreachable' } });
    }
  }

  /**
   * Downloads the face detection runtime and model now, while the candidate checks the rest, and
   * starts it, so the identity check and the first item do not wait for them (the page keeps the
   * detector; the files stay in the browser's cache for a reload or another day).
   */
  private async loadSoftware(): Promise<void> {
    const t0 = performance.now();
    try {
      await preloadFaceAssets({ onProgress: ({ loaded, total }) => (this.softwareProgress = total > 0 ? Math.min(1, loaded / total) : 0) });
      this.softwareProgress = 1;
      // Then built and shared with the page (this also proves it runs in this browser).
      await loadFaceEngine();
      this.update_({ software: { status: 'ok', ms: Math.round(performance.now() - t0) } });
    } catch {
      this.update_({ software: { status: 'failed', problem: 'download-failed' } });
    }
  }

  /** A short tone made with WebAudio: no file, nothing downloaded. */
  private async playSound(): Promise<void> {
    const context = (this.audio ??= new AudioContext());
    await context.resume().catch(() => undefined);
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = 660;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + 1);
    this.soundPlayed = true;
    this.update_({ speakers: { status: 'running' } });
  }

  private heard(yes: boolean): void {
    this.update_({ speakers: yes ? { status: 'ok' } : { status: 'failed', problem: 'not-heard' } });
    this.maybeFinish();
  }

  private maybeFinish(): void {
    const r = this.result;
    const steps = [r.camera, r.microphone, r.speakers, r.connection, r.software];
    if (steps.some((s) => s.status === 'pending' || s.status === 'running')) return;
    const passed = steps.every((s) => s.status === 'ok') && r.browser.getUserMedia && r.browser.webAssembly && !r.browser.phone;
    this.result = { ...r, passed };
    clearInterval(this.meterTimer);
    if (this.sittingId) {
      void this.client()
        .post(`/api/proctoring/sittings/${encodeURIComponent(this.sittingId)}/equipment`, { passed, result: this.result })
        .catch(() => undefined);
    }
    this.emit('cadre-equipment-result', this.result);
  }

  private status(s: { status: Status; problem?: Problem | undefined }) {
    return html`<p class="status ${s.status === 'ok' ? 'ok' : s.status === 'failed' ? 'ko' : ''}">${this.t(`equipment:status-${s.status}`)}</p>
      ${s.problem ? html`<p class="ko">${this.t(`equipment:problem-${s.problem}`)}</p>` : nothing}`;
  }

  override render() {
    const r = this.result;
    const iframe = [r.camera.problem, r.microphone.problem].includes('in-iframe');
    // The test cannot be taken on a mobile phone (candidate guide): said at once, and nothing to start.
    if (isPhone())
      return html`<section part="panel" aria-labelledby="equipment-title">
        <h2 id="equipment-title">${this.t('equipment:title')}</h2>
        <p role="alert" class="ko">${this.t('equipment:phone')}</p>
      </section>`;
    return html`<section part="panel" aria-labelledby="equipment-title">
      <h2 id="equipment-title">${this.t('equipment:title')}</h2>
      <p>${this.t('equipment:intro')}</p>
      ${this.started ? nothing : html`<button type="button" @click=${() => this.run()}>${this.t('equipment:start')}</button>`}
      <ol>
        <li>
          <h3>${this.t('equipment:browser')}</h3>
          ${
            this.started
              ? html`<p class=${r.browser.getUserMedia && r.browser.webAssembly ? 'ok' : 'ko'}>
                ${this.t(r.browser.getUserMedia && r.browser.webAssembly ? 'equipment:browser-ok' : 'equipment:problem-unsupported')}
                ${r.browser.fullscreen ? '' : this.t('equipment:no-fullscreen')}
              </p>`
              : nothing
          }
        </li>
        <li>
          <h3>${this.t('equipment:camera')}</h3>
          <video muted playsinline aria-label=${this.t('identity:preview')}></video>
          ${this.status(r.camera)}
        </li>
        <li>
          <h3>${this.t('equipment:microphone')}</h3>
          <p class="hint" id="mic-hint">${this.t('equipment:microphone-hint')}</p>
          <meter min="0" max="1" .value=${this.level} aria-describedby="mic-hint" aria-label=${this.t('equipment:microphone-level')}></meter>
          ${this.status(r.microphone)}
        </li>
        <li>
          <h3>${this.t('equipment:speakers')}</h3>
          <button type="button" class="secondary" ?disabled=${!this.started} @click=${() => this.playSound()}>${this.t('equipment:play-sound')}</button>
          ${
            this.soundPlayed && r.speakers.status === 'running'
              ? html`<p>${this.t('equipment:did-you-hear')}</p>
                <button type="button" @click=${() => this.heard(true)}>${this.t('equipment:heard')}</button>
                <button type="button" class="secondary" @click=${() => this.heard(false)}>${this.t('equipment:not-heard')}</button>`
              : nothing
          }
          ${this.status(r.speakers)}
        </li>
        <li>
          <h3>${this.t('equipment:connection')}</h3>
          ${
            r.connection.latencyMs !== undefined
              ? html`<p>${this.t('equipment:connection-figures', { latency: r.connection.latencyMs, down: r.connection.downloadMbps ?? 0, up: r.connection.uploadMbps ?? 0 })}</p>`
              : nothing
          }
          ${this.status(r.connection)}
        </li>
        <li>
          <h3>${this.t('equipment:software')}</h3>
          <progress max="1" .value=${this.softwareProgress} aria-label=${this.t('equipment:software-progress')}></progress>
          ${this.status(r.software)}
        </li>
      </ol>
      ${iframe ? html`<p><a href=${location.href} target="_blank" rel="noopener">${this.t('equipment:open-top-level')}</a></p>` : nothing}
      <p role="status" aria-live="polite">${r.passed ? this.t('equipment:passed') : ''}</p>
    </section>`;
  }
}
