import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import { styles } from './service-status.styles.js';

// The shape the server answers with (type-only: nothing of the server reaches the bundle).
import type { Readiness } from '../../server/http/health-routes.js';

declare global {
  interface HTMLElementEventMap {
    'cadre-status-change': CustomEvent<{ ready: boolean }>;
  }
}

/**
 * Shows whether this Cadre instance is ready: database reachable, migrations applied.
 *
 * @summary Readiness of the Cadre instance (database, migrations).
 * @tagname cadre-service-status
 * @fires cadre-status-change - detail: { ready: boolean }, when the status is known or changes
 * @csspart panel - the bordered box around the status
 * @cssprop --cadre-success - colour of a good state
 * @cssprop --cadre-danger - colour of a bad state
 */
export class CadreServiceStatus extends CadreElement {
  static override styles = styles;

  /** Address of the readiness endpoint. */
  @property() endpoint = '/ready';
  /** Seconds between two checks; 0 checks once. */
  @property({ type: Number }) interval = 0;

  @state() private readiness: Readiness | undefined;
  @state() private failed = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.check();
    if (this.interval > 0) this.timer = setInterval(() => void this.check(), this.interval * 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    try {
      this.readiness = await this.client().get<Readiness>(this.endpoint, {}, { answers: [503] });
      this.failed = false;
    } catch {
      this.readiness = undefined;
      this.failed = true;
    }
    this.emit('cadre-status-change', { ready: this.readiness?.status === 'ready' });
  }

  override render() {
    const r = this.readiness;
    const overall = this.failed
      ? this.t('status:not-ready')
      : r
        ? this.t(r.status === 'ready' ? 'status:ready' : 'status:not-ready')
        : this.t('status:checking');
    const good = r?.status === 'ready';
    return html`<section part="panel" aria-labelledby="title">
      <h2 id="title">${this.t('status:heading')}</h2>
      <p role="status" class=${good ? 'ok' : r || this.failed ? 'ko' : ''}>${overall}</p>
      ${
        r
          ? html`<dl>
            <dt>${this.t('status:database')}</dt>
            <dd>${r.database.dialect} — ${r.database.reachable ? 'OK' : '✗'}</dd>
            <dt>${this.t('status:migrations')}</dt>
            <dd>${r.database.pendingMigrations === 0 ? 'OK' : String(r.database.pendingMigrations)}</dd>
          </dl>`
          : null
      }
    </section>`;
  }
}
