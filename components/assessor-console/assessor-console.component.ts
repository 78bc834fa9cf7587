import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import { LEVELS, ORAL_CRITERIA as CRITERIA } from '../../server/domain/cefr.js';
import { oralLevel, type CriteriaLevels, type Level } from '../../server/domain/oral/grading.js';
import { controlStyles } from '../shared/controls.styles.js';
import { styles } from './assessor-console.styles.js';
// The shape the server answers with (type-only: nothing of the server reaches the bundle).
import type { GuidePart } from '../../server/domain/oral/guide.js';

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
  upcoming: Interview[];
}

declare global {
  interface HTMLElementEventMap {
    'cadre-assessment-saved': CustomEvent<{ bookingId: string; assessment: Assessment }>;
  }
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The assessor's console: the day's agenda; for the chosen interview the candidate's name, the
 * identity photos of the written part, the video room link, the three-part interview guide with
 * example prompts per level, and the grading form (five criteria A1–C2, comments, the resulting
 * oral level); "no-show" and "technical incident" let the candidate book again.
 *
 * @summary The assessor's console: the day's interviews, the interview guide and the grading form.
 * @tagname cadre-assessor-console
 * @fires cadre-assessment-saved - detail: { bookingId, assessment }
 * @csspart agenda - the list of the day's interviews
 * @csspart interview - the chosen interview
 * @cssprop --cadre-accent - colour of buttons and of the chosen interview
 */
export class CadreAssessorConsole extends CadreElement {
  static override styles = [controlStyles, styles];

  /** Base address of the staff API. */
  @property() endpoint = '/api/staff';
  /** One interview only (the oral room's page): its grading, without the agenda and the guide the room shows. */
  @property() interview = '';

  @state() private agenda: Agenda | undefined;
  @state() private current: Interview | undefined;
  @state() private guide: GuidePart[] = [];
  /** The language of the guide's prompts (the test's). */
  @state() private guideLanguage = '';
  @state() private promptLevel: Level = 'B1';
  @state() private criteria: Partial<CriteriaLevels> = {};
  @state() private comments = '';
  @state() private message = '';
  @state() private alert = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadAgenda().then(() => (this.interview ? this.open({ id: this.interview }) : undefined));
  }

  private get api() {
    return this.client(this.endpoint);
  }

  private async loadAgenda(date?: string): Promise<void> {
    let agenda: Agenda;
    try {
      agenda = await this.api.get<Agenda>('/agenda', { date });
    } catch (error) {
      this.alert = this.errorText(error);
      return;
    }
    this.agenda = agenda;
    if (this.current && !this.interview) this.current = agenda.interviews.find((i) => i.id === this.current!.id);
    else if (this.current) await this.open(this.current, false);
  }

  private async open(interview: Pick<Interview, 'id'>, focus = true): Promise<void> {
    const body = await this.api.get<{ interview: Interview; guide: GuidePart[]; guideLanguage: string }>(`/interviews/${interview.id}`).catch(() => undefined);
    if (!body) return;
    this.current = body.interview;
    this.guide = body.guide;
    this.guideLanguage = body.guideLanguage;
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
      this.alert = this.t('oral:incomplete-grading');
      return;
    }
    const body = outcome === 'graded' ? { outcome, criteria, comments: this.comments } : { outcome, comments: this.comments };
    let answer: { assessment: Assessment };
    try {
      answer = await this.api.put<{ assessment: Assessment }>(`/interviews/${this.current.id}/assessment`, body);
    } catch (error) {
      this.alert = this.errorText(error);
      return;
    }
    this.alert = '';
    this.message = outcome === 'graded' ? this.t('oral:saved', { level: answer.assessment.level ?? '' }) : this.t('oral:outcome-recorded');
    this.emit('cadre-assessment-saved', { bookingId: this.current.id, assessment: answer.assessment });
    await this.loadAgenda(this.agenda?.date);
  }

  private time(iso: string): string {
    return new Intl.DateTimeFormat(this.intlLocale, { timeZone: this.agenda?.timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  }

  private day(iso: string): string {
    return new Intl.DateTimeFormat(this.intlLocale, { timeZone: this.agenda?.timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(iso));
  }

  /** The interviews booked after today, soonest first: the assessor sees what is coming without paging day by day. */
  private renderUpcoming(agenda: Agenda) {
    return html`<section class="upcoming" aria-labelledby="upcoming-title">
      <h2 id="upcoming-title">${this.t('oral:upcoming')}</h2>
      ${
        agenda.upcoming.length === 0
          ? html`<p class="muted">${this.t('oral:no-upcoming')}</p>`
          : html`<ul>
            ${agenda.upcoming.map(
              (i) => html`<li>
                <button aria-current=${this.current?.id === i.id ? 'true' : 'false'} @click=${() => void this.open(i)}>
                  ${this.day(i.startsAt)}, ${this.time(i.startsAt)}–${this.time(i.endsAt)} · ${i.candidateName}
                </button>
              </li>`,
            )}
          </ul>`
      }
    </section>`;
  }

  private renderAgenda(agenda: Agenda) {
    const date = new Intl.DateTimeFormat(this.intlLocale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${agenda.date}T00:00:00Z`));
    return html`<nav part="agenda" aria-labelledby="agenda-title">
      <h2 id="agenda-title">${this.t('oral:agenda', { date })}</h2>
      <div class="nav">
        <button aria-label=${this.t('oral:previous-day')} @click=${() => void this.loadAgenda(addDays(agenda.date, -1))}>←</button>
        <button aria-label=${this.t('oral:next-day')} @click=${() => void this.loadAgenda(addDays(agenda.date, 1))}>→</button>
      </div>
      ${
        agenda.interviews.length === 0
          ? html`<p class="muted">${this.t('oral:no-interview')}</p>`
          : html`<ul>
            ${agenda.interviews.map(
              (i) => html`<li>
                <button aria-current=${this.current?.id === i.id ? 'true' : 'false'} @click=${() => void this.open(i)}>
                  ${this.time(i.startsAt)}–${this.time(i.endsAt)} · ${i.candidateName}
                  ${i.assessment ? html`<span>(${this.t(`oral:outcome-${i.assessment.outcome}`)}${i.assessment.level ? ` ${i.assessment.level}` : ''})</span>` : nothing}
                </button>
              </li>`,
            )}
          </ul>`
      }
      ${this.renderUpcoming(agenda)}
    </nav>`;
  }

  private renderGuide() {
    return html`<section aria-labelledby="guide-title">
      <h3 id="guide-title">${this.t('oral:guide')}</h3>
      <label for="prompt-level">${this.t('oral:prompts-for')}</label>
      <select id="prompt-level" .value=${this.promptLevel} @change=${(e: Event) => (this.promptLevel = (e.target as HTMLSelectElement).value as Level)}>
        ${LEVELS.map((l) => html`<option value=${l} ?selected=${l === this.promptLevel}>${l}</option>`)}
      </select>
      ${this.guide.map(
        (part) => html`<h4>${this.t(`oral:part-${part.id}`)} <span class="muted">(${this.t('oral:minutes', { minutes: part.minutes })})</span></h4>
          <ul lang=${this.guideLanguage || nothing}>
            ${part.prompts[this.promptLevel].map((p) => html`<li>${p}</li>`)}
          </ul>`,
      )}
    </section>`;
  }

  private renderGrading(interview: Interview) {
    const level = this.complete ? oralLevel(this.complete) : undefined;
    const closed = interview.status === 'no-show' || interview.status === 'incident';
    return html`<form aria-labelledby="grading-title" @submit=${(e: Event) => (e.preventDefault(), void this.save('graded'))}>
      <h3 id="grading-title">${this.t('oral:grading')}</h3>
      <fieldset ?disabled=${closed}>
        <legend>${this.t('oral:grading')}</legend>
        <div class="criteria">
          ${CRITERIA.map(
            (c) => html`<label for="criterion-${c}">${this.t(`oral:criterion-${c}`)}</label>
              <select
                id="criterion-${c}"
                name=${c}
                required
                @change=${(e: Event) => (this.criteria = { ...this.criteria, [c]: (e.target as HTMLSelectElement).value as Level })}
              >
                <option value="" ?selected=${!this.criteria[c]}>${this.t('oral:choose')}</option>
                ${LEVELS.map((l) => html`<option value=${l} ?selected=${this.criteria[c] === l}>${l}</option>`)}
              </select>`,
          )}
        </div>
        <label for="comments">${this.t('oral:comments')}</label>
        <textarea id="comments" .value=${this.comments} @input=${(e: Event) => (this.comments = (e.target as HTMLTextAreaElement).value)}></textarea>
        <p>${this.t('oral:level')} : <output class="level" aria-live="polite">${level ?? '—'}</output></p>
        <div class="actions">
          <button type="submit" class="primary">${this.t('oral:save')}</button>
          <button type="button" @click=${() => void this.save('no-show')} ?disabled=${interview.status !== 'booked'}>${this.t('oral:no-show')}</button>
          <button type="button" @click=${() => void this.save('incident')} ?disabled=${interview.status !== 'booked'}>${this.t('oral:incident')}</button>
        </div>
      </fieldset>
    </form>`;
  }

  private renderInterview(interview: Interview, agenda: Agenda) {
    return html`<article part="interview" aria-labelledby="interview-title">
      <h2 id="interview-title" tabindex="-1">${interview.candidateName} · ${this.time(interview.startsAt)}–${this.time(interview.endsAt)}</h2>
      <p>
        ${
          agenda.videoUrl
            ? html`<a href=${agenda.videoUrl} target="_blank" rel="noopener noreferrer">${this.t('oral:open-video')}</a>`
            : this.interview
              ? nothing
              : html`<a href="/staff/oral-room/${encodeURIComponent(interview.id)}">${this.t('oral-room:open-room')}</a>`
        }
      </p>
      <section class="photos" aria-labelledby="photos-title">
        <h3 id="photos-title">${this.t('oral:identity')}</h3>
        ${
          interview.identityPhotos?.length
            ? html`<div class="photo-row">
              ${interview.identityPhotos.map((p) => html`<img src=${p.url} alt=${this.t(`oral:identity-${p.kind}`)} width="160" />`)}
            </div>`
            : html`<p class="muted">${this.t('oral:identity-pending')}</p>`
        }
      </section>
      ${this.interview ? nothing : this.renderGuide()} ${this.renderGrading(interview)}
    </article>`;
  }

  override render() {
    const agenda = this.agenda;
    return html`${this.interview ? nothing : html`<h1>${this.t('oral:console-title')}</h1>`}
      <p role="alert">${this.alert}</p>
      <p role="status">${this.message}</p>
      ${
        agenda && this.interview
          ? this.current
            ? this.renderInterview(this.current, agenda)
            : nothing
          : agenda
            ? html`<div class="layout">
            ${this.renderAgenda(agenda)}
            <div>${this.current ? this.renderInterview(this.current, agenda) : html`<p class="muted">${this.t('oral:select-interview')}</p>`}</div>
          </div>`
            : nothing
      }`;
  }
}
