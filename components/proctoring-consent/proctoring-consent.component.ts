import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { t, localeOf } from '../i18n.js';
import { sharedStyles } from '../proctoring/shared.styles.js';

/**
 * The consent screen shown before the camera starts: what is processed, why, for how long and by
 * whom, and what to do if the candidate cannot or will not be filmed (an accommodation).
 *
 * @event cadre-consent-given - the candidate accepted; consent is recorded with the sitting
 * @event cadre-consent-declined - the candidate declined; nothing was started
 * @csspart panel - the bordered box
 * @cssproperty --cadre-accent - button colour
 */
export class CadreProctoringConsent extends LitElement {
  static override styles = sharedStyles;

  /** The sitting the consent is recorded for. */
  @property({ attribute: 'sitting-id' }) sittingId = '';
  /** Days the evidence is kept after the results (the centre's retention setting). */
  @property({ type: Number, attribute: 'retention-days' }) retentionDays = 30;
  /** The training centre, named as data controller. */
  @property() centre = '';

  @state() private checked = false;
  @state() private problem: 'unchecked' | 'failed' | undefined;
  @state() private declined = false;
  @state() private busy = false;

  private get locale(): 'fr' | 'en' {
    return localeOf(this);
  }

  private async accept(): Promise<void> {
    if (!this.checked) {
      this.problem = 'unchecked';
      return;
    }
    this.busy = true;
    try {
      const res = await fetch(`/api/proctoring/sittings/${encodeURIComponent(this.sittingId)}/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ accepted: true, locale: this.locale }),
      });
      if (!res.ok) throw new Error(String(res.status));
      this.problem = undefined;
      this.dispatchEvent(new CustomEvent('cadre-consent-given', { bubbles: true, composed: true }));
    } catch {
      this.problem = 'failed';
    } finally {
      this.busy = false;
    }
  }

  private decline(): void {
    this.declined = true;
    this.dispatchEvent(new CustomEvent('cadre-consent-declined', { bubbles: true, composed: true }));
  }

  override render() {
    const l = this.locale;
    const centre = this.centre || t(l, 'consent:your-centre');
    return html`<section part="panel" aria-labelledby="consent-title">
      <h2 id="consent-title">${t(l, 'consent:title')}</h2>
      <p>${t(l, 'consent:intro')}</p>
      <h3>${t(l, 'consent:what')}</h3>
      <p>${t(l, 'consent:what-text')}</p>
      <h3>${t(l, 'consent:why')}</h3>
      <p>${t(l, 'consent:why-text')}</p>
      <h3>${t(l, 'consent:how-long')}</h3>
      <p>${t(l, 'consent:how-long-text', { days: this.retentionDays })}</p>
      <h3>${t(l, 'consent:who')}</h3>
      <p>${t(l, 'consent:who-text', { centre })}</p>
      <h3>${t(l, 'consent:rights')}</h3>
      <p>${t(l, 'consent:rights-text')}</p>
      <p>
        <input type="checkbox" id="agree" .checked=${this.checked} @change=${(e: Event) => (this.checked = (e.target as HTMLInputElement).checked)} aria-describedby=${this.problem ? 'consent-problem' : nothing} />
        <label for="agree">${t(l, 'consent:checkbox')}</label>
      </p>
      ${this.problem ? html`<p id="consent-problem" class="ko" role="alert">${t(l, `consent:problem-${this.problem}`)}</p>` : nothing}
      <button type="button" ?disabled=${this.busy} @click=${() => this.accept()}>${t(l, 'consent:accept')}</button>
      <button type="button" class="secondary" @click=${() => this.decline()}>${t(l, 'consent:decline')}</button>
      ${this.declined ? html`<p role="status">${t(l, 'consent:declined-text', { centre })}</p>` : nothing}
    </section>`;
  }
}
