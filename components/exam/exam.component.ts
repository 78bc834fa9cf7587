import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { itemRendererTag } from '../items/registry.js';
import { CadreElement } from '../shared/cadre-element.js';
import { ApiError } from '../api/client.js';
import { ExamApi, type SittingView } from './exam-api.js';
import { styles } from './exam.styles.js';

/** Pause before the next item when time ran out, as the candidate guide says. */
const PAUSE_MS = 3_000;
const DRAFT_DEBOUNCE_MS = 400;

type Phase = 'loading' | 'step' | 'section-intro' | 'item' | 'pause' | 'done' | 'error';

declare global {
  interface HTMLElementEventMap {
    'cadre-exam-step': CustomEvent<{ step: SittingView['step'] }>;
    'cadre-written-done': CustomEvent<null>;
  }
}

/** Time bar colour: green for the first half, yellow, then red for the last fifth. */
export function timerPhase(remainingMs: number, limitMs: number): 'green' | 'yellow' | 'red' {
  const share = limitMs > 0 ? remainingMs / limitMs : 0;
  return share > 0.5 ? 'green' : share > 0.2 ? 'yellow' : 'red';
}

/**
 * The exam shell: section and item counters, the time bar, the refresh button, the item renderer
 * (the element registered for the item's type, components/items/registry.ts), the 3-second pause after a time-up and the section instructions. The
 * server's deadline is the truth: the bar counts down from the remaining time the server gives,
 * and at zero the answer as it stands is submitted.
 *
 * @summary The written exam: pre-test steps, items one by one against the server's clock.
 * @tagname cadre-exam
 * @csspart timer - the time bar track (data-phase="green|yellow|red")
 * @csspart timer-fill - the part of the bar that shrinks
 * @csspart countdown - the time left in figures (m:ss) beside the bar
 * @cssprop --cadre-timer-green - colour of the bar during the first half
 * @cssprop --cadre-timer-yellow - colour of the bar after half the time
 * @cssprop --cadre-timer-red - colour of the bar at the end
 * @fires cadre-exam-step - detail: { step }, when the sitting reaches a new step
 * @fires cadre-written-done - when the last item is answered
 * @cssprop --cadre-accent - colour of the buttons
 */
export class CadreExam extends CadreElement {
  static override styles = styles;

  /** Base address of the sitting API. */
  @property() api = '/api/sitting';
  /** The candidate's personal-details API: its form comes before the pre-test steps. */
  @property({ attribute: 'details-api' }) detailsApi = '/api/candidate/personal-details';
  /** The oral booking page, when the certification has an oral: the end of the written test links to it. */
  @property({ attribute: 'booking-url' }) bookingUrl = '';

  @state() private view: SittingView | undefined;
  @state() private phase: Phase = 'loading';
  @state() private message = '';
  @state() private remainingMs = 0;
  @state() private complete = false;
  @state() private busy = false;
  /** The personal-details form was saved on this page. */
  @state() private detailsConfirmed = false;
  private detailsStored = false;

  private sitting!: ExamApi;
  private response: unknown = null;
  private deadlineAt = 0;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSection = -1;

  override connectedCallback(): void {
    super.connectedCallback();
    this.sitting = new ExamApi(this.client(this.api));
    void this.loadDetailsState().then(() => this.refresh());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimers();
  }

  private stopTimers(): void {
    clearInterval(this.ticker);
    clearTimeout(this.draftTimer);
    clearTimeout(this.pauseTimer);
  }

  /** Whether the candidate's personal details are stored already (else the form comes first; the home page shows it too). */
  private async loadDetailsState(): Promise<void> {
    try {
      const { details } = await this.client(this.detailsApi).get<{ details: unknown }>('');
      this.detailsStored = details !== null;
    } catch {
      this.detailsStored = false;
    }
  }

  /** Reloads the state from the server (also the guide's remedy for a frozen screen). */
  async refresh(): Promise<void> {
    await this.run(() => this.sitting.state());
  }

  private async run(call: () => Promise<SittingView>): Promise<void> {
    this.busy = true;
    try {
      this.show(await call());
    } catch (error) {
      this.phase = 'error';
      this.message = this.failure(error);
    } finally {
      this.busy = false;
    }
  }

  private show(view: SittingView): void {
    const previous = this.view;
    this.view = view;
    this.stopTimers();
    if (previous?.step !== view.step) this.emit('cadre-exam-step', { step: view.step });
    if (view.step === 'written-done') {
      this.phase = 'done';
      this.emit('cadre-written-done');
      return;
    }
    if (view.step !== 'items') {
      this.phase = 'step';
      return;
    }
    if (!view.item) {
      // Between items: section instructions when a new section starts, else straight on.
      if (view.section.index !== this.lastSection) {
        this.phase = 'section-intro';
        return;
      }
      void this.run(() => this.sitting.next());
      return;
    }
    this.lastSection = view.section.index;
    this.phase = 'item';
    this.response = view.item.draft;
    this.complete = false;
    this.remainingMs = view.item.remainingMs;
    this.deadlineAt = performance.now() + view.item.remainingMs;
    this.ticker = setInterval(() => this.tick(), 200);
    void this.updateComplete.then(() => this.mountItem());
  }

