import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError } from '../api/client.js';
import { CadreElement } from '../shared/cadre-element.js';
import type { FaceObservation } from '../../plugin/detectors/detector.js';
import { BUNDLE_BASE, loadFaceEngine, type FaceEngine } from '../proctoring/face-engine.js';
import { MONITOR_HEIGHT, MONITOR_WIDTH } from '../proctoring/monitor-runtime.js';
import { styles } from './identity-check.styles.js';

export type FaceGuidance = 'loading' | 'no-face' | 'several' | 'center' | 'closer' | 'ready';

declare global {
  interface HTMLElementEventMap {
    'cadre-identity-complete': CustomEvent<null>;
    'cadre-identity-error': CustomEvent<{ reason: 'permission-denied' | 'no-camera' | 'upload' }>;
  }
}

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
 * @summary Identity check before the test: a guided face photo, then the ID document.
 * @tagname cadre-identity-check
 * @fires cadre-identity-complete - both photos are stored
 * @fires cadre-identity-error - detail: { reason: 'permission-denied' | 'no-camera' | 'upload' }
 * @csspart panel - the bordered box
 * @csspart guide - the circle or frame drawn over the preview
 */
export class CadreIdentityCheck extends CadreElement {
  static override styles = styles;

  /** The sitting the photos are stored with. */
  @property({ attribute: 'sitting-id' }) sittingId = '';
  /** Where Cadre serves the wasm runtime and the face model (next to the bundle unless set). */
  @property({ attribute: 'assets-base' }) assetsBase = BUNDLE_BASE;
  /** A camera stream already opened; otherwise the component opens one. */
  @property({ attribute: false }) stream: MediaStream | undefined;

  @state() private step: 'face' | 'document' | 'done' = 'face';
  @state() private guidance: FaceGuidance = 'loading';
  @state() private problem: string | undefined;
  /** The server's own words when it refused the photo (blank, too small, unreadable): the candidate can act on them. */
  @state() private refusal: string | undefined;
  @state() private busy = false;
  private engine: FaceEngine | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly canvas = document.createElement('canvas');
  private ownStream = false;

  private get video(): HTMLVideoElement | null {
    return this.renderRoot.querySelector('video');
  }

  override firstUpdated(): void {
    // Lit does not wait for a promise from firstUpdated: the camera starts on its own.
    void this.startCamera();
  }

  private async startCamera(): Promise<void> {
    try {
      if (!this.stream) {
        this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
        this.ownStream = true;
      }
    } catch (error) {
      const reason = error instanceof DOMException && error.name === 'NotFoundError' ? 'no-camera' : 'permission-denied';
      this.problem = `equipment:camera-${reason}`;
      this.emit('cadre-identity-error', { reason });
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
      if (!blob) throw new Error('no photo');
      const path = `/api/proctoring/sittings/${encodeURIComponent(this.sittingId)}/identity/${kind}`;
      await this.client().put(path, { raw: blob, type: 'image/jpeg' }, kind === 'face' ? { faces: 1 } : {});
      this.problem = undefined;
      this.refusal = undefined;
      this.step = kind === 'face' ? 'document' : 'done';
      if (this.step === 'done') {
        clearInterval(this.timer);
        this.emit('cadre-identity-complete');
      }
    } catch (error) {
      this.problem = 'identity:upload-failed';
      this.refusal = error instanceof ApiError && error.status === 422 ? error.message : undefined;
      this.emit('cadre-identity-error', { reason: 'upload' });
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const ready = this.step === 'document' || this.guidance === 'ready';
    return html`<section part="panel" aria-labelledby="identity-title">
      <h2 id="identity-title">${this.t('identity:title')}</h2>
      ${
        this.step === 'done'
          ? html`<p role="status" class="ok">${this.t('identity:done')}</p>`
          : html`<h3>${this.t(this.step === 'face' ? 'identity:face-step' : 'identity:document-step')}</h3>
            <p class="hint">${this.t(this.step === 'face' ? 'identity:face-hint' : 'identity:document-hint')}</p>
            <div class="stage ${ready ? 'ready' : ''}">
              <video muted playsinline aria-label=${this.t('identity:preview')}></video>
              <div part="guide" class=${this.step === 'face' ? 'circle' : 'frame'}></div>
            </div>
            <p role="status" aria-live="polite">${this.step === 'face' ? this.t(`identity:guide:${this.guidance}`) : this.t('identity:guide:document')}</p>
            <button type="button" ?disabled=${!ready || this.busy} @click=${() => this.capture(this.step as 'face' | 'document')}>${this.t('identity:take-photo')}</button>`
      }
      ${this.problem ? html`<p class="ko" role="alert">${this.refusal ?? this.t(this.problem)}</p>` : nothing}
    </section>`;
  }
}
