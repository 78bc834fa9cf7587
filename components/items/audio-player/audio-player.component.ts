import { LitElement, html } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { t } from '../../i18n.js';
import { styles } from './audio-player.styles.js';

/** Detail of cadre-audio-play-request: plays left before this one. Cancelable: preventDefault() stops the play. */
export interface AudioPlayRequestDetail {
  playsLeft: number;
}

declare global {
  interface HTMLElementEventMap {
    'cadre-audio-play-request': CustomEvent<AudioPlayRequestDetail>;
  }
}

const clock = (s: number): string => (Number.isFinite(s) ? `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}` : '0:00');

/**
 * A listening extract played at most `plays-left` more times: a play button, no seek bar, no pause.
 * The URL comes from `source` (a callback, e.g. asking the server for a one-time URL, which counts the play)
 * or else the `src` attribute. The server is the judge: it sets `plays-left` from its own count.
 *
 * @event cadre-audio-play-request - detail: { playsLeft }, bubbling, composed, cancelable; fired on each press of play
 * @csspart player - the box around the controls
 * @csspart play - the play button
 * @cssproperty --cadre-accent - colour of the play button
 */
export class CadreAudioPlayer extends LitElement {
  static override styles = styles;

  /** Audio URL used when no `source` callback is given. */
  @property() src = '';
  /** Gives the URL to play, once per play (called after the play-request event). */
  @property({ attribute: false }) source: (() => Promise<string>) | undefined;
  /** Plays still allowed; 0 disables the button. Lowered by one when a play starts. */
  @property({ type: Number, attribute: 'plays-left' }) playsLeft = 2;
  @property() override lang = '';

  @state() private status: 'idle' | 'loading' | 'playing' = 'idle';
  @state() private position = 0;
  @state() private duration = 0;
  @state() private message = '';
  @query('audio') private audio!: HTMLAudioElement;

  private get locale(): string {
    return this.lang || document.documentElement.lang;
  }

  private async play(): Promise<void> {
    if (this.playsLeft <= 0 || this.status !== 'idle') return;
    const request = new CustomEvent<AudioPlayRequestDetail>('cadre-audio-play-request', { detail: { playsLeft: this.playsLeft }, bubbles: true, composed: true, cancelable: true });
    if (!this.dispatchEvent(request)) return;
    this.status = 'loading';
    this.message = '';
    try {
      const url = this.source ? await this.source() : this.src;
      if (!url) throw new Error('no audio URL');
      this.audio.src = url;
      await this.audio.play();
      this.playsLeft = Math.max(0, this.playsLeft - 1);
      this.status = 'playing';
      this.message = t(this.locale, 'audio:playing');
    } catch {
      this.status = 'idle';
      this.message = t(this.locale, 'audio:error');
    }
  }

  private ended(): void {
    this.status = 'idle';
    this.position = this.duration;
    this.message = t(this.locale, 'audio:ended');
  }

  /** A failure while playing (a failure while loading is handled by play()). */
  private failed(): void {
    if (this.status !== 'playing') return;
    this.status = 'idle';
    this.message = t(this.locale, 'audio:error');
  }

  private playsLeftText(): string {
    if (this.playsLeft <= 0) return t(this.locale, 'audio:no-plays-left');
    return this.playsLeft === 1 ? t(this.locale, 'audio:plays-left-one') : t(this.locale, 'audio:plays-left-many', { n: this.playsLeft });
  }

  override render() {
    const none = this.playsLeft <= 0;
    const label = none ? t(this.locale, 'audio:no-plays-left') : this.status === 'playing' ? t(this.locale, 'audio:playing') : this.status === 'loading' ? t(this.locale, 'audio:loading') : t(this.locale, 'audio:play');
    return html`<div part="player" class="player" role="group" aria-label=${t(this.locale, 'audio:label')}>
      <button part="play" class="play" ?disabled=${none || this.status !== 'idle'} aria-describedby="plays" @click=${this.play}>
        <span class="icon" aria-hidden="true">${this.status === 'playing' ? '♪' : '▶'}</span>${label}
      </button>
      <span id="plays" class="plays ${none ? 'none' : ''}">${this.playsLeftText()}</span>
      <progress aria-label=${t(this.locale, 'audio:progress')} max=${this.duration || 1} .value=${this.position}></progress>
      <span class="time" aria-hidden="true">${clock(this.position)} / ${clock(this.duration)}</span>
      <span class="sr-only" role="status">${this.message}</span>
      <audio
        preload="none"
        @loadedmetadata=${() => (this.duration = this.audio.duration)}
        @timeupdate=${() => (this.position = this.audio.currentTime)}
        @ended=${this.ended}
        @error=${this.failed}
      ></audio>
    </div>`;
  }
}
