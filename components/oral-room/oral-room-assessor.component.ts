import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LEVELS } from '../../server/domain/cefr.js';
import type { Level } from '../../server/domain/oral/grading.js';
import type { RoomStateView, RoomView } from '../../server/http/oral-room-routes.js';
import type { Presence } from '../../server/http/oral-room-hub.js';
import { t, localeOf } from '../i18n.js';
import { controlStyles } from '../shared/controls.styles.js';
import { styles } from './oral-room.styles.js';
import { LocalMedia } from './local-media.js';
import { RoomCall, type ReceivedMedia } from './room-call.js';

const PARTS = [1, 2, 3] as const;

/**
 * The assessor's side of the oral room: who is in the waiting room, "Let the candidate in", the
 * call, "ID checked" (recorded with the assessor and the time), the three parts of the interview
 * with example prompts per level in the test's language, and the end of the interview. The
 * grading console of the same interview sits beside it on the page.
 *
 * @event cadre-oral-room-ended - detail: { bookingId }, when the assessor ends the interview
 * @csspart call - the two videos
 * @cssproperty --cadre-accent - colour of buttons and of the current part
 */
export class CadreOralRoomAssessor extends LitElement {
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

  private get locale() {
    return localeOf(this);
  }
  private tr(id: string, params: Record<string, string | number> = {}) {
    return t(this.locale, id, params);
  }
  private get api() {
    return `${this.endpoint}/${encodeURIComponent(this.booking)}`;
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
    const res = await fetch(this.api, { credentials: 'same-origin', headers: { accept: 'application/json', 'accept-language': this.locale } });
    const body = (await res.json()) as RoomView & { error?: { message: string } };
    if (!res.ok) {
      this.alert = body.error?.message ?? '';
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
      session: '',
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
    const res = await fetch(`${this.api}/${path}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': this.locale }, body: '{}' });
    const body = (await res.json()) as { room?: RoomStateView; error?: { message: string } };
    if (!res.ok || !body.room) {
      this.alert = body.error?.message ?? '';
      return;
    }
    this.alert = '';
    this.room = body.room;
    if (body.room.state === 'ended') {
      this.hangUp();
      this.dispatchEvent(new CustomEvent('cadre-oral-room-ended', { detail: { bookingId: this.booking }, bubbles: true, composed: true }));
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
    return new Intl.DateTimeFormat(this.locale === 'en' ? 'en-GB' : 'fr-FR', { timeStyle: 'short' }).format(new Date(iso));
  }

  private get currentPart(): 1 | 2 | 3 | undefined {
    const s = this.room?.state;
    return s === 'part-1' ? 1 : s === 'part-2' ? 2 : s === 'part-3' ? 3 : undefined;
  }

  private statusText(view: RoomView): string {
    if (view.mode === 'external') return this.tr('oral-room:assessor-external');
    if (view.availability === 'closed' || this.room?.state === 'ended') return this.tr('oral-room:ended-assessor');
    if (view.availability === 'not-yet') return this.tr('oral-room:opens-at', { time: this.time(view.opensAt) });
    if (!this.room || this.room.state === 'waiting') return this.tr(this.presence.candidate ? 'oral-room:candidate-waiting' : 'oral-room:candidate-absent');
    if (!this.presence.candidate) return this.tr('oral-room:candidate-left');
    return this.tr(this.remote ? 'oral-room:in-call' : 'oral-room:connecting');
  }

  private renderParts(view: RoomView) {
    const guide = view.guide;
    if (!guide) return nothing;
    const shown = this.currentPart ?? 1;
    const part = guide.parts[shown - 1]!;
    return html`<section aria-labelledby="parts-title">
      <h2 id="parts-title">${this.tr('oral-room:parts')}</h2>
      <ol class="parts">
        ${PARTS.map(
          (n) => html`<li>
            <button type="button" aria-pressed=${this.currentPart === n ? 'true' : 'false'} @click=${() => void this.act(`parts/${n}`)}>
              ${this.tr(`oral:part-${guide.parts[n - 1]!.id}`)} (${this.tr('oral:minutes', { minutes: guide.parts[n - 1]!.minutes })})
            </button>
          </li>`,
        )}
      </ol>
      <label for="prompt-level">${this.tr('oral:prompts-for')}</label>
      <select id="prompt-level" @change=${(e: Event) => (this.level = (e.target as HTMLSelectElement).value as Level)}>
        ${LEVELS.map((l) => html`<option value=${l} ?selected=${l === this.level}>${l}</option>`)}
      </select>
      <div class="prompts" aria-live="polite">
        <h3>${this.tr(`oral:part-${part.id}`)}</h3>
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
          <video id="remote" autoplay playsinline aria-label=${this.tr('oral-room:the-candidate', { name: view.candidateName })}></video>
          <figcaption>${this.tr('oral-room:the-candidate', { name: view.candidateName })}</figcaption>
        </figure>
        <figure>
          <video id="self" muted autoplay playsinline aria-label=${this.tr('oral-room:you')}></video>
          <figcaption>${this.tr('oral-room:you')}</figcaption>
        </figure>
      </div>
      <div class="actions">
        ${waiting
          ? html`<button id="admit" type="button" class="primary" ?disabled=${!this.presence.candidate} @click=${() => void this.act('admit', '#id-check')}>${this.tr('oral-room:admit')}</button>`
          : html`${room.idCheckedAt
                ? html`<span class="ok">${this.tr('oral-room:id-checked-at', { time: this.time(room.idCheckedAt) })}</span>`
                : html`<button id="id-check" type="button" @click=${() => void this.act('id-check')}>${this.tr('oral-room:id-check')}</button>`}
              <button type="button" aria-pressed=${this.micOn ? 'false' : 'true'} @click=${() => this.toggleMic()}>${this.tr('oral-room:mute')}</button>
              <button type="button" class="primary" @click=${() => void this.act('end', '#ended')}>${this.tr('oral-room:end')}</button>`}
      </div>
      ${waiting ? nothing : this.renderParts(view)}`;
  }

  private toggleMic(): void {
    this.micOn = !this.micOn;
    for (const track of this.media.stream?.getAudioTracks() ?? []) track.enabled = this.micOn;
  }

  override render() {
    const view = this.view;
    if (!view) return html`<h1>${this.tr('oral-room:title')}</h1><p role="alert">${this.alert}</p>`;
    const ended = view.availability === 'closed' || this.room?.state === 'ended';
    return html`<h1>${this.tr('oral-room:assessor-title', { name: view.candidateName })}</h1>
      <p>${this.time(view.startsAt)}–${this.time(view.endsAt)}</p>
      <p role="status">${this.statusText(view)}</p>
      <p role="alert">${this.alert}</p>
      ${this.media.problem ? html`<p role="alert">${this.tr(`oral-room:media-${this.media.problem}`)}</p>` : nothing}
      ${view.mode === 'external' && view.videoUrl ? html`<p><a href=${view.videoUrl} target="_blank" rel="noopener noreferrer">${this.tr('oral:open-video')}</a></p>` : nothing}
      ${ended ? html`<p id="ended" tabindex="-1">${this.tr('oral-room:grade-now')}</p>` : nothing}
      ${view.mode === 'built-in' && view.availability === 'open' && !ended ? this.renderRoom(view) : nothing}`;
  }
}
