import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FaceObservation } from '../../plugin/detectors/detector.js';
import { t, localeOf } from '../i18n.js';
import { loadFaceEngine, type FaceEngine } from '../proctoring/face-engine.js';
import { MONITOR_HEIGHT, MONITOR_WIDTH } from '../proctoring/monitor-runtime.js';
import { styles } from './identity-check.styles.js';

export type FaceGuidance = 'loading' | 'no-face' | 'several' | 'center' | 'closer' | 'ready';

/** Where the face must be: the oval drawn on the preview (normalized; symmetric, so mirroring does not matter). */
const OVAL = { x: 0.5, y: 0.425, rx: 0.2, ry: 0.325 };

/** Live guidance from the faces found in the frame: exactly one face, centred in the circle, close enough. */
export function faceGuidance(faces: FaceObservation[]): FaceGuidance {
  if (faces.length === 0) return 'no-face';
  if (faces.length > 1) return 'several';
  const { box } = faces[0]!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  if (((cx - OVAL.x) / OVAL.rx) ** 2 + ((cy - OVAL.y) / OVAL.ry) ** 2 > 1) return 'center';
  if (box.width < 0.12) return 'closer';
  return 'ready';
}

/**
 * Identity before the test: a photo of the candidate's face, taken only once exactly one face sits
 * in the circle (live guidance), then a photo of the ID document held in a frame. Both are stored
 * with the sitting, readable only by reviewers, the centre admin and the candidate's assessor.
 *
 * @event cadre-identity-complete - both photos are stored
 * @event cadre-identity-error - detail: { reason: 'permission-denied' | 'no-camera' | 'upload' }
 * @csspart panel - the bordered box
 * @csspart guide - the circle or frame drawn over the preview
 */
export class CadreIdentityCheck extends LitElement {
  static override styles = styles;

  @property({ attribute: 'sitting-id' }) sittingId = '';
  @property({ attribute: 'assets-base' }) assetsBase = '/assets';
  /** A camera stream already opened; otherwise the component opens one. */
  @property({ attribute: false }) stream: MediaStream | undefined;

  @state() private step: 'face' | 'document' | 'done' = 'face';
  @state() private guidance: FaceGuidance = 'loading';
  @state() private problem: string | undefined;
  @state() private busy = false;
  private engine: FaceEngine | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly canvas = document.createElement('canvas');
  private ownStream = false;

  private get locale(): string {
    return localeOf(this);
  }

  private get video(): HTMLVideoElement | null {
    return this.renderRoot.querySelector('video');
  }

  override async firstUpdated(): Promise<void> {
    try {
      if (!this.stream) {
        this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
        this.ownStream = true;
      }
    } catch (error) {
      const reason = error instanceof DOMException && error.name === 'NotFoundError' ? 'no-camera' : 'permission-denied';
      this.problem = `equipment:camera-${reason}`;
      this.dispatchEvent(new CustomEvent('cadre-identity-error', { detail: { reason }, bubbles: true, composed: true }));
      return;
    }
    const video = this.video!;
    video.srcObject = this.stream;
    await video.play().catch(() => undefined);
    this.engine = await loadFaceEngine({ assetsBase: this.assetsBase });
    this.canvas.width = MONITOR_WIDTH;
    this.canvas.height = MONITOR_HEIGHT;
    this.timer = setInterval(() => this.guide(), 300);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    if (this.ownStream) for (const track of this.stream?.getTracks() ?? []) track.stop();
  }

  private guide(): void {
    const video = this.video;
    if (this.step !== 'face' || !video || !this.engine || video.readyState < 2) return;
    this.canvas.getContext('2d')!.drawImage(video, 0, 0, MONITOR_WIDTH, MONITOR_HEIGHT);
    this.guidance = faceGuidance(this.engine.detect(this.canvas));
  }

  private async capture(kind: 'face' | 'document'): Promise<void> {
    const video = this.video;
    if (!video) return;
    this.busy = true;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth || 640;
    canvas.height = video.videoHeight || 480;
    canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    try {
      const res = await fetch(`/api/proctoring/sittings/${encodeURIComponent(this.sittingId)}/identity/${kind}${kind === 'face' ? '?faces=1' : ''}`, {
        method: 'PUT',
        headers: { 'content-type': 'image/jpeg' },
        body: blob,
      });
      if (!res.ok) throw new Error(String(res.status));
      this.problem = undefined;
      this.step = kind === 'face' ? 'document' : 'done';
      if (this.step === 'done') {
        clearInterval(this.timer);
        this.dispatchEvent(new CustomEvent('cadre-identity-complete', { bubbles: true, composed: true }));
      }
    } catch {
      this.problem = 'identity:upload-failed';
      this.dispatchEvent(new CustomEvent('cadre-identity-error', { detail: { reason: 'upload' }, bubbles: true, composed: true }));
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const l = this.locale;
    const ready = this.step === 'document' || this.guidance === 'ready';
    return html`<section part="panel" aria-labelledby="identity-title">
      <h2 id="identity-title">${t(l, 'identity:title')}</h2>
      ${this.step === 'done'
        ? html`<p role="status" class="ok">${t(l, 'identity:done')}</p>`
        : html`<h3>${t(l, this.step === 'face' ? 'identity:face-step' : 'identity:document-step')}</h3>
            <p class="hint">${t(l, this.step === 'face' ? 'identity:face-hint' : 'identity:document-hint')}</p>
            <div class="stage ${ready ? 'ready' : ''}">
              <video muted playsinline aria-label=${t(l, 'identity:preview')}></video>
              <div part="guide" class=${this.step === 'face' ? 'circle' : 'frame'}></div>
            </div>
            <p role="status" aria-live="polite">${this.step === 'face' ? t(l, `identity:guide:${this.guidance}`) : t(l, 'identity:guide:document')}</p>
            <button type="button" ?disabled=${!ready || this.busy} @click=${() => this.capture(this.step as 'face' | 'document')}>${t(l, 'identity:take-photo')}</button>`}
      ${this.problem ? html`<p class="ko" role="alert">${t(l, this.problem)}</p>` : nothing}
    </section>`;
  }
}
