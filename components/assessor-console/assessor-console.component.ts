import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LEVELS, ORAL_CRITERIA as CRITERIA } from '../../server/domain/cefr.js';
import { oralLevel, type CriteriaLevels, type Level } from '../../server/domain/oral/grading.js';
import { t, localeOf } from '../i18n.js';
import { controlStyles } from '../shared/controls.styles.js';
import { styles } from './assessor-console.styles.js';

interface Assessment {
  outcome: 'graded' | 'no-show' | 'incident';
  criteria: CriteriaLevels | null;
  level: Level | null;
  comments: string;
}
interface Interview {
  id: string;
  candidateName: string;
  startsAt: string;
  endsAt: string;
  status: string;
  assessment: Assessment | null;
  identityPhotos?: { kind: 'face' | 'document'; url: string }[];
}
interface Agenda {
  date: string;
  timeZone: string;
  videoUrl: string | null;
  interviews: Interview[];
}
interface GuidePart {
  id: string;
  minutes: string;
  prompts: Record<Level, string[]>;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The assessor's console: the day's agenda; for the chosen interview the candidate's name, the
 * identity photos of the written part, the video room link, the three-part interview guide with
 * example prompts per level, and the grading form (five criteria A1–C2, comments, the resulting
 * oral level); "no-show" and "technical incident" let the candidate book again.
 *
 * @event cadre-assessment-saved - detail: { bookingId, assessment }
 * @csspart agenda - the list of the day's interviews
 * @csspart interview - the chosen interview
 * @cssproperty --cadre-accent - colour of buttons and of the chosen interview
 */
export class CadreAssessorConsole extends LitElement {
  static override styles = [controlStyles, styles];

  /** Base address of the staff API. */
  @property() endpoint = '/api/staff';
  /** One interview only (the oral room's page): its grading, without the agenda and the guide the room shows. */
  @property() interview = '';

  @state() private agenda: Agenda | undefined;
  @state() private current: Interview | undefined;
  @state() private guide: GuidePart[] = [];
  @state() private promptLevel: Level = 'B1';
  @state() private criteria: Partial<CriteriaLevels> = {};
  @state() private comments = '';
  @state() private message = '';
  @state() private alert = '';

  private get locale() {
    return localeOf(this);
  }
  private tr(id: string, params: Record<string, string | number> = {}) {
    return t(this.locale, id, params);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadAgenda().then(() => (this.interview ? this.open({ id: this.interview }) : undefined));
  }

  private async call<T>(path: string, init: RequestInit = {}): Promise<{ ok: boolean; body: T & { error?: { message: string } } }> {
    const res = await fetch(`${this.endpoint}${path}`, { ...init, headers: { accept: 'application/json', 'content-type': 'application/json', 'accept-language': this.locale } });
    return { ok: res.ok, body: (await res.json()) as T & { error?: { message: string } } };
  }

  private async loadAgenda(date?: string): Promise<void> {
    const { ok, body } = await this.call<Agenda>(`/agenda${date ? `?date=${date}` : ''}`);
    if (!ok) {
      this.alert = body.error?.message ?? '';
      return;
    }
    this.agenda = body;
    if (this.current && !this.interview) this.current = body.interviews.find((i) => i.id === this.current!.id);
    else if (this.current) await this.open(this.current, false);
  }

  private async open(interview: Pick<Interview, 'id'>, focus = true): Promise<void> {
    const { ok, body } = await this.call<{ interview: Interview; guide: GuidePart[] }>(`/interviews/${interview.id}`);
    if (!ok) return;
    this.current = body.interview;
    this.guide = body.guide;
    this.criteria = { ...(body.interview.assessment?.criteria ?? {}) };
    this.comments = body.interview.assessment?.comments ?? '';
    if (!focus) return;
    this.message = '';
    this.alert = '';
    await this.updateComplete;
    if (!this.interview) this.renderRoot.querySelector<HTMLElement>('#interview-title')?.focus();
  }

  private get complete(): CriteriaLevels | undefined {
    return CRITERIA.every((c) => this.criteria[c]) ? (this.criteria as CriteriaLevels) : undefined;
  }

  private async save(outcome: Assessment['outcome']): Promise<void> {
    if (!this.current) return;
    const criteria = this.complete;
    if (outcome === 'graded' && !criteria) {
      this.alert = this.tr('oral:incomplete-grading');
      return;
    }
    const body = outcome === 'graded' ? { outcome, criteria, comments: this.comments } : { outcome, comments: this.comments };
    const { ok, body: answer } = await this.call<{ assessment: Assessment }>(`/interviews/${this.current.id}/assessment`, { method: 'PUT', body: JSON.stringify(body) });
    if (!ok) {
      this.alert = answer.error?.message ?? '';
      return;
    }
    this.alert = '';
    this.message = outcome === 'graded' ? this.tr('oral:saved', { level: answer.assessment.level ?? '' }) : this.tr('oral:outcome-recorded');
    this.dispatchEvent(new CustomEvent('cadre-assessment-saved', { detail: { bookingId: this.current.id, assessment: answer.assessment }, bubbles: true, composed: true }));
    await this.loadAgenda(this.agenda?.date);
  }

