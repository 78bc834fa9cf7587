import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import { BUNDLE_BASE, loadFaceEngine } from '../proctoring/face-engine.js';
import { ProctoringMonitor } from '../proctoring/monitor-runtime.js';
import { styles } from './proctoring-monitor.styles.js';
// The shape the server answers with (type-only: nothing of the server reaches the bundle).
import type { ProctoringService } from '../../server/domain/proctoring/service.js';

type MonitorConfig = ReturnType<ProctoringService['monitorConfig']>;

export interface ProctoringEventDetail {
  kind: 'start' | 'end';
  type: string;
  severity: string;
}

declare global {
  interface HTMLElementEventMap {
    'cadre-proctoring-event': CustomEvent<ProctoringEventDetail>;
    'cadre-proctoring-error': CustomEvent<{ reason: 'camera' | 'engine' }>;
  }
}

/**
 * The candidate's proctoring during the test: a discreet indicator that monitoring is on and, when
 * an event starts, a plain-language notice saying what was noticed and that a person, not a
 * machine, will look at it. Video stays in the browser; only events, small snapshots and, every
 * 15 s, a 160×120 heartbeat frame (checked by the server, then discarded) are sent.
 * The exam shell starts it with `start()` and pauses voice detection with `setListening()`.
 *
 * @summary Proctoring during the test: the "monitoring on" badge and the notices of events.
 * @tagname cadre-proctoring-monitor
 * @fires cadre-proctoring-event - detail: { kind: 'start'|'end', type, severity }, for every event start and end
 * @fires cadre-proctoring-error - detail: { reason: 'camera' | 'engine' }, when monitoring cannot use the camera
 * @csspart indicator - the small "monitoring on" badge
 * @csspart notice - the notice shown when an event starts
 * @cssprop --cadre-success - colour of the indicator dot
 * @cssprop --cadre-warning - border colour of the notice
 */
export class CadreProctoringMonitor extends CadreElement {
  static override styles = styles;

  /** The sitting this monitoring belongs to. */
  @property({ attribute: 'sitting-id' }) sittingId = '';
  /** Where Cadre serves the wasm runtime and the face model (next to the bundle unless set). */
  @property({ attribute: 'assets-base' }) assetsBase = BUNDLE_BASE;
  /** Voice activity detection (off unless the centre turns it on). */
  @property({ type: Boolean }) voice = false;
  /** A camera stream already opened (identity check); otherwise the monitor opens one. */
  @property({ attribute: false }) stream: MediaStream | undefined;

  @state() private running = false;
  @state() private cameraExempt = false;
  @state() private notice: string | undefined;
  @state() private fullscreenLeft = false;
  private runtime: ProctoringMonitor | undefined;
  private ownStream = false;

  /** The running monitor (figures for the benchmark, pending count). */
  get monitor(): ProctoringMonitor | undefined {
    return this.runtime;
  }

  /** Starts monitoring; resolves once every source runs. */
  async start(): Promise<void> {
    if (this.runtime) return;
    const api = this.client(`/api/proctoring/sittings/${encodeURIComponent(this.sittingId)}`);
    const config = await api.get<MonitorConfig>('').catch(() => ({ cameraExempt: false }));
    this.cameraExempt = config.cameraExempt;
    let stream = this.stream;
    let engine;
    if (!this.cameraExempt) {
      try {
        if (!stream) {
          stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: this.voice });
          this.stream = stream;
          this.ownStream = true;
        }
      } catch {
        this.emit('cadre-proctoring-error', { reason: 'camera' });
      }
      if (stream) {
        try {
          engine = await loadFaceEngine({ assetsBase: this.assetsBase });
        } catch {
          this.emit('cadre-proctoring-error', { reason: 'engine' });
        }
      }
    }
    this.runtime = new ProctoringMonitor({
      sittingId: this.sittingId,
      api,
      stream: this.cameraExempt ? undefined : stream,
      engine,
      voice: this.voice,
      onEvent: (e) => {
        // A reload is recorded for the reviewer, not held against the candidate on screen.
        if (e.kind === 'start' && e.type !== 'page.reloaded') this.notice = e.type;
        if (e.type === 'fullscreen.left') this.fullscreenLeft = e.kind === 'start';
        this.emit('cadre-proctoring-event', { kind: e.kind, type: e.type, severity: e.info.severity });
      },
    });
    await this.runtime.start();
    this.running = true;
  }

  /** Stops monitoring and sends what is left to send. */
  async stop(): Promise<void> {
    await this.runtime?.stop();
    this.runtime = undefined;
    this.running = false;
    // The camera goes off with the monitoring when this component turned it on.
    if (this.ownStream) for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.ownStream = false;
  }

  /** A listening item plays: voice detection pauses. */
  setListening(active: boolean): void {
    this.runtime?.setListening(active);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.stop();
  }

  private async returnToFullscreen(): Promise<void> {
    await document.documentElement.requestFullscreen?.().catch(() => undefined);
  }

  override render() {
    return html`<div part="indicator" role="status">
        <span class="dot ${this.running ? '' : 'off'}" aria-hidden="true"></span>
        <span>${this.running ? this.t(this.cameraExempt ? 'monitor:active-no-camera' : 'monitor:active') : this.t('monitor:inactive')}</span>
      </div>
      <div aria-live="polite">
        ${
          this.notice
            ? html`<div part="notice">
              <p>${this.t(`proctoring:notice:${this.notice}`)}</p>
              <p>${this.t('monitor:not-a-sanction')}</p>
              ${this.fullscreenLeft ? html`<button type="button" @click=${() => this.returnToFullscreen()}>${this.t('monitor:fullscreen-return')}</button>` : nothing}
              <button type="button" @click=${() => (this.notice = undefined)}>${this.t('monitor:dismiss')}</button>
            </div>`
            : nothing
        }
      </div>`;
  }
}
