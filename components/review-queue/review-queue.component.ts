import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import { controlStyles } from '../shared/controls.styles.js';
import { styles } from './review-queue.styles.js';

import type { ReviewQueueRow as QueueEntry } from '../../server/http/proctoring-routes.js';

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
  names: { candidateName: string | null; activityTitle: string | null };
  status: string;
  events: ReviewEvent[];
  identityPhotos: { id: string; kind: 'face' | 'document'; url: string }[];
  equipment: { passed: boolean; result: Record<string, { status?: string; latencyMs?: number; downloadMbps?: number }> } | null;
  decision: { decision: string; reason: string | null; automatic: boolean } | null;
  /** What the server itself received of monitoring: heartbeats, and those whose frame it decoded. */
  monitoring: { heartbeats: number; frames: number };
}

declare global {
  interface HTMLElementEventMap {
    'cadre-review-decided': CustomEvent<{ sittingId: string; decision: 'validated' | 'invalidated' }>;
  }
}

/**
 * The reviewers' queue: sittings whose proctoring events need a person, the most serious first
 * (severity, then flagged time). Opening one shows its timeline with snapshots, the identity
 * photos and the equipment result, and takes the decision: validated, or invalidated with a
 * reason. Detectors never decide.
 *
 * @summary The reviewers' queue of proctored sittings, each with its timeline and the decision.
 * @tagname cadre-review-queue
 * @fires cadre-review-decided - detail: { sittingId, decision }, after a decision is recorded
 * @csspart panel - the bordered box
 * @cssprop --cadre-danger - colour of high-severity rows
 * @cssprop --cadre-accent - colour of the buttons
 */
export class CadreReviewQueue extends CadreElement {
  static override styles = [controlStyles, styles];

  @state() private queue: QueueEntry[] | undefined;
  @state() private review: Review | undefined;
  @state() private decision: 'validated' | 'invalidated' | undefined;
  @state() private reason = '';
  @state() private message: { kind: 'ok' | 'ko'; text: string } | undefined;

  private readonly api = this.client('/api/review');

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Reloads the queue. */
  async load(): Promise<void> {
    this.queue = await this.api.get<{ sittings: QueueEntry[] }>('/queue').then(
      (answer) => answer.sittings,
      () => [],
    );
  }

  private async open(sittingId: string): Promise<void> {
    const review = await this.api.get<Review>(`/sittings/${encodeURIComponent(sittingId)}`).catch(() => undefined);
    if (!review) return;
    this.review = review;
    this.decision = undefined;
    this.reason = '';
    this.message = undefined;
    await this.updateComplete;
    (this.renderRoot.querySelector('#review-title') as HTMLElement | null)?.focus();
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const review = this.review;
    if (!review) return;
    if (!this.decision) {
      this.message = { kind: 'ko', text: this.t('review:choose-decision') };
      return;
    }
    const decided = this.decision;
    try {
      await this.api.post(`/sittings/${encodeURIComponent(review.sitting.sittingId)}/decision`, { decision: decided, reason: this.reason });
    } catch (error) {
      this.message = { kind: 'ko', text: this.errorText(error) };
      return;
    }
    this.emit('cadre-review-decided', { sittingId: review.sitting.sittingId, decision: decided });
    await this.open(review.sitting.sittingId);
    this.message = { kind: 'ok', text: this.t(decided === 'validated' ? 'review:validated-done' : 'review:invalidated-done') };
    await this.load();
  }

