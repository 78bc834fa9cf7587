import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import { styles } from './instructor-dashboard.styles.js';
// The centre books the oral interview for a candidate with the same component candidates use.
import '../booking/booking.js';
// The shape the server answers with (type-only: nothing of the server reaches the bundle).
// The filter's options are the server's states, in the order of the certification.
import {
  CANDIDATE_STATES as STATES,
  type CandidateState,
  type Dashboard as DashboardData,
  type DashboardRow,
} from '../../server/domain/dashboard/dashboard.js';
// The CEFR vocabulary is plain data with no dependency (server/domain/cefr.ts).
import { SKILLS } from '../../server/domain/cefr.js';

export type { DashboardData, DashboardRow };

declare global {
  interface HTMLElementEventMap {
    'cadre-dashboard-changed': CustomEvent<{ id: string; action: 'reset' | 'accommodation' | 'booking' }>;
  }
}

/**
 * The instructor's view of a certification activity: every learner of the course with where they
 * stand (not started … released), their levels once released, proctoring flags and a link to
 * their result sheet; a filter by state and a CSV export; per candidate, a reset of the attempt
 * (confirmation with a required reason), an accommodation (extra time, proctoring exemption), and
 * the oral interview booked for them by the centre (`cadre-booking` in a dialog).
 *
 * @summary The instructor's view of an activity: where each learner stands, resets, accommodations and booking the oral for a learner.
 * @tagname cadre-instructor-dashboard
 * @fires cadre-dashboard-changed - detail: { id, action: 'reset' | 'accommodation' | 'booking' }, after a change is saved
 * @csspart panel - the bordered box
 * @cssprop --cadre-accent - buttons and links
 * @cssprop --cadre-danger - flags, invalidated state, the reset confirmation
 */
export class CadreInstructorDashboard extends CadreElement {
  static override styles = styles;

  /** The Cadre activity id (the LMS resource link). */
  @property({ attribute: 'activity-id' }) activityId = '';
  /** `s=…` when the LTI session travels in URLs (an LMS frame without cookies), else empty. */
  @property({ attribute: 'session-param' }) sessionParam = '';
  /** Preloaded data (tests, demos); fetched from the API when absent. */
  @property({ attribute: false }) data: DashboardData | undefined;

  @state() private filter: CandidateState | 'all' = 'all';
  @state() private failed = false;
  @state() private dialog: { kind: 'reset' | 'accommodation' | 'booking'; row: DashboardRow; opener: HTMLElement | null } | undefined;
  @state() private error = '';
  @state() private message = '';
  @state() private busy = false;

  @query('dialog') private dialogElement!: HTMLDialogElement | null;

