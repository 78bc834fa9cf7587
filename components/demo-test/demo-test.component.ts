import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
// The shapes the server answers with (type-only: nothing of the server reaches the bundle).
import type { DemoCheck, DemoItemView } from '../../server/domain/demo/demo-test.js';
import { timerPhase } from '../exam/exam.component.js';
import { ApiError } from '../api/client.js';
import { CadreElement } from '../shared/cadre-element.js';
import { itemRendererTag } from '../items/registry.js';
import { controlStyles } from '../shared/controls.styles.js';
import { styles } from './demo-test.styles.js';

type Phase = 'loading' | 'intro' | 'item' | 'feedback' | 'done' | 'error';
type ItemEl = HTMLElement & { view?: unknown; instruction?: string; audioSource?: () => Promise<string>; value?: unknown };

/**
 * The mini demo test of the candidate guide: the seven item types, one each, in the exam shell's
 * look (counters, time bar, Confirm) with the same item renderers, no proctoring, no grade and
 * nothing stored. After each answer the server says whether it is right (the demo's own items,
 * whose keys may be shown) and why.
 *
 * @summary The mini demo test: one item of each type, with the right answer after each.
 * @tagname cadre-demo-test
 * @csspart timer - the time bar track (data-phase="green|yellow|red")
 * @csspart timer-fill - the part of the bar that shrinks
 * @cssprop --cadre-accent - colour of buttons
 */
export class CadreDemoTest extends CadreElement {
  static override styles = [controlStyles, styles];

  /** Base address of the demo test API. */
  @property() api = '/api/demo-test';
  /** Language of the items' text (English for the demo course). */
  @property({ attribute: 'content-lang' }) contentLang = 'en';

  @state() private items: DemoItemView[] = [];
  @state() private index = 0;
  @state() private phase: Phase = 'loading';
  @state() private complete = false;
  @state() private busy = false;
  @state() private remainingMs = 0;
  @state() private result: (DemoCheck & { timedOut: boolean }) | undefined;
  @state() private message = '';

  private right = 0;
  private response: unknown = null;
  private deadlineAt = 0;
  private ticker: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  private async load(): Promise<void> {
    try {
      this.items = (await this.client(this.api).get<{ items: DemoItemView[] }>('')).items;
      this.index = 0;
      this.right = 0;
      this.phase = 'intro';
    } catch {
      this.phase = 'error';
      this.message = this.t('demo:load-failed');
    }
  }

  private get item(): DemoItemView {
    return this.items[this.index]!;
  }

  private start(index: number): void {
    this.index = index;
    this.phase = 'item';
    this.result = undefined;
    this.response = null;
    this.complete = false;
    this.remainingMs = this.item.timeLimitMs;
    this.deadlineAt = performance.now() + this.item.timeLimitMs;
    clearInterval(this.ticker);
    this.ticker = setInterval(() => this.tick(), 200);
    void this.updateComplete.then(() => this.mountItem());
  }

  private mountItem(): void {
    const item = this.item;
    const slot = this.renderRoot.querySelector('#item') as HTMLElement | null;
    if (!slot) return;
    // The same renderer registry as the exam: an installed third-party type shows here too.
    const el = document.createElement(itemRendererTag(item.type) ?? `cadre-item-${item.type}`) as ItemEl;
    el.view = item.view;
    el.lang = this.locale;
    el.setAttribute('content-lang', this.contentLang);
    const own = item.instruction?.[this.locale];
    if (own) el.instruction = own;
    // Every play fetches the extract again (the player counts the two plays, as in the test).
    let plays = 0;
    if (item.audio) el.audioSource = async () => `${this.api}/audio/${encodeURIComponent(item.id)}?play=${++plays}`;
    el.addEventListener('cadre-answer-change', (e) => {
      const detail = (e as CustomEvent<{ response: unknown; complete: boolean }>).detail;
      this.response = detail.response;
      this.complete = detail.complete;
    });
    slot.replaceChildren(el);
    slot.focus();
  }

  private tick(): void {
    this.remainingMs = Math.max(0, this.deadlineAt - performance.now());
    if (this.remainingMs === 0 && this.phase === 'item' && !this.busy) void this.check(true);
  }

