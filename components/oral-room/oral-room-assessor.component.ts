import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LEVELS } from '../../server/domain/cefr.js';
import type { Level } from '../../server/domain/oral/grading.js';
import type { RoomStateView, RoomView } from '../../server/http/oral-room-routes.js';
import type { Presence } from '../../server/http/oral-room-hub.js';
import { ApiError, type ApiClient } from '../api/client.js';
import { CadreElement } from '../shared/cadre-element.js';
import { controlStyles } from '../shared/controls.styles.js';
import { styles } from './oral-room.styles.js';
import { LocalMedia } from './local-media.js';
import { RoomCall, type ReceivedMedia } from './room-call.js';

const PARTS = [1, 2, 3] as const;

declare global {
  interface HTMLElementEventMap {
    'cadre-oral-room-ended': CustomEvent<{ bookingId: string }>;
  }
}

/** The server's reason for a refusal; nothing when the server could not be reached or did not answer JSON (as before the shared client). */
const serverMessage = (error: unknown): string => (error instanceof ApiError && error.status > 0 && error.id !== 'error:internal' ? error.message : '');

/**
 * The assessor's side of the oral room: who is in the waiting room, "Let the candidate in", the
 * call, "ID checked" (recorded with the assessor and the time), the three parts of the interview
 * with example prompts per level in the test's language, and the end of the interview. The
 * grading console of the same interview sits beside it on the page.
 *
 * @summary The assessor's oral interview room: admit the candidate, check the ID, lead the three parts.
 * @tagname cadre-oral-room-assessor
 * @fires cadre-oral-room-ended - detail: { bookingId }, when the assessor ends the interview
 * @csspart call - the two videos
 * @cssprop --cadre-accent - colour of buttons and of the current part
 */
export class CadreOralRoomAssessor extends CadreElement {
  static override styles = [controlStyles, styles];

  /** The booking (interview) whose room this is. */
  @property() booking = '';
  /** Base address of the room API. */
  @property() endpoint = '/api/oral/rooms';