  private time(iso: string): string {
    return new Intl.DateTimeFormat(this.intlLocale, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
  }

  /** "Léa Martin — Certification anglais B1": how a reviewer knows a sitting. */
  private who(name: string | null, activity: string | null): string {
    return [name ?? this.t('review:unnamed'), activity].filter(Boolean).join(' — ');
  }

  private duration(seconds: number): string {
    const m = Math.floor(seconds / 60);
    const s = Math.round(seconds % 60);
    return m > 0 ? `${m} min ${s} s` : `${s} s`;
  }

  private renderQueue() {
    if (!this.queue) return html`<p role="status">${this.t('status:checking')}</p>`;
    if (this.queue.length === 0) return html`<p role="status">${this.t('review:empty')}</p>`;
    return html`<table>
      <caption class="hint">${this.t('review:order')}</caption>
      <thead>
        <tr>
          <th scope="col">${this.t('review:candidate')}</th>
          <th scope="col">${this.t('review:activity')}</th>
          <th scope="col">${this.t('review:finished-at')}</th>
          <th scope="col">${this.t('review:severity')}</th>
          <th scope="col">${this.t('review:flagged-time')}</th>
          <th scope="col">${this.t('review:events')}</th>
          <th scope="col"><span class="hint">${this.t('review:action')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${this.queue.map(
          (q) => html`<tr>
            <td>${q.candidateName ?? this.t('review:unnamed')}</td>
            <td>${q.activityTitle ?? ''}</td>
            <td>${q.finishedAt ? this.time(q.finishedAt) : this.t('review:not-ended')}</td>
            <td class=${q.maxSeverity === 'high' ? 'high' : ''}>${this.t(`proctoring:severity:${q.maxSeverity}`)}</td>
            <td>${this.duration(q.flaggedSeconds)}</td>
            <td>${q.eventCount}</td>
            <td><button type="button" class="secondary" aria-label=${this.t('review:open-sitting', { sitting: this.who(q.candidateName, q.activityTitle) })} @click=${() => this.open(q.sittingId)}>${this.t('review:open')}</button></td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderReview(r: Review) {
    return html`<section aria-labelledby="review-title">
      <h2 id="review-title" tabindex="-1">${this.t('review:sitting-title', { sitting: this.who(r.names.candidateName, r.names.activityTitle) })}</h2>
      <p>${this.t(`review:status:${r.status}`)}${r.sitting.cameraExempt ? ` — ${this.t('review:camera-exempt')}` : ''}</p>
      <h3>${this.t('review:identity')}</h3>
      ${
        r.identityPhotos.length === 0
          ? html`<p>${this.t('review:no-identity')}</p>`
          : html`<div class="photos">${r.identityPhotos.map((p) => html`<figure><img src=${p.url} alt=${this.t(`review:photo-${p.kind}`)} /><figcaption>${this.t(`review:photo-${p.kind}`)}</figcaption></figure>`)}</div>`
      }
      <h3>${this.t('review:equipment')}</h3>
      <p>${r.equipment ? this.t(r.equipment.passed ? 'review:equipment-passed' : 'review:equipment-failed') : this.t('review:no-equipment')}</p>
      <h3>${this.t('review:monitoring')}</h3>
      <p>${this.t('review:heartbeats', { heartbeats: r.monitoring.heartbeats, frames: r.monitoring.frames })}</p>
      <h3>${this.t('review:timeline')}</h3>
      ${
        r.events.length === 0
          ? html`<p>${this.t('review:no-events')}</p>`
          : html`<ol class="timeline">
            ${r.events.map((e) => {
              const seconds = e.endedAt ? (Date.parse(e.endedAt) - Date.parse(e.startedAt)) / 1000 : 0;
              const label = this.t(`proctoring:event:${e.type}`);
              return html`<li>
                <strong>${label}</strong> — ${this.time(e.startedAt)} (${e.endedAt ? this.duration(seconds) : this.t('review:not-ended')}) —
                <span class=${e.severity === 'high' ? 'high' : ''}>${this.t('review:severity-value', { severity: this.t(`proctoring:severity:${e.severity}`) })}</span>
                ${e.snapshotUrl ? html`<img src=${e.snapshotUrl} alt=${this.t('review:snapshot-of', { event: label, time: this.time(e.startedAt) })} loading="lazy" />` : nothing}
              </li>`;
            })}
          </ol>`
      }
      <h3>${this.t('review:decision')}</h3>
      ${
        r.decision
          ? html`<p>${this.t(`review:status:${r.decision.decision}`)}${r.decision.automatic ? ` (${this.t('review:automatic')})` : ''}${r.decision.reason ? ` — ${r.decision.reason}` : ''}</p>`
          : html`<form @submit=${(e: Event) => this.submit(e)}>
            <fieldset>
              <legend>${this.t('review:decision')}</legend>
              <p class="hint">${this.t('review:decision-hint')}</p>
              <input type="radio" id="d-valid" name="decision" value="validated" @change=${() => (this.decision = 'validated')} />
              <label for="d-valid">${this.t('review:validate')}</label><br />
              <input type="radio" id="d-invalid" name="decision" value="invalidated" @change=${() => (this.decision = 'invalidated')} />
              <label for="d-invalid">${this.t('review:invalidate')}</label>
            </fieldset>
            <label for="reason">${this.t('review:reason')}</label>
            <textarea id="reason" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea>
            <button type="submit" class="primary">${this.t('review:record')}</button>
          </form>`
      }
      <p role="status" aria-live="polite" class=${this.message?.kind ?? ''}>${this.message?.text ?? ''}</p>
    </section>`;
  }

  override render() {
    return html`<div part="panel">
      <h2>${this.t('review:title')}</h2>
      ${this.renderQueue()} ${this.review ? this.renderReview(this.review) : nothing}
    </div>`;
  }
}
