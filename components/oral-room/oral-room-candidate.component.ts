import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { RoomStateView, RoomView } from '../../server/http/oral-room-routes.js';
import type { Presence } from '../../server/http/oral-room-hub.js';
import { ApiError, type ApiClient } from '../api/client.js';
import { CadreElement } from '../shared/cadre-element.js';
import { controlStyles } from '../shared/controls.styles.js';
import { styles } from './oral-room.styles.js';
import { RoomCall, type ReceivedMedia } from './room-call.js';
import { LocalMedia } from './local-media.js';

/** The server's reason for a refusal; nothing when the server could not be reached or did not answer JSON (as before the shared client). */
const serverMessage = (error: unknown): string => (error instanceof ApiError && error.status > 0 && error.id !== 'error:internal' ? error.message : '');

/**
 * The candidate's side of the oral room. Opened a few minutes before the interview (from the
 * reminder e-mail or the certification home): camera and microphone check with a preview and a
 * live level, then the waiting room until the assessor lets the candidate in; then the call,
 * the part of the interview the assessor is in, and the end. When the assessor holds interviews
 * on their own videoconference link, the page gives that link instead.
 *
 * @summary The candidate's oral interview room: equipment check, waiting room, then the call.
 * @tagname cadre-oral-room-candidate
 * @csspart call - the two videos
 * @cssprop --cadre-accent - colour of buttons
 */
export class CadreOralRoomCandidate extends CadreElement {
  static override styles = [controlStyles, styles];

  /** The booking (interview) whose room this is. */
  @property() booking = '';
  /** The launch session, when the page got it in its address (no third-party cookie in the LMS frame). */
  @property() session = '';
  /** Base address of the room API. */
  @property() endpoint = '/api/oral/rooms';

  @state() private view: RoomView | undefined;
  @state() private room: RoomStateView | null = null;
  @state() private presence: Presence = { candidate: null, assessor: null };
  @state() private remote: MediaStream | null = null;
  @state() private alert = '';
  @state() private micOn = true;
  @state() private cameraOn = true;
  private readonly media = new LocalMedia(() => this.requestUpdate());
  private call: RoomCall | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;