  @state() private view: RoomView | undefined;
  @state() private room: RoomStateView | null = null;
  @state() private presence: Presence = { candidate: null, assessor: null };
  @state() private remote: MediaStream | null = null;
  @state() private level: Level = 'B1';
  @state() private alert = '';
  @state() private micOn = true;
  private readonly media = new LocalMedia(() => this.requestUpdate());
  private call: RoomCall | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** The room's API: /api/oral/rooms/<booking id>. */
  private get api(): ApiClient {
    return this.client(`${this.endpoint}/${encodeURIComponent(this.booking)}`);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.retryTimer);
    this.call?.close();
    this.media.stop();
  }

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
    if (body.mode !== 'built-in' || body.availability !== 'open' || body.room?.state === 'ended') return;
    if (!this.media.stream) await this.media.start();
    if (!this.media.stream || this.call) return;
    this.call = new RoomCall({
      api: this.api,
      side: 'assessor',
      iceServers: body.iceServers,
      local: this.media.stream,
      handlers: {
        state: (room) => {
          this.room = room;
          if (room?.state === 'ended') this.hangUp();
        },
        presence: (presence) => (this.presence = presence),
        remote: (stream) => (this.remote = stream),
        lost: () => {
          // Refused or cut for good: look again at the room in a moment (it may have ended, or the session expired).
          this.call = undefined;
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => void this.load(), 2000);
        },
      },
    });
    this.call.connect();
  }

  private hangUp(): void {
    this.call?.close();
    this.call = undefined;
    this.remote = null;
    this.media.stop();
  }

  private async act(path: string, focus?: string): Promise<void> {
    let body: { room?: RoomStateView };
    try {
      body = await this.api.post<{ room?: RoomStateView }>(`/${path}`);
    } catch (error) {
      this.alert = serverMessage(error);
      return;
    }
    this.alert = '';
    if (!body.room) return;
    this.room = body.room;
    if (body.room.state === 'ended') {
      this.hangUp();
      this.emit('cadre-oral-room-ended', { bookingId: this.booking });
    }
    if (focus) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(focus)?.focus();
    }
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

  private time(iso: string): string {
    return new Intl.DateTimeFormat(this.intlLocale, { timeStyle: 'short' }).format(new Date(iso));
  }

  private get currentPart(): 1 | 2 | 3 | undefined {
    const s = this.room?.state;
    return s === 'part-1' ? 1 : s === 'part-2' ? 2 : s === 'part-3' ? 3 : undefined;
  }

  private statusText(view: RoomView): string {
    if (view.mode === 'external') return this.t('oral-room:assessor-external');
    if (view.availability === 'closed' || this.room?.state === 'ended') return this.t('oral-room:ended-assessor');
    if (view.availability === 'not-yet') return this.t('oral-room:opens-at', { time: this.time(view.opensAt) });
    if (!this.room || this.room.state === 'waiting') return this.t(this.presence.candidate ? 'oral-room:candidate-waiting' : 'oral-room:candidate-absent');
    if (!this.presence.candidate) return this.t('oral-room:candidate-left');
    return this.t(this.remote ? 'oral-room:in-call' : 'oral-room:connecting');
  }

  private renderParts(view: RoomView) {
    const guide = view.guide;
    if (!guide) return nothing;
    const shown = this.currentPart ?? 1;
    const part = guide.parts[shown - 1]!;
    return html`<section aria-labelledby="parts-title">
      <h2 id="parts-title">${this.t('oral-room:parts')}</h2>
      <ol class="parts">
        ${PARTS.map(
          (n) => html`<li>
            <button type="button" aria-pressed=${this.currentPart === n ? 'true' : 'false'} @click=${() => void this.act(`parts/${n}`)}>
              ${this.t(`oral:part-${guide.parts[n - 1]!.id}`)} (${this.t('oral:minutes', { minutes: guide.parts[n - 1]!.minutes })})
            </button>
          </li>`,
        )}
      </ol>
      <label for="prompt-level">${this.t('oral:prompts-for')}</label>
      <select id="prompt-level" @change=${(e: Event) => (this.level = (e.target as HTMLSelectElement).value as Level)}>
        ${LEVELS.map((l) => html`<option value=${l} ?selected=${l === this.level}>${l}</option>`)}
      </select>
      <div class="prompts" aria-live="polite">
        <h3>${this.t(`oral:part-${part.id}`)}</h3>
        <ul lang=${guide.language}>
          ${part.prompts[this.level].map((p) => html`<li>${p}</li>`)}
        </ul>
      </div>
    </section>`;
  }

  private renderRoom(view: RoomView) {
    const room = this.room;
    const waiting = !room || room.state === 'waiting';
    return html`<div class="call" part="call">
        <figure>
          <video id="remote" autoplay playsinline aria-label=${this.t('oral-room:the-candidate', { name: view.candidateName })}></video>
          <figcaption>${this.t('oral-room:the-candidate', { name: view.candidateName })}</figcaption>
        </figure>
        <figure>
          <video id="self" muted autoplay playsinline aria-label=${this.t('oral-room:you')}></video>
          <figcaption>${this.t('oral-room:you')}</figcaption>
        </figure>
      </div>
      <div class="actions">
        ${
          waiting
            ? html`<button id="admit" type="button" class="primary" ?disabled=${!this.presence.candidate} @click=${() => void this.act('admit', '#id-check')}>${this.t('oral-room:admit')}</button>`
            : html`${
                room.idCheckedAt
                  ? html`<span class="ok">${this.t('oral-room:id-checked-at', { time: this.time(room.idCheckedAt) })}</span>`
                  : html`<button id="id-check" type="button" @click=${() => void this.act('id-check')}>${this.t('oral-room:id-check')}</button>`
              }
              <button type="button" aria-pressed=${this.micOn ? 'false' : 'true'} @click=${() => this.toggleMic()}>${this.t('oral-room:mute')}</button>
              <button type="button" class="primary" @click=${() => void this.act('end', '#ended')}>${this.t('oral-room:end')}</button>`
        }
      </div>
      ${waiting ? nothing : this.renderParts(view)}`;
  }

  private toggleMic(): void {
    this.micOn = !this.micOn;
    for (const track of this.media.stream?.getAudioTracks() ?? []) track.enabled = this.micOn;
  }

  override render() {
    const view = this.view;
    if (!view) return html`<h1>${this.t('oral-room:title')}</h1><p role="alert">${this.alert}</p>`;
    const ended = view.availability === 'closed' || this.room?.state === 'ended';
    return html`<h1>${this.t('oral-room:assessor-title', { name: view.candidateName })}</h1>
      <p>${this.time(view.startsAt)}–${this.time(view.endsAt)}</p>
      <p role="status">${this.statusText(view)}</p>
      <p role="alert">${this.alert}</p>
      ${this.media.problem ? html`<p role="alert">${this.t(`oral-room:media-${this.media.problem}`)}</p>` : nothing}
      ${view.mode === 'external' && view.videoUrl ? html`<p><a href=${view.videoUrl} target="_blank" rel="noopener noreferrer">${this.t('oral:open-video')}</a></p>` : nothing}
      ${ended ? html`<p id="ended" tabindex="-1">${this.t('oral-room:grade-now')}</p>` : nothing}
      ${view.mode === 'built-in' && view.availability === 'open' && !ended ? this.renderRoom(view) : nothing}`;
  }
}
