import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import { styles } from './candidate-home.styles.js';

// The shape the server answers with (type-only: nothing of the server reaches the bundle).
import type { CandidateHome } from '../../server/http/sitting-routes.js';

export type { CandidateHome };

declare global {
  interface HTMLElementEventMap {
    'cadre-exam-open': CustomEvent<{ url: string; newWindow: boolean }>;
  }
}

/**
 * The candidate's certification home inside the LMS page: where the written part, the oral and
 * the results stand, and the button that opens the exam — in a new top-level window when the page
 * is embedded in the LMS (camera, fullscreen and cookies work there).
 *
 * @summary The candidate's course page: where the certification stands, and the button to the exam.
 * @tagname cadre-candidate-home
 * @csspart start - the button that opens the exam
 * @csspart book - the link to the oral booking ("Prendre rendez-vous", or "Modifier le rendez-vous" once booked)
 * @csspart result-sheet - the link to the released result sheet
 * @cssprop --cadre-accent - colour of the button
 * @fires cadre-exam-open - detail: { url, newWindow }, when the exam is opened
 */
export class CadreCandidateHome extends CadreElement {
  static override styles = styles;

  /** Address of the candidate's home API (the LTI layer adds the session parameter when it travels in URLs). */
  @property() api = '/api/candidate/home';
  /** Where the exam opens when no hand-off is needed (the session is already a first-party cookie). */
  @property({ attribute: 'exam-url' }) examUrl = '/lti/exam';
  /**
   * Where to ask, on the click, for the exam window's one-time URL (POST; the LTI layer gives it with
   * the launch session): the exam window gets the session from that single-use, short-lived link.
   */
  @property({ attribute: 'exam-handoff' }) examHandoff = '';
  @state() private home: CandidateHome | undefined;
  @state() private failed = false;
  /** The waiting room of the candidate's booked oral interview (GET /api/oral/room), when it is held in Cadre. */
  @state() private room: { startsAt: string; mode: 'built-in' | 'external'; availability: 'not-yet' | 'open' | 'closed' } | null = null;
  @state() private detailsOpen = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.home = await this.client(this.api).get<CandidateHome>('');
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

  /** A page of Cadre, with the launch session the home was given (an LMS frame without cookies). */
  private withSession(path: string): string {
    const session = new URLSearchParams(this.sessionQuery).get('s');
    const query = new URLSearchParams({ lang: this.locale, ...(session ? { s: session } : {}) });
    return `${path}?${query.toString()}`;
  }