  /** Asks the server whether the answer is right; at time-up the answer as it stands is checked. */
  private async check(timedOut = false): Promise<void> {
    if (this.busy) return;
    clearInterval(this.ticker);
    this.busy = true;
    try {
      const el = this.renderRoot.querySelector('#item > *') as ItemEl | null;
      const response = timedOut ? (el?.value ?? null) : this.response;
      const data = await this.client(this.api).post<DemoCheck>(`/items/${encodeURIComponent(this.item.id)}/check`, { response }, { lang: this.locale });
      if (data.correct) this.right += 1;
      this.result = { ...data, timedOut };
      this.phase = 'feedback';
      await this.updateComplete;
      (this.renderRoot.querySelector('.feedback') as HTMLElement | null)?.focus();
    } catch (error) {
      this.phase = 'error';
      // The server's reason when it gave one; anything else reads as a network failure.
      this.message = error instanceof ApiError && error.status > 0 && error.id !== 'error:internal' ? error.message : this.t('exam:network-error');
    } finally {
      this.busy = false;
    }
  }

  private next(): void {
    if (this.index + 1 < this.items.length) this.start(this.index + 1);
    else this.phase = 'done';
  }

  private header() {
    return html`<header>
      <div class="counters">
        <span>${this.t('demo:question', { n: this.index + 1, count: this.items.length })} — <span class="badge">${this.t(`demo:type:${this.item.type}`)}</span></span>
      </div>
    </header>`;
  }

  private timer() {
    const limit = this.item.timeLimitMs;
    const seconds = Math.ceil(this.remainingMs / 1000);
    const width = limit > 0 ? (100 * this.remainingMs) / limit : 0;
    return html`<div
      part="timer"
      data-phase=${timerPhase(this.remainingMs, limit)}
      role="progressbar"
      aria-label=${this.t('exam:time-left')}
      aria-valuemin="0"
      aria-valuemax=${Math.round(limit / 1000)}
      aria-valuenow=${seconds}
      aria-valuetext=${this.t('exam:seconds-left', { n: seconds })}
    >
      <div part="timer-fill" style="width: ${width.toFixed(1)}%"></div>
    </div>`;
  }

  private feedback() {
    const l = this.locale;
    const r = this.result!;
    const verdict = r.correct ? this.t('demo:right') : r.points > 0 ? this.t('demo:partial', { points: r.points, max: r.maxPoints }) : this.t('demo:wrong');
    const last = this.index + 1 === this.items.length;
    return html`<div class="feedback ${r.correct ? 'right' : 'wrong'}" role="status" tabindex="-1">
        ${r.timedOut ? html`<p>${this.t('demo:time-up')}</p>` : nothing}
        <strong>${verdict}</strong>
        <p>${r.explanation[l]}</p>
      </div>
      <div class="actions"><button type="button" class="primary" @click=${() => this.next()}>${this.t(last ? 'demo:finish' : 'demo:next')}</button></div>`;
  }

  override render() {
    switch (this.phase) {
      case 'loading':
        return html`<p role="status">${this.t('exam:loading')}</p>`;
      case 'error':
        return html`<div class="panel">
          <p role="alert">${this.message}</p>
          <button type="button" class="primary" @click=${() => this.load()}>${this.t('exam:retry')}</button>
        </div>`;
      case 'intro':
        return html`<div class="panel">
          <h1>${this.t('demo:title')}</h1>
          <p>${this.t('demo:intro')}</p>
          <p>${this.t('demo:intro-sound')}</p>
          <div class="actions"><button type="button" class="primary" @click=${() => this.start(0)}>${this.t('demo:start')}</button></div>
        </div>`;
      case 'done':
        return html`<div class="panel">
          <h1>${this.t('demo:done-title')}</h1>
          <p role="status">${this.t('demo:done-text', { right: this.right, count: this.items.length })}</p>
          <div class="actions"><button type="button" class="primary" @click=${() => this.load()}>${this.t('demo:again')}</button></div>
        </div>`;
      case 'item':
      case 'feedback':
        return html`<h1 class="visually-hidden">${this.t('demo:title')}</h1>
          ${this.header()} ${this.timer()}
          <div
            id="item"
            role="group"
            tabindex="-1"
            aria-label=${this.t('demo:question', { n: this.index + 1, count: this.items.length })}
            aria-disabled=${this.phase === 'feedback' ? 'true' : 'false'}
            ?inert=${this.phase === 'feedback'}
          ></div>
          ${
            this.phase === 'feedback'
              ? this.feedback()
              : html`<div class="actions">
                <button type="button" class="primary" @click=${() => this.check()} ?disabled=${this.busy || !this.complete}>${this.t('exam:validate')}</button>
              </div>`
          }`;
    }
  }
}
