import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { t, localeOf } from '../i18n.js';
import { styles } from './service-status.styles.js';

interface Readiness {
  status: 'ready' | 'not-ready';
  database: { dialect: string; reachable: boolean; pendingMigrations: number };
}

/**
 * Shows whether this Cadre instance is ready: database reachable, migrations applied.
 *
 * @csspart panel - the bordered box around the status
 * @cssproperty --cadre-success - colour of a good state
 * @cssproperty --cadre-danger - colour of a bad state
 * @event cadre-status-change - detail: { ready: boolean }, when the status is known or changes
 */
export class CadreServiceStatus extends LitElement {
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
      const res = await fetch(this.endpoint, { headers: { accept: 'application/json' } });
      this.readiness = (await res.json()) as Readiness;
      this.failed = false;
    } catch {
      this.readiness = undefined;
      this.failed = true;
    }
    this.dispatchEvent(new CustomEvent('cadre-status-change', { detail: { ready: this.readiness?.status === 'ready' }, bubbles: true, composed: true }));
  }

  override render() {
    const lang = localeOf(this);
    const r = this.readiness;
    const overall = this.failed ? t(lang, 'status:not-ready') : r ? t(lang, r.status === 'ready' ? 'status:ready' : 'status:not-ready') : t(lang, 'status:checking');
    const good = r?.status === 'ready';
    return html`<section part="panel" aria-labelledby="title">
      <h2 id="title">${t(lang, 'status:heading')}</h2>
      <p role="status" class=${good ? 'ok' : r || this.failed ? 'ko' : ''}>${overall}</p>
      ${r
        ? html`<dl>
            <dt>${t(lang, 'status:database')}</dt>
            <dd>${r.database.dialect} — ${r.database.reachable ? 'OK' : '✗'}</dd>
            <dt>${t(lang, 'status:migrations')}</dt>
            <dd>${r.database.pendingMigrations === 0 ? 'OK' : String(r.database.pendingMigrations)}</dd>
          </dl>`
        : null}
    </section>`;
  }
}