  private async loadRoom(): Promise<void> {
    const res = await fetch(`/api/oral/room${this.sessionQuery}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (res.ok) this.room = ((await res.json()) as { room: CadreCandidateHome['room'] }).room;
  }

  private async openExam(): Promise<void> {
    const newWindow = window.top !== window.self;
    // Opened on the click itself, before any await, so that no popup blocker stops it.
    const opened = newWindow ? window.open('', '_blank') : null;
    let url = this.examUrl;
    if (this.examHandoff) {
      try {
        url = (await this.client().post<{ url: string }>(this.examHandoff, {})).url;
      } catch {
        opened?.close();
        this.failed = true;
        return;
      }
    }
    this.emit('cadre-exam-open', { url, newWindow });
    if (opened) opened.location.href = url;
    else if (newWindow) window.open(url, '_blank');
    else window.location.assign(url);
  }

  /** The personal-details API, with the same launch session as the home's (the `?s=` of an LMS frame). */
  private get detailsApi(): string {
    return this.api.replace('/api/candidate/home', '/api/candidate/personal-details');
  }

  private date(iso: string): string {
    return new Date(iso).toLocaleString(this.intlLocale, { dateStyle: 'full', timeStyle: 'short' });
  }

  private renderResults(r: CandidateHome['results']) {
    if (r.state === 'invalidated') return html`<p class="room">${this.t('home:results-invalidated-reason', { reason: r.reason ?? '' })}</p>`;
    if (r.state !== 'released') return nothing;
    return html`<ul class="room links">
      <li><a part="result-sheet" href=${this.withSession(r.sheetUrl)}>${this.t('home:result-sheet')}</a></li>
      <li><a href=${this.withSession(r.pdfUrl)}>${this.t('home:result-pdf')}</a></li>
      ${r.certificateUrl ? html`<li><a href=${r.certificateUrl} target="_blank" rel="noopener">${this.t('home:certificate')}</a></li>` : nothing}
      ${r.certificatePdfUrl ? html`<li><a href=${r.certificatePdfUrl}>${this.t('home:certificate-pdf')}</a></li>` : nothing}
    </ul>`;
  }

  override render() {
    if (this.failed) return html`<p role="alert">${this.t('home:load-failed')}</p>`;
    const h = this.home;
    if (!h) return html`<p role="status">${this.t('exam:loading')}</p>`;
    const canStart = h.written.state !== 'done' && (h.open || h.written.state === 'in-progress');
    return html`
      ${h.activity.title ? html`<h2>${h.activity.title}</h2>` : nothing}
      ${h.activity.targetLevel ? html`<p>${this.t('home:target', { level: h.activity.targetLevel })}</p>` : nothing}
      <ol>
        <li>
          <span>${this.t('home:details')}</span>
          <span class="state">${this.t(`home:details-${h.personalDetails.state}`)}</span>
          <button type="button" class="link" aria-expanded=${this.detailsOpen ? 'true' : 'false'} aria-controls="details" @click=${() => (this.detailsOpen = !this.detailsOpen)}>
            ${this.t(this.detailsOpen ? 'home:details-hide' : h.personalDetails.state === 'missing' ? 'home:details-open' : 'home:details-view')}
          </button>
        </li>
        <li>
          <span>${this.t('home:written')}</span>
          <span class="state">${this.t(`home:written-${h.written.state}`, { answered: h.written.answered, total: h.written.total })}</span>
        </li>
        <li>
          <span>${this.t('home:oral')}</span>
          <span class="state">${h.oral.state !== 'done' && (h.oral.at || this.room) ? this.t('home:oral-booked', { at: this.date(h.oral.at ?? this.room!.startsAt) }) : this.t(`home:oral-${h.oral.state}`)}</span>
          ${
            h.oral.state === 'to-book' || h.oral.state === 'centre-books' || h.oral.state === 'booked'
              ? html`<a part="book" class="button" href=${this.withSession('/oral/booking')}>${this.t(h.oral.state === 'booked' ? 'home:change-oral' : 'home:book-oral')}</a>`
              : nothing
          }
          ${
            this.room?.mode === 'built-in' && this.room.availability !== 'closed'
              ? html`<span class="room">
                <a href="/oral/room${this.sessionQuery}" target=${window.top !== window.self ? '_blank' : '_self'}>${this.t('oral-room:join')}</a>
                <span class="hint">${this.t('oral-room:join-hint')}</span>
              </span>`
              : nothing
          }
        </li>
        <li>
          <span>${this.t('home:results')}</span>
          <span class="state"
            >${h.results.state === 'released' && h.results.overall ? this.t('home:results-released-level', { level: h.results.overall }) : this.t(`home:results-${h.results.state}`)}</span
          >
          ${this.renderResults(h.results)}
        </li>
      </ol>
      ${h.reset ? html`<p role="status" class="notice">${this.t('home:reset', { at: this.date(h.reset.at) })}</p>` : nothing}
      <div id="details">${this.detailsOpen ? html`<cadre-personal-details lang=${this.locale} api=${this.detailsApi} @cadre-personal-details-saved=${() => void this.load()}></cadre-personal-details>` : nothing}</div>
      ${
        h.written.state === 'done'
          ? nothing
          : html`<p>
              <button part="start" type="button" ?disabled=${!canStart} @click=${() => this.openExam()}>
                ${this.t(h.written.state === 'in-progress' ? 'home:resume' : 'home:start')}
              </button>
            </p>
            ${canStart ? html`<p class="hint">${this.t('home:new-window')}</p>` : html`<p class="hint">${h.activity.availableFrom && !h.open ? this.t('home:opens', { at: this.date(h.activity.availableFrom) }) : this.t('home:closed')}</p>`}`
      }
      <section class="demo" aria-labelledby="demo-title">
        <h3 id="demo-title">${this.t('home:demo-title')}</h3>
        <p>${this.t('home:demo-text')}</p>
        <p><a part="demo" href="/demo-test?lang=${this.locale}">${this.t('home:demo-link')}</a></p>
      </section>
    `;
  }
}