  /** The room's API: /api/oral/rooms/<booking id>, with the launch session as `s=`. */
  private get api(): ApiClient {
    return this.client(`${this.endpoint}/${encodeURIComponent(this.booking)}`, this.session ? new URLSearchParams({ s: this.session }).toString() : '');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.openTimer);
    this.call?.close();
    this.media.stop();
  }

  /** What the other side sends, as this page receives it (for the connection indicator and tests). */
  async receivedMedia(): Promise<ReceivedMedia> {
    return this.call ? this.call.received() : { framesDecoded: 0, audioPacketsReceived: 0, connectionState: 'none' };
  }

  private async load(): Promise<void> {
    let body: RoomView;
    try {
      body = await this.api.get<RoomView>('');
    } catch (error) {
      this.alert = serverMessage(error);
      return;
    }
    this.view = body;
    this.room = body.room;
    this.presence = body.presence;
    if (body.mode !== 'built-in' || body.availability === 'closed') return this.leave();
    if (!this.media.stream && !this.media.problem) await this.media.start();
    if (body.availability === 'not-yet') {
      // Come back when the waiting room opens (and check again then: the booking may have moved).
      clearTimeout(this.openTimer);
      this.openTimer = setTimeout(() => void this.load(), Math.min(Math.max(Date.parse(body.opensAt) - Date.now(), 1000), 30 * 60_000));
      return;
    }
    if (this.media.stream && !this.call) this.join(body, this.media.stream);
  }

  private join(view: RoomView, local: MediaStream): void {
    this.call = new RoomCall({
      api: this.api,
      side: 'candidate',
      iceServers: view.iceServers,
      local,
      handlers: {
        state: (room) => {
          this.room = room;
          if (room?.state === 'ended') this.leave();
        },
        presence: (presence) => (this.presence = presence),
        remote: (stream) => (this.remote = stream),
        lost: () => {
          // Refused or cut for good: look again at the room in a moment (it may have ended, or the session expired).
          this.call = undefined;
          clearTimeout(this.openTimer);
          this.openTimer = setTimeout(() => void this.load(), 2000);
        },
      },
    });
    this.call.connect();
  }

  private leave(): void {
    this.call?.close();
    this.call = undefined;
    this.remote = null;
    this.media.stop();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const self = this.renderRoot.querySelector<HTMLVideoElement>('#self');
    if (self && self.srcObject !== (this.media.stream ?? null)) {
      self.srcObject = this.media.stream ?? null;
      void self.play().catch(() => undefined);
    }
    const remote = this.renderRoot.querySelector<HTMLVideoElement>('#remote');
    if (remote && remote.srcObject !== this.remote) {
      remote.srcObject = this.remote;
      void remote.play().catch(() => undefined);
    }
  }

  private toggle(kind: 'audio' | 'video'): void {
    const on = kind === 'audio' ? (this.micOn = !this.micOn) : (this.cameraOn = !this.cameraOn);
    for (const track of (kind === 'audio' ? this.media.stream?.getAudioTracks() : this.media.stream?.getVideoTracks()) ?? []) track.enabled = on;
  }

  private when(iso: string, style: 'full' | 'time' = 'full'): string {
    const options: Intl.DateTimeFormatOptions = style === 'full' ? { dateStyle: 'full', timeStyle: 'short' } : { timeStyle: 'short' };
    return new Intl.DateTimeFormat(this.intlLocale, options).format(new Date(iso));
  }

  private statusText(view: RoomView): string {
    if (view.mode === 'external') return this.t('oral-room:external-link');
    if (view.availability === 'closed' || this.room?.state === 'ended') return this.t('oral-room:ended-candidate');
    if (view.availability === 'not-yet') return this.t('oral-room:opens-at', { time: this.when(view.opensAt, 'time') });
    if (!this.room || this.room.state === 'waiting') return this.t('oral-room:waiting');
    if (!this.remote) return this.t('oral-room:connecting');
    if (this.room.state === 'admitted') return this.room.idCheckedAt ? this.t('oral-room:in-interview') : this.t('oral-room:show-id');
    return this.t('oral-room:part-of', {
      part: this.room.state.slice(-1),
      title: this.t(`oral:part-${['introduction', 'situation', 'discussion'][Number(this.room.state.slice(-1)) - 1]}`),
    });
  }

  private renderCheck() {
    const m = this.media;
    return html`<section aria-labelledby="check-title">
      <h2 id="check-title">${this.t('oral-room:check-title')}</h2>
      ${m.problem ? html`<p role="alert">${this.t(`oral-room:media-${m.problem}`)}</p>` : nothing}
      <div class="call" part="call">
        <figure>
          <video id="self" muted autoplay playsinline aria-label=${this.t('oral-room:you')}></video>
          <figcaption>${this.t('oral-room:you')}</figcaption>
        </figure>
        <div>
          <label for="mic-level">${this.t('oral-room:mic-level')}</label>
          <meter id="mic-level" min="0" max="1" .value=${m.level}></meter>
          <ul class="checks">
            <li>${this.t('oral-room:camera')} : ${m.cameraOk ? html`<span class="ok">${this.t('oral-room:ok')}</span>` : this.t('oral-room:checking')}</li>
            <li>${this.t('oral-room:microphone')} : ${m.micHeard ? html`<span class="ok">${this.t('oral-room:ok')}</span>` : this.t('oral-room:speak')}</li>
          </ul>
        </div>
      </div>
    </section>`;
  }

  private renderCall() {
    return html`<div class="call" part="call">
        <figure>
          <video id="remote" autoplay playsinline aria-label=${this.t('oral-room:your-assessor')}></video>
          <figcaption>${this.t('oral-room:your-assessor')}</figcaption>
        </figure>
        <figure>
          <video id="self" muted autoplay playsinline aria-label=${this.t('oral-room:you')}></video>
          <figcaption>${this.t('oral-room:you')}</figcaption>
        </figure>
      </div>
      <div class="actions">
        <button type="button" aria-pressed=${this.micOn ? 'false' : 'true'} @click=${() => this.toggle('audio')}>${this.t('oral-room:mute')}</button>
        <button type="button" aria-pressed=${this.cameraOn ? 'false' : 'true'} @click=${() => this.toggle('video')}>${this.t('oral-room:camera-off')}</button>
      </div>`;
  }

  override render() {
    const view = this.view;
    if (!view) return html`<h1>${this.t('oral-room:title')}</h1><p role="alert">${this.alert}</p>`;
    const inInterview = view.availability === 'open' && this.room !== null && this.room.state !== 'waiting' && this.room.state !== 'ended';
    const waiting = view.mode === 'built-in' && !inInterview && view.availability !== 'closed' && this.room?.state !== 'ended';
    return html`<h1>${this.t(inInterview ? 'oral-room:title' : 'oral-room:waiting-room')}</h1>
      <p>${this.t('oral-room:your-interview', { when: this.when(view.startsAt) })}</p>
      <p role="status">${this.statusText(view)}</p>
      <p role="alert">${this.alert}</p>
      ${view.mode === 'external' && view.videoUrl ? html`<p><a href=${view.videoUrl} target="_blank" rel="noopener noreferrer">${this.t('oral:open-video')}</a></p>` : nothing}
      ${waiting ? html`${this.renderCheck()}<p class="muted">${this.t('oral-room:guide')}</p>` : nothing} ${inInterview ? this.renderCall() : nothing}`;
  }
}
