import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { t, localeOf } from '../i18n.js';
import { styles } from './candidate-home.styles.js';

/** GET /api/candidate/home: what the candidate's course page shows. */
export interface CandidateHome {
  activity: { title: string | null; targetLevel: string | null; oralRequired: boolean; availableFrom: string | null; availableUntil: string | null };
  written: { state: 'not-started' | 'in-progress' | 'done'; answered: number; total: number };
  oral: { state: 'not-required' | 'after-written' | 'to-book' | 'booked' | 'centre-books'; at?: string };
  results: { state: 'pending' | 'released' };
  /** The personal-details form, required before the written test. */
  personalDetails: { state: 'missing' | 'complete' };
  /** False outside the availability window (a sitting under way may still be finished). */
  open: boolean;
}

/**
 * The candidate's certification home inside the LMS page: where the written part, the oral and
 * the results stand, and the button that opens the exam — in a new top-level window when the page
 * is embedded in the LMS (camera, fullscreen and cookies work there).
 *
 * @csspart start - the button that opens the exam
 * @event cadre-exam-open - detail: { url, newWindow }, when the exam is opened
 */
export class CadreCandidateHome extends LitElement {
  static override styles = styles;

  @property() api = '/api/candidate/home';
  /** Where the exam opens (the LTI layer gives a URL that carries the launch session). */
  @property({ attribute: 'exam-url' }) examUrl = '/lti/exam';
  @state() private home: CandidateHome | undefined;
  @state() private failed = false;
  /** The waiting room of the candidate's booked oral interview (GET /api/oral/room), when it is held in Cadre. */
  @state() private room: { startsAt: string; mode: 'built-in' | 'external'; availability: 'not-yet' | 'open' | 'closed' } | null = null;
  @state() private detailsOpen = false;

  private get locale(): string {
    return localeOf(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const res = await fetch(this.api, { credentials: 'same-origin', headers: { accept: 'application/json', 'accept-language': this.locale } });
      if (!res.ok) throw new Error(String(res.status));
      this.home = (await res.json()) as CandidateHome;
      this.failed = false;
      if (this.home.written.state === 'done' && this.home.activity.oralRequired) void this.loadRoom();
    } catch {
      this.failed = true;
    }
  }

  /** The launch session's query (?s=…) the page was given, carried on to the oral room. */
  private get sessionQuery(): string {
    const at = this.api.indexOf('?');
    return at < 0 ? '' : this.api.slice(at);
  }

  private async loadRoom(): Promise<void> {
    const res = await fetch(`/api/oral/room${this.sessionQuery}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (res.ok) this.room = ((await res.json()) as { room: CadreCandidateHome['room'] }).room;
  }

  private openExam(): void {
    const url = this.examUrl;
    const newWindow = window.top !== window.self;
    this.dispatchEvent(new CustomEvent('cadre-exam-open', { detail: { url, newWindow }, bubbles: true, composed: true }));
    if (newWindow) window.open(url, '_blank');
    else window.location.assign(url);
  }

  /** The personal-details API, with the same launch session as the home's (the `?s=` of an LMS frame). */
  private get detailsApi(): string {
    return this.api.replace('/api/candidate/home', '/api/candidate/personal-details');
  }

  private date(iso: string): string {
    return new Date(iso).toLocaleString(this.locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'full', timeStyle: 'short' });
  }

  override render() {
    const l = this.locale;
    if (this.failed) return html`<p role="alert">${t(l, 'home:load-failed')}</p>`;
    const h = this.home;
    if (!h) return html`<p role="status">${t(l, 'exam:loading')}</p>`;
    const canStart = h.written.state !== 'done' && (h.open || h.written.state === 'in-progress');
    return html`
      ${h.activity.title ? html`<h2>${h.activity.title}</h2>` : nothing}
      ${h.activity.targetLevel ? html`<p>${t(l, 'home:target', { level: h.activity.targetLevel })}</p>` : nothing}
      <ol>
        <li>
          <span>${t(l, 'home:details')}</span>
          <span class="state">${t(l, `home:details-${h.personalDetails.state}`)}</span>
          <button type="button" class="link" aria-expanded=${this.detailsOpen ? 'true' : 'false'} aria-controls="details" @click=${() => (this.detailsOpen = !this.detailsOpen)}>
            ${t(l, this.detailsOpen ? 'home:details-hide' : h.personalDetails.state === 'missing' ? 'home:details-open' : 'home:details-view')}
          </button>
        </li>
        <li>
          <span>${t(l, 'home:written')}</span>
          <span class="state">${t(l, `home:written-${h.written.state}`, { answered: h.written.answered, total: h.written.total })}</span>
        </li>
        <li>
          <span>${t(l, 'home:oral')}</span>
          <span class="state">${h.oral.at || this.room ? t(l, 'home:oral-booked', { at: this.date(h.oral.at ?? this.room!.startsAt) }) : t(l, `home:oral-${h.oral.state}`)}</span>
          ${this.room?.mode === 'built-in' && this.room.availability !== 'closed'
            ? html`<span class="room">
                <a href="/oral/room${this.sessionQuery}" target=${window.top !== window.self ? '_blank' : '_self'}>${t(l, 'oral-room:join')}</a>
                <span class="hint">${t(l, 'oral-room:join-hint')}</span>
              </span>`
            : nothing}
        </li>
        <li>
          <span>${t(l, 'home:results')}</span>
          <span class="state">${t(l, `home:results-${h.results.state}`)}</span>
        </li>
      </ol>
      <div id="details">${this.detailsOpen ? html`<cadre-personal-details lang=${l} api=${this.detailsApi} @cadre-personal-details-saved=${() => void this.load()}></cadre-personal-details>` : nothing}</div>
      ${h.written.state === 'done'
        ? nothing
        : html`<p>
              <button part="start" type="button" ?disabled=${!canStart} @click=${() => this.openExam()}>
                ${t(l, h.written.state === 'in-progress' ? 'home:resume' : 'home:start')}
              </button>
            </p>
            ${canStart ? html`<p class="hint">${t(l, 'home:new-window')}</p>` : html`<p class="hint">${h.activity.availableFrom && !h.open ? t(l, 'home:opens', { at: this.date(h.activity.availableFrom) }) : t(l, 'home:closed')}</p>`}`}
      <section class="demo" aria-labelledby="demo-title">
        <h3 id="demo-title">${t(l, 'home:demo-title')}</h3>
        <p>${t(l, 'home:demo-text')}</p>
        <p><a part="demo" href="/demo-test?lang=${l === 'en' ? 'en' : 'fr'}">${t(l, 'home:demo-link')}</a></p>
      </section>
    `;
  }
}
