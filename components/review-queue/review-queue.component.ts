import { LitElement, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { t, localeOf } from '../i18n.js';
import { styles } from './review-queue.styles.js';

interface QueueEntry {
  sittingId: string;
  userId: string;
  finishedAt: string | null;
  maxSeverity: string;
  flaggedSeconds: number;
  eventCount: number;
}

interface ReviewEvent {
  id: string;
  type: string;
  severity: string;
  startedAt: string;
  endedAt: string | null;
  flagged: boolean;
  snapshotUrl: string | null;
  details: Record<string, unknown>;
}

interface Review {
  sitting: { sittingId: string; userId: string; cameraExempt: boolean };
  status: string;
  events: ReviewEvent[];
  identityPhotos: { id: string; kind: 'face' | 'document'; url: string }[];
  equipment: { passed: boolean; result: Record<string, { status?: string; latencyMs?: number; downloadMbps?: number }> } | null;
  decision: { decision: string; reason: string | null; automatic: boolean } | null;
}

/**
 * The reviewers' queue: sittings whose proctoring events need a person, the most serious first
 * (severity, then flagged time). Opening one shows its timeline with snapshots, the identity
 * photos and the equipment result, and takes the decision: validated, or invalidated with a
 * reason. Detectors never decide.
 *
 * @event cadre-review-decided - detail: { sittingId, decision }, after a decision is recorded
 * @csspart panel - the bordered box
 * @cssproperty --cadre-danger - colour of high-severity rows
 */
export class CadreReviewQueue extends LitElement {
  static override styles = styles;

  @state() private queue: QueueEntry[] | undefined;
  @state() private review: Review | undefined;
  @state() private decision: 'validated' | 'invalidated' | undefined;
  @state() private reason = '';
  @state() private message: { kind: 'ok' | 'ko'; text: string } | undefined;

  private get locale(): string {
    return localeOf(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Reloads the queue. */
  async load(): Promise<void> {
    const res = await fetch('/api/review/queue', { headers: { accept: 'application/json' } });
    this.queue = res.ok ? ((await res.json()) as { sittings: QueueEntry[] }).sittings : [];
  }

  private async open(sittingId: string): Promise<void> {
    const res = await fetch(`/api/review/sittings/${encodeURIComponent(sittingId)}`, { headers: { accept: 'application/json' } });
    if (!res.ok) return;
    this.review = (await res.json()) as Review;
    this.decision = undefined;
    this.reason = '';
    this.message = undefined;
    await this.updateComplete;
    (this.renderRoot.querySelector('#review-title') as HTMLElement | null)?.focus();
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const l = this.locale;
    const review = this.review;
    if (!review) return;
    if (!this.decision) {
      this.message = { kind: 'ko', text: t(l, 'review:choose-decision') };
      return;
    }
    const res = await fetch(`/api/review/sittings/${encodeURIComponent(review.sitting.sittingId)}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ decision: this.decision, reason: this.reason }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      this.message = { kind: 'ko', text: body.error?.message ?? t(l, 'error:internal') };
      return;
    }
    const decided = this.decision;
    this.dispatchEvent(new CustomEvent('cadre-review-decided', { detail: { sittingId: review.sitting.sittingId, decision: decided }, bubbles: true, composed: true }));
    await this.open(review.sitting.sittingId);
    this.message = { kind: 'ok', text: t(l, decided === 'validated' ? 'review:validated-done' : 'review:invalidated-done') };
    await this.load();
  }

  private time(iso: string): string {
    return new Intl.DateTimeFormat(this.locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
  }

  private duration(seconds: number): string {
    const m = Math.floor(seconds / 60);
    const s = Math.round(seconds % 60);
    return m > 0 ? `${m} min ${s} s` : `${s} s`;
  }

  private renderQueue() {
    const l = this.locale;
    if (!this.queue) return html`<p role="status">${t(l, 'status:checking')}</p>`;
    if (this.queue.length === 0) return html`<p role="status">${t(l, 'review:empty')}</p>`;
    return html`<table>
      <caption class="hint">${t(l, 'review:order')}</caption>
      <thead>
        <tr>
          <th scope="col">${t(l, 'review:sitting')}</th>
          <th scope="col">${t(l, 'review:severity')}</th>
          <th scope="col">${t(l, 'review:flagged-time')}</th>
          <th scope="col">${t(l, 'review:events')}</th>
          <th scope="col"><span class="hint">${t(l, 'review:action')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${this.queue.map(
          (q) => html`<tr>
            <td>${q.sittingId}</td>
            <td class=${q.maxSeverity === 'high' ? 'high' : ''}>${t(l, `proctoring:severity:${q.maxSeverity}`)}</td>
            <td>${this.duration(q.flaggedSeconds)}</td>
            <td>${q.eventCount}</td>
            <td><button type="button" class="secondary" aria-label=${t(l, 'review:open-sitting', { sitting: q.sittingId })} @click=${() => this.open(q.sittingId)}>${t(l, 'review:open')}</button></td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderReview(r: Review) {
    const l = this.locale;
    return html`<section aria-labelledby="review-title">
      <h2 id="review-title" tabindex="-1">${t(l, 'review:sitting-title', { sitting: r.sitting.sittingId })}</h2>
      <p>${t(l, `review:status:${r.status}`)}${r.sitting.cameraExempt ? ` — ${t(l, 'review:camera-exempt')}` : ''}</p>
      <h3>${t(l, 'review:identity')}</h3>
      ${r.identityPhotos.length === 0
        ? html`<p>${t(l, 'review:no-identity')}</p>`
        : html`<div class="photos">${r.identityPhotos.map((p) => html`<figure><img src=${p.url} alt=${t(l, `review:photo-${p.kind}`)} /><figcaption>${t(l, `review:photo-${p.kind}`)}</figcaption></figure>`)}</div>`}
      <h3>${t(l, 'review:equipment')}</h3>
      <p>${r.equipment ? t(l, r.equipment.passed ? 'review:equipment-passed' : 'review:equipment-failed') : t(l, 'review:no-equipment')}</p>
      <h3>${t(l, 'review:timeline')}</h3>
      ${r.events.length === 0
        ? html`<p>${t(l, 'review:no-events')}</p>`
        : html`<ol class="timeline">
            ${r.events.map((e) => {
              const seconds = e.endedAt ? (Date.parse(e.endedAt) - Date.parse(e.startedAt)) / 1000 : 0;
              const label = t(l, `proctoring:event:${e.type}`);
              return html`<li>
                <strong>${label}</strong> — ${this.time(e.startedAt)} (${e.endedAt ? this.duration(seconds) : t(l, 'review:not-ended')}) —
                <span class=${e.severity === 'high' ? 'high' : ''}>${t(l, 'review:severity-value', { severity: t(l, `proctoring:severity:${e.severity}`) })}</span>
                ${e.snapshotUrl ? html`<img src=${e.snapshotUrl} alt=${t(l, 'review:snapshot-of', { event: label, time: this.time(e.startedAt) })} loading="lazy" />` : nothing}
              </li>`;
            })}
          </ol>`}
      <h3>${t(l, 'review:decision')}</h3>
      ${r.decision
        ? html`<p>${t(l, `review:status:${r.decision.decision}`)}${r.decision.automatic ? ` (${t(l, 'review:automatic')})` : ''}${r.decision.reason ? ` — ${r.decision.reason}` : ''}</p>`
        : html`<form @submit=${(e: Event) => this.submit(e)}>
            <fieldset>
              <legend>${t(l, 'review:decision')}</legend>
              <p class="hint">${t(l, 'review:decision-hint')}</p>
              <input type="radio" id="d-valid" name="decision" value="validated" @change=${() => (this.decision = 'validated')} />
              <label for="d-valid">${t(l, 'review:validate')}</label><br />
              <input type="radio" id="d-invalid" name="decision" value="invalidated" @change=${() => (this.decision = 'invalidated')} />
              <label for="d-invalid">${t(l, 'review:invalidate')}</label>
            </fieldset>
            <label for="reason">${t(l, 'review:reason')}</label>
            <textarea id="reason" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea>
            <button type="submit">${t(l, 'review:record')}</button>
          </form>`}
      <p role="status" aria-live="polite" class=${this.message?.kind ?? ''}>${this.message?.text ?? ''}</p>
    </section>`;
  }

  override render() {
    const l = this.locale;
    return html`<div part="panel">
      <h2>${t(l, 'review:title')}</h2>
      ${this.renderQueue()} ${this.review ? this.renderReview(this.review) : nothing}
    </div>`;
  }
}