  /** The activity's API, with the session parameter when the session travels in URLs. */
  private get api() {
    return this.client(`/api/activities/${encodeURIComponent(this.activityId)}`, this.sessionParam);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.data) void this.load();
  }

  /** Reloads the dashboard from the server. */
  async load(): Promise<void> {
    try {
      this.data = await this.api.get<DashboardData>('/dashboard');
      this.failed = false;
    } catch {
      this.failed = true;
    }
  }

  private time(iso: string): string {
    return new Intl.DateTimeFormat(this.intlLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  private multiplier(m: number): string {
    return new Intl.NumberFormat(this.intlLocale, { maximumFractionDigits: 2 }).format(m);
  }

  private async open(kind: 'reset' | 'accommodation' | 'booking', row: DashboardRow, e: Event): Promise<void> {
    this.dialog = { kind, row, opener: e.currentTarget as HTMLElement };
    this.error = '';
    await this.updateComplete;
    this.dialogElement?.showModal();
  }

  private close(): void {
    const opener = this.dialog?.opener;
    this.dialogElement?.close();
    this.dialog = undefined;
    this.error = '';
    opener?.focus();
  }

  private async send(method: 'POST' | 'PUT', path: string, body: unknown): Promise<boolean> {
    this.busy = true;
    try {
      await this.api.json(method, path, { body });
      return true;
    } catch (error) {
      this.error = this.errorText(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async submitReset(e: Event): Promise<void> {
    e.preventDefault();
    const row = this.dialog?.row;
    if (!row) return;
    const reason = (this.renderRoot.querySelector('#reset-reason') as HTMLTextAreaElement).value.trim();
    if (!reason) {
      this.error = this.t('dashboard:reason-required');
      (this.renderRoot.querySelector('#reset-reason') as HTMLTextAreaElement).focus();
      return;
    }
    if (!(await this.send('POST', `/candidates/${encodeURIComponent(row.id)}/reset`, { reason }))) return;
    this.done(row, 'reset', this.t('dashboard:reset-done', { name: row.name }));
  }

  private async submitAccommodation(e: Event): Promise<void> {
    e.preventDefault();
    const row = this.dialog?.row;
    if (!row) return;
    const input = this.renderRoot.querySelector('#multiplier') as HTMLInputElement;
    const value = Number(input.value.replace(',', '.'));
    if (!(value >= 1 && value <= 2)) {
      this.error = this.t('dashboard:multiplier-range', { min: 1, max: 2 });
      input.focus();
      return;
    }
    const exemption = (this.renderRoot.querySelector('#exemption') as HTMLTextAreaElement).value.trim();
    const ok = await this.send('PUT', `/candidates/${encodeURIComponent(row.id)}/accommodation`, {
      timeMultiplier: Math.round(value * 100) / 100,
      proctoringExemption: exemption || null,
    });
    if (!ok) return;
    this.done(row, 'accommodation', this.t('dashboard:accommodation-done', { name: row.name }));
  }

  /** The centre books (or moves) the oral interview for a candidate whose written part is done. */
  private canBook(r: DashboardRow): boolean {
    return Boolean(this.data?.activity.oralRequired && r.userId && (r.state === 'written-done' || r.state === 'oral-booked'));
  }

  private done(row: DashboardRow, action: 'reset' | 'accommodation' | 'booking', message: string): void {
    this.close();
    this.message = message;
    this.emit('cadre-dashboard-changed', { id: row.id, action });
    void this.load();
  }

  private renderState(r: DashboardRow) {
    return html`<span class="state ${r.state}">${this.t(`dashboard:state:${r.state}`)}</span>
      ${r.state === 'written-in-progress' ? html`<div class="small">${this.t('dashboard:progress', { answered: r.answered, total: r.total })}</div>` : nothing}
      ${r.oralAt && (r.state === 'oral-booked' || r.state === 'oral-done') ? html`<div class="small">${this.t('dashboard:oral-at', { time: this.time(r.oralAt) })}</div>` : nothing}
      ${r.centreToBook ? html`<div class="small">${this.t('dashboard:centre-to-book')}</div>` : nothing}`;
  }

  private renderLevels(r: DashboardRow) {
    if (!r.levels) return html`<span aria-hidden="true">—</span>`;
    return html`<span class="overall">${this.t('dashboard:overall', { level: r.levels.overall })}</span>
      <ul class="skills">
        ${SKILLS.map((s) => html`<li>${this.t(`dashboard:col:${s}`)} ${r.levels!.written[s]}</li>`)}
        ${r.levels.oral ? html`<li>${this.t('dashboard:col:oral')} ${r.levels.oral}</li>` : nothing}
      </ul>`;
  }

  private renderAccommodation(r: DashboardRow) {
    const a = r.accommodation;
    if (!a) return html`<span class="small">${this.t('dashboard:no-accommodation')}</span>`;
    return html`${a.timeMultiplier !== 1 ? html`<div>${this.t('dashboard:time-multiplier', { value: this.multiplier(a.timeMultiplier) })}</div>` : nothing}
      ${a.proctoringExemption ? html`<div class="small" title=${a.proctoringExemption}>${this.t('dashboard:exempt')}</div>` : nothing}
      ${a.timeMultiplier === 1 && !a.proctoringExemption ? html`<span class="small">${this.t('dashboard:no-accommodation')}</span>` : nothing}`;
  }

  private renderRow(r: DashboardRow) {
    const sheet = r.resultUrl ? `${r.resultUrl}${this.sessionParam ? `?${this.sessionParam}` : ''}` : null;
    return html`<tr>
      <th scope="row">
        <div class="name">${r.name}</div>
        ${r.email ? html`<div class="small">${r.email}</div>` : nothing}
        ${!r.inRoster ? html`<div class="small">${this.t('dashboard:not-in-roster')}</div>` : !r.launched ? html`<div class="small">${this.t('dashboard:never-launched')}</div>` : nothing}
      </th>
      <td>${this.renderState(r)}</td>
      <td>${this.renderLevels(r)}</td>
      <td class=${r.flags > 0 ? 'flags' : ''}>${r.flags}</td>
      <td>${this.renderAccommodation(r)}</td>
      <td class="actions">
        ${sheet ? html`<a href=${sheet} target="_blank" rel="noopener" aria-label=${this.t('dashboard:result-sheet-of', { name: r.name })}>${this.t('dashboard:result-sheet')}</a><br />` : nothing}
        <button type="button" class="secondary" aria-label=${this.t('dashboard:accommodation-of', { name: r.name })} @click=${(e: Event) => this.open('accommodation', r, e)}>${this.t('dashboard:accommodation')}</button>
        ${
          this.canBook(r)
            ? html`<button type="button" class="secondary" aria-label=${this.t(r.state === 'oral-booked' ? 'dashboard:rebook-of' : 'dashboard:book-of', { name: r.name })} @click=${(e: Event) => this.open('booking', r, e)}>
              ${this.t(r.state === 'oral-booked' ? 'dashboard:rebook' : 'dashboard:book')}
            </button>`
            : nothing
        }
        ${r.canReset ? html`<button type="button" class="secondary" aria-label=${this.t('dashboard:reset-of', { name: r.name })} @click=${(e: Event) => this.open('reset', r, e)}>${this.t('dashboard:reset')}</button>` : nothing}
      </td>
    </tr>`;
  }

  private renderDialog() {
    const d = this.dialog;
    if (!d) return nothing;
    const errorLine = html`<p id="dialog-error" class="ko" role="alert">${this.error}</p>`;
    if (d.kind === 'booking') {
      // The booking component talks to the booking API itself; the dashboard refreshes after each change.
      return html`<dialog class="booking" aria-labelledby="dialog-title" @close=${() => this.dialog && this.close()}>
        <div class="dialog-head">
          <h2 id="dialog-title">${this.t('dashboard:booking-title', { name: d.row.name })}</h2>
          <button type="button" class="secondary" @click=${() => this.close()}>${this.t('dashboard:close')}</button>
        </div>
        <cadre-booking
          lang=${this.locale}
          candidate=${d.row.userId!}
          session-param=${this.sessionParam}
          @cadre-booking-change=${() => void this.load()}
          @cadre-booking-done=${() => this.done(d.row, 'booking', this.t('dashboard:booking-done', { name: d.row.name }))}
        ></cadre-booking>
      </dialog>`;
    }
    if (d.kind === 'reset') {
      return html`<dialog aria-labelledby="dialog-title" @close=${() => this.dialog && this.close()}>
        <form novalidate @submit=${(e: Event) => this.submitReset(e)}>
          <h2 id="dialog-title">${this.t('dashboard:reset-title', { name: d.row.name })}</h2>
          <p>${this.t('dashboard:reset-warning')}</p>
          <label for="reset-reason">${this.t('dashboard:reset-reason')}</label>
          <textarea id="reset-reason" required maxlength="2000" aria-describedby="dialog-error"></textarea>
          ${errorLine}
          <div class="dialog-actions">
            <button type="button" class="secondary" @click=${() => this.close()}>${this.t('dashboard:cancel')}</button>
            <button type="submit" class="danger" ?disabled=${this.busy}>${this.t('dashboard:reset-confirm')}</button>
          </div>
        </form>
      </dialog>`;
    }
    const a = d.row.accommodation;
    const fallback = this.data?.activity.defaultTimeMultiplier ?? 1;
    return html`<dialog aria-labelledby="dialog-title" @close=${() => this.dialog && this.close()}>
      <form novalidate @submit=${(e: Event) => this.submitAccommodation(e)}>
        <h2 id="dialog-title">${this.t('dashboard:accommodation-title', { name: d.row.name })}</h2>
        <p class="hint">${this.t('dashboard:accommodation-hint')}</p>
        <label for="multiplier">${this.t('dashboard:multiplier-label')}</label>
        <input id="multiplier" type="number" min="1" max="2" step="0.05" required .value=${String(a?.timeMultiplier ?? fallback)} aria-describedby="multiplier-hint dialog-error" />
        <p id="multiplier-hint" class="hint">${this.t('dashboard:multiplier-hint')} ${this.t('dashboard:activity-default', { value: this.multiplier(fallback) })}</p>
        <label for="exemption">${this.t('dashboard:exemption-label')}</label>
        <textarea id="exemption" maxlength="2000" .value=${a?.proctoringExemption ?? ''}></textarea>
        ${errorLine}
        <div class="dialog-actions">
          <button type="button" class="secondary" @click=${() => this.close()}>${this.t('dashboard:cancel')}</button>
          <button type="submit" ?disabled=${this.busy}>${this.t('dashboard:save')}</button>
        </div>
      </form>
    </dialog>`;
  }

  override render() {
    const d = this.data;
    if (!d) return html`<div part="panel"><p role="status">${this.failed ? this.t('dashboard:load-failed') : this.t('dashboard:loading')}</p></div>`;
    const rows = this.filter === 'all' ? d.candidates : d.candidates.filter((c) => c.state === this.filter);
    const csv = this.api.url('/dashboard.csv', { lang: this.locale });
    return html`<div part="panel">
      <h2>${this.t('dashboard:title')}</h2>
      ${d.roster !== 'ok' ? html`<p class="hint" role="note">${this.t(`dashboard:roster-${d.roster}`)}</p>` : nothing}
      <div class="toolbar">
        <div>
          <label for="state-filter">${this.t('dashboard:filter')}</label>
          <select id="state-filter" @change=${(e: Event) => (this.filter = (e.target as HTMLSelectElement).value as CandidateState | 'all')}>
            <option value="all" ?selected=${this.filter === 'all'}>${this.t('dashboard:filter-all', { count: d.candidates.length })}</option>
            ${STATES.map((s) => html`<option value=${s} ?selected=${this.filter === s}>${this.t('dashboard:filter-state', { state: this.t(`dashboard:state:${s}`), count: d.counts[s] ?? 0 })}</option>`)}
          </select>
        </div>
        <a class="button" href=${csv} download>${this.t('dashboard:download-csv')}</a>
        <a class="button" href=${this.api.url('/personal-details.csv', { lang: this.locale })} download>${this.t('details:download-csv')}</a>
      </div>
      <p role="status" aria-live="polite" class="ok">${this.message}</p>
      ${
        d.candidates.length === 0
          ? html`<p>${this.t('dashboard:empty')}</p>`
          : html`<div class="table-wrap">
            <table>
              <caption class="hint">${this.t('dashboard:summary', { shown: rows.length, total: d.candidates.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">${this.t('dashboard:th-candidate')}</th>
                  <th scope="col">${this.t('dashboard:th-state')}</th>
                  <th scope="col">${this.t('dashboard:th-levels')}</th>
                  <th scope="col">${this.t('dashboard:th-flags')}</th>
                  <th scope="col">${this.t('dashboard:th-accommodation')}</th>
                  <th scope="col">${this.t('dashboard:th-actions')}</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map((r) => this.renderRow(r))}
              </tbody>
            </table>
            ${rows.length === 0 ? html`<p>${this.t('dashboard:empty-filter')}</p>` : nothing}
          </div>`
      }
      ${this.renderDialog()}
    </div>`;
  }
}
