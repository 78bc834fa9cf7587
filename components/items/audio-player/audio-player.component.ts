import { html, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { CadreElement } from '../../shared/cadre-element.js';
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

/** How long a play request waits for the page to hand in a URL. */
const URL_WAIT_MS = 15_000;

const clock = (s: number): string => (Number.isFinite(s) ? `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}` : '0:00');

/**
 * A listening extract played at most `plays-left` more times: a play button, no seek bar, no pause.
 * Each press fires cadre-audio-play-request, then plays the URL from `source` (a callback) if given, else
 * `src` if set, else waits for the page to set `src` (e.g. a one-time URL from the server, which counts the
 * play) or to refuse by setting `plays-left` to 0. The server is the judge: the page sets `plays-left` from
 * its count; without it the player counts down by itself.
 *
 * @summary A listening extract with a limited number of plays, no seek bar and no pause.
 * @tagname cadre-audio-player
 * @fires cadre-audio-play-request - detail: { playsLeft }, bubbling, composed, cancelable; fired on each press of play
 * @csspart player - the box around the controls
 * @csspart play - the play button
 * @cssprop --cadre-accent - colour of the play button
 */
export class CadreAudioPlayer extends CadreElement {
  static override styles = styles;

  /** Audio URL used when no `source` callback is given. */
  @property() src = '';
  /** Gives the URL to play, once per play (called after the play-request event). */
  @property({ attribute: false }) source: (() => Promise<string>) | undefined;
  /** Plays still allowed; 0 disables the button. Lowered by one when a play starts. */
  @property({ type: Number, attribute: 'plays-left' }) playsLeft = 2;
  /** Each URL plays once (one-time URLs from the server): src is cleared when a play starts, and the next play waits for a new one. */
  @property({ type: Boolean, attribute: 'one-time-src' }) oneTimeSrc = false;

  @state() private status: 'idle' | 'loading' | 'playing' = 'idle';
  @state() private position = 0;
  @state() private duration = 0;
  @state() private message = '';
  @query('audio') private audio!: HTMLAudioElement;
  /** plays-left when the pending play was requested (to tell whether the page has counted it already). */
  private requestedWith: number | null = null;
  private waitTimer: ReturnType<typeof setTimeout> | undefined;

  private async play(): Promise<void> {
    if (this.playsLeft <= 0 || this.status !== 'idle') return;
    if (!this.emit('cadre-audio-play-request', { playsLeft: this.playsLeft }, { cancelable: true })) return;
    this.status = 'loading';
    this.message = '';
    this.position = 0;
    this.requestedWith = this.playsLeft;
    if (this.source) {
      try {
        await this.start(await this.source());
      } catch {
        this.fail();
      }
    } else if (this.src) {
      await this.start(this.src);
    } else {
      // Wait for the page to hand in a URL (src) for this play, or to refuse it (plays-left 0).
      this.waitTimer = setTimeout(() => this.status === 'loading' && this.fail(), URL_WAIT_MS);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.status !== 'loading' || this.source) return;
    if (changed.has('src') && this.src) void this.start(this.src);
    else if (changed.has('playsLeft') && this.playsLeft <= 0) {
      clearTimeout(this.waitTimer);
      this.status = 'idle';
      this.message = this.t('audio:no-plays-left');
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.waitTimer);
    this.audio?.pause();
  }

  private async start(url: string): Promise<void> {
    clearTimeout(this.waitTimer);
    const before = this.requestedWith;
    this.requestedWith = null;
    if (this.oneTimeSrc) this.src = '';
    try {
      this.audio.src = url;
      await this.audio.play();
      // The page may already have set plays-left from the server's count; if not, count this play here.
      if (before !== null && this.playsLeft === before) this.playsLeft = Math.max(0, this.playsLeft - 1);
      this.status = 'playing';
      this.message = this.t('audio:playing');
    } catch {
      this.fail();
    }
  }

  private fail(): void {
    this.status = 'idle';
    this.message = this.t('audio:error');
  }

  private ended(): void {
    this.status = 'idle';
    this.position = this.duration;
    this.message = this.t('audio:ended');
  }

  /** A failure while playing (a failure while loading is handled by start()). */
  private failed(): void {
    if (this.status === 'playing') this.fail();
  }

  private playsLeftText(): string {
    if (this.playsLeft <= 0) return this.t('audio:no-plays-left');
    return this.playsLeft === 1 ? this.t('audio:plays-left-one') : this.t('audio:plays-left-many', { n: this.playsLeft });
  }

  override render() {
    const none = this.playsLeft <= 0;
    const label = none
      ? this.t('audio:no-plays-left')
      : this.status === 'playing'
        ? this.t('audio:playing')
        : this.status === 'loading'
          ? this.t('audio:loading')
          : this.t('audio:play');
    return html`<div part="player" class="player" role="group" aria-label=${this.t('audio:label')}>
      <button part="play" class="play" ?disabled=${none || this.status !== 'idle'} aria-describedby="plays" @click=${this.play}>
        <span class="icon" aria-hidden="true">${this.status === 'playing' ? '♪' : '▶'}</span>${label}
      </button>
      <span id="plays" class="plays ${none ? 'none' : ''}">${this.playsLeftText()}</span>
      <progress aria-label=${this.t('audio:progress')} max=${this.duration || 1} .value=${this.position}></progress>
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