  /** The server's message, or the guide's advice when the connection failed. */
  private failure(error: unknown): string {
    return error instanceof ApiError && error.id !== 'error:network' ? error.message : this.t('exam:network-error');
  }

  private mountItem(): void {
    const item = this.view?.item;
    const slot = this.renderRoot.querySelector('#item');
    if (!item || !slot) return;
    const tag = itemRendererTag(item.type);
    if (!tag) {
      // The server serves a type this page has no renderer for: the bundle and the server disagree.
      this.phase = 'error';
      this.message = this.t('exam:unknown-item-type', { type: item.type });
      return;
    }
    const el = document.createElement(tag) as HTMLElement & {
      view?: unknown;
      response?: unknown;
      playsLeft?: number | null;
      complete?: boolean;
      updateComplete?: Promise<unknown>;
    };
    el.view = item.view;
    if (item.draft != null) el.response = item.draft;
    if (item.audioPlaysLeft !== null) el.playsLeft = item.audioPlaysLeft;
    el.lang = this.locale;
    el.addEventListener('cadre-answer-change', (e) => this.onAnswerChange(e as CustomEvent<{ response: unknown; complete: boolean }>));
    el.addEventListener('cadre-audio-play-request', () => void this.onAudioRequest(el));
    slot.replaceChildren(el);
    // Keyboard and screen reader users start on the new item, not on the button they just pressed.
    (slot as HTMLElement).focus();
    // A draft restored after a reload may already be a complete answer: it can be confirmed as is.
    void el.updateComplete?.then(() => {
      if (this.view?.item?.id === item.id) this.complete = el.complete === true;
    });
  }

  private onAnswerChange(e: CustomEvent<{ response: unknown; complete: boolean }>): void {
    this.response = e.detail.response;
    this.complete = e.detail.complete;
    clearTimeout(this.draftTimer);
    const itemId = this.view!.item!.id;
    this.draftTimer = setTimeout(() => void this.sitting.saveDraft(itemId, this.response).catch(() => undefined), DRAFT_DEBOUNCE_MS);
  }

  private async onAudioRequest(el: HTMLElement & { audioUrl?: string; playsLeft?: number | null }): Promise<void> {
    try {
      const { url, playsLeft } = await this.sitting.audio(this.view!.item!.id);
      el.playsLeft = playsLeft;
      el.audioUrl = url;
    } catch (error) {
      el.playsLeft = 0;
      this.message = this.failure(error);
    }
  }

  private tick(): void {
    this.remainingMs = Math.max(0, this.deadlineAt - performance.now());
    if (this.remainingMs === 0 && this.phase === 'item' && !this.busy) void this.submit(true);
  }

  /**
   * Sends the answer. Within a section the reply already carries the next item, shown at once. At
   * time-up the answer as it stands is sent and the next item comes after the guide's 3-second pause.
   */
  private async submit(timeUp = false): Promise<void> {
    const item = this.view?.item;
    if (!item || this.busy) return;
    clearInterval(this.ticker);
    clearTimeout(this.draftTimer);
    this.busy = true;
    try {
      const response = this.response;
      if (timeUp || response == null) {
        const next = await this.sitting.timeUp(item.id, response);
        this.message = this.t('exam:time-up');
        this.view = next;
        this.phase = 'pause';
        this.pauseTimer = setTimeout(() => this.show(next), next.step === 'items' ? PAUSE_MS : 0);
      } else {
        const next = await this.sitting.answer(item.id, response);
        // Said by screen readers (the live region under the item): the answer is in, a new item is up.
        this.message = next.item ? this.t('exam:answer-saved', { n: next.position, count: next.total }) : '';
        this.show(next);
      }
    } catch (error) {
      this.phase = 'error';
      this.message = this.failure(error);
    } finally {
      this.busy = false;
    }
  }

  private startSection(): void {
    this.lastSection = this.view!.section.index;
    void this.run(() => this.sitting.next());
  }

  private header() {
    const v = this.view!;
    return html`<header>
      <div class="counters">
        <span>${this.t('exam:section', { n: v.section.index + 1, count: v.section.count })} — ${this.t(`skill:${v.section.skill}`)}</span>
        ${v.item ? html`<span>${this.t('exam:question', { n: v.position, count: v.total })}</span>` : nothing}
      </div>
      <button type="button" @click=${() => this.refresh()} ?disabled=${this.busy} title=${this.t('exam:refresh-help')}>${this.t('exam:refresh')}</button>
    </header>`;
  }