  private time(iso: string): string {
    return new Intl.DateTimeFormat(this.locale === 'en' ? 'en-GB' : 'fr-FR', { timeZone: this.agenda?.timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  }

  private renderAgenda(agenda: Agenda) {
    const date = new Intl.DateTimeFormat(this.locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${agenda.date}T00:00:00Z`));
    return html`<nav part="agenda" aria-labelledby="agenda-title">
      <h2 id="agenda-title">${this.tr('oral:agenda', { date })}</h2>
      <div class="nav">
        <button aria-label=${this.tr('oral:previous-day')} @click=${() => void this.loadAgenda(addDays(agenda.date, -1))}>←</button>
        <button aria-label=${this.tr('oral:next-day')} @click=${() => void this.loadAgenda(addDays(agenda.date, 1))}>→</button>
      </div>
      ${agenda.interviews.length === 0
        ? html`<p class="muted">${this.tr('oral:no-interview')}</p>`
        : html`<ul>
            ${agenda.interviews.map(
              (i) => html`<li>
                <button aria-current=${this.current?.id === i.id ? 'true' : 'false'} @click=${() => void this.open(i)}>
                  ${this.time(i.startsAt)}–${this.time(i.endsAt)} · ${i.candidateName}
                  ${i.assessment ? html`<span>(${this.tr(`oral:outcome-${i.assessment.outcome}`)}${i.assessment.level ? ` ${i.assessment.level}` : ''})</span>` : nothing}
                </button>
              </li>`,
            )}
          </ul>`}
    </nav>`;
  }

  private renderGuide() {
    return html`<section aria-labelledby="guide-title">
      <h3 id="guide-title">${this.tr('oral:guide')}</h3>
      <label for="prompt-level">${this.tr('oral:prompts-for')}</label>
      <select id="prompt-level" .value=${this.promptLevel} @change=${(e: Event) => (this.promptLevel = (e.target as HTMLSelectElement).value as Level)}>
        ${LEVELS.map((l) => html`<option value=${l} ?selected=${l === this.promptLevel}>${l}</option>`)}
      </select>
      ${this.guide.map(
        (part) => html`<h4>${this.tr(`oral:part-${part.id}`)} <span class="muted">(${this.tr('oral:minutes', { minutes: part.minutes })})</span></h4>
          <ul>
            ${part.prompts[this.promptLevel].map((p) => html`<li>${p}</li>`)}
          </ul>`,
      )}
    </section>`;
  }

  private renderGrading(interview: Interview) {
    const level = this.complete ? oralLevel(this.complete) : undefined;
    const closed = interview.status === 'no-show' || interview.status === 'incident';
    return html`<form aria-labelledby="grading-title" @submit=${(e: Event) => (e.preventDefault(), void this.save('graded'))}>
      <h3 id="grading-title">${this.tr('oral:grading')}</h3>
      <fieldset ?disabled=${closed}>
        <legend>${this.tr('oral:grading')}</legend>
        <div class="criteria">
          ${CRITERIA.map(
            (c) => html`<label for="criterion-${c}">${this.tr(`oral:criterion-${c}`)}</label>
              <select
                id="criterion-${c}"
                name=${c}
                required
                @change=${(e: Event) => (this.criteria = { ...this.criteria, [c]: (e.target as HTMLSelectElement).value as Level })}
              >
                <option value="" ?selected=${!this.criteria[c]}>${this.tr('oral:choose')}</option>
                ${LEVELS.map((l) => html`<option value=${l} ?selected=${this.criteria[c] === l}>${l}</option>`)}
              </select>`,
          )}
        </div>
        <label for="comments">${this.tr('oral:comments')}</label>
        <textarea id="comments" .value=${this.comments} @input=${(e: Event) => (this.comments = (e.target as HTMLTextAreaElement).value)}></textarea>
        <p>${this.tr('oral:level')} : <output class="level" aria-live="polite">${level ?? '—'}</output></p>
        <div class="actions">
          <button type="submit" class="primary">${this.tr('oral:save')}</button>
          <button type="button" @click=${() => void this.save('no-show')} ?disabled=${interview.status !== 'booked'}>${this.tr('oral:no-show')}</button>
          <button type="button" @click=${() => void this.save('incident')} ?disabled=${interview.status !== 'booked'}>${this.tr('oral:incident')}</button>
        </div>
      </fieldset>
    </form>`;
  }

  private renderInterview(interview: Interview, agenda: Agenda) {
    return html`<article part="interview" aria-labelledby="interview-title">
      <h2 id="interview-title" tabindex="-1">${interview.candidateName} · ${this.time(interview.startsAt)}–${this.time(interview.endsAt)}</h2>
      <p>
        ${agenda.videoUrl
          ? html`<a href=${agenda.videoUrl} target="_blank" rel="noopener noreferrer">${this.tr('oral:open-video')}</a>`
          : this.interview
            ? nothing
            : html`<a href="/staff/oral-room/${encodeURIComponent(interview.id)}">${this.tr('oral-room:open-room')}</a>`}
      </p>
      <section class="photos" aria-labelledby="photos-title">
        <h3 id="photos-title">${this.tr('oral:identity')}</h3>
        ${interview.identityPhotos?.length
          ? html`<div class="photo-row">
              ${interview.identityPhotos.map((p) => html`<img src=${p.url} alt=${this.tr(`oral:identity-${p.kind}`)} width="160" />`)}
            </div>`
          : html`<p class="muted">${this.tr('oral:identity-pending')}</p>`}
      </section>
      ${this.interview ? nothing : this.renderGuide()} ${this.renderGrading(interview)}
    </article>`;
  }

  override render() {
    const agenda = this.agenda;
    return html`${this.interview ? nothing : html`<h1>${this.tr('oral:console-title')}</h1>`}
      <p role="alert">${this.alert}</p>
      <p role="status">${this.message}</p>
      ${agenda && this.interview
        ? this.current
          ? this.renderInterview(this.current, agenda)
          : nothing
        : agenda
        ? html`<div class="layout">
            ${this.renderAgenda(agenda)}
            <div>${this.current ? this.renderInterview(this.current, agenda) : html`<p class="muted">${this.tr('oral:select-interview')}</p>`}</div>
          </div>`
        : nothing}`;
  }
}