  private timer() {
    const item = this.view!.item!;
    const phase = timerPhase(this.remainingMs, item.timeLimitMs);
    const seconds = Math.ceil(this.remainingMs / 1000);
    const width = item.timeLimitMs > 0 ? (100 * this.remainingMs) / item.timeLimitMs : 0;
    // The figure beside the bar (m:ss) is for the eyes; screen readers read the progress bar's value text.
    const countdown = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    return html`<div class="timer-row"><div
      part="timer"
      data-phase=${phase}
      role="progressbar"
      aria-label=${this.t('exam:time-left')}
      aria-valuemin="0"
      aria-valuemax=${Math.round(item.timeLimitMs / 1000)}
      aria-valuenow=${seconds}
      aria-valuetext=${this.t('exam:seconds-left', { n: seconds })}
    >
      <div part="timer-fill" style="width: ${width.toFixed(1)}%"></div>
    </div><span part="countdown" data-phase=${phase} aria-hidden="true">${countdown}</span></div>`;
  }

  override render() {
    return html`${this.renderPhase()}${this.monitor()}`;
  }

  /** Monitoring runs from the first item to the last answer of a proctored sitting. */
  private monitor() {
    const v = this.view;
    if (!v || !v.proctored || v.step !== 'items') return nothing;
    return html`<cadre-proctoring-monitor lang=${this.locale} sitting-id=${v.id}></cadre-proctoring-monitor>`;
  }

  override updated(): void {
    const monitor = this.renderRoot.querySelector('cadre-proctoring-monitor') as
      (HTMLElement & { start(): Promise<void>; setListening(on: boolean): void }) | null;
    if (monitor && !monitor.dataset.started) {
      monitor.dataset.started = 'true';
      void monitor.start();
    }
    // Voice detection never runs while the candidate listens to an extract.
    monitor?.setListening(this.phase === 'item' && this.view?.item?.type === 'listening');
  }

  private renderPhase() {
    switch (this.phase) {
      case 'loading':
        return html`<p role="status">${this.t('exam:loading')}</p>`;
      case 'error':
        return html`<div class="panel">
          <p role="alert">${this.message}</p>
          <button type="button" class="primary" @click=${() => this.refresh()}>${this.t('exam:retry')}</button>
        </div>`;
      case 'done':
        return html`<div class="panel">
          <h2>${this.t('exam:done-title')}</h2>
          <p>${this.t(this.bookingUrl ? 'exam:done-text' : 'exam:done-text-no-oral')}</p>
          ${this.bookingUrl ? html`<div class="actions"><a part="book" class="primary button" href=${this.bookingUrl}>${this.t('home:book-oral')}</a></div>` : nothing}
        </div>`;
      case 'step':
        return this.renderStep();
      case 'section-intro':
        return html`${this.header()}
          <div class="panel">
            <h2>${this.t(`skill:${this.view!.section.skill}`)}</h2>
            <p>${this.t(`exam:section-intro:${this.view!.section.skill}`)}</p>
            <div class="actions"><button type="button" class="primary" @click=${() => this.startSection()} ?disabled=${this.busy}>${this.t('exam:start-section')}</button></div>
          </div>`;
      case 'pause':
        return html`${this.header()}
          <p class="pause" role="status">${this.message ? html`${this.message} ` : nothing}${this.t('exam:next-soon')}</p>`;
      case 'item':
        return html`${this.header()} ${this.timer()}
          <div id="item" role="group" tabindex="-1" aria-label=${this.t('exam:question', { n: this.view!.position, count: this.view!.total })}></div>
          <p class="visually-hidden" aria-live="polite">${this.message}</p>
          <div class="actions">
            <button type="button" class="primary" @click=${() => this.submit()} ?disabled=${this.busy || !this.complete}>${this.t('exam:validate')}</button>
          </div>`;
    }
  }

  /** Pre-test steps: consent, equipment check and identity come from the proctoring components. */
  private renderStep() {
    const v = this.view!;
    const done = (step: string, data: unknown = {}) => this.run(() => this.sitting.completeStep(step, data));
    // The candidate guide: personal details are checked and completed first (the server refuses any step before).
    if (!this.detailsConfirmed && !this.detailsStored) {
      return html`<cadre-personal-details lang=${this.locale} in-exam api=${this.detailsApi} @cadre-personal-details-saved=${() => (this.detailsConfirmed = true)}></cadre-personal-details>`;
    }
    switch (v.step) {
      case 'consent':
        return html`<cadre-proctoring-consent lang=${this.locale} sitting-id=${v.id} @cadre-consent-given=${() => done('consent')}></cadre-proctoring-consent>`;
      case 'equipment':
        return html`<cadre-equipment-check
          lang=${this.locale}
          sitting-id=${v.id}
          @cadre-equipment-result=${(e: CustomEvent<{ passed: boolean }>) => (e.detail.passed ? done('equipment', { passed: true }) : undefined)}
        ></cadre-equipment-check>`;
      case 'identity':
        return html`<cadre-identity-check lang=${this.locale} sitting-id=${v.id} @cadre-identity-complete=${() => done('identity')}></cadre-identity-check>`;
      default:
        return html`<div class="panel">
          <h2>${this.t('exam:instructions-title')}</h2>
          <p>${this.t('exam:instructions-text')}</p>
          <div class="actions"><button type="button" class="primary" @click=${() => done('instructions')} ?disabled=${this.busy}>${this.t('exam:begin')}</button></div>
        </div>`;
    }
  }
}
