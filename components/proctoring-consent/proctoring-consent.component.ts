import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import { sharedStyles } from '../proctoring/shared.styles.js';

declare global {
  interface HTMLElementEventMap {
    'cadre-consent-given': CustomEvent<null>;
    'cadre-consent-declined': CustomEvent<null>;
  }
}

/**
 * The consent screen shown before the camera starts: what is processed, why, for how long and by
 * whom, and what to do if the candidate cannot or will not be filmed (an accommodation).
 *
 * @summary Proctoring consent: what is recorded, why, for how long, by whom; accept or decline.
 * @tagname cadre-proctoring-consent
 * @fires cadre-consent-given - the candidate accepted; consent is recorded with the sitting
 * @fires cadre-consent-declined - the candidate declined; nothing was started
 * @csspart panel - the bordered box
 * @cssprop --cadre-accent - button colour
 */
export class CadreProctoringConsent extends CadreElement {
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

  private async accept(): Promise<void> {
    if (!this.checked) {
      this.problem = 'unchecked';
      return;
    }
    this.busy = true;
    try {
      await this.client().post(`/api/proctoring/sittings/${encodeURIComponent(this.sittingId)}/consent`, { accepted: true, locale: this.locale });
      this.problem = undefined;
      this.emit('cadre-consent-given');
    } catch {
      this.problem = 'failed';
    } finally {
      this.busy = false;
    }
  }

  private decline(): void {
    this.declined = true;
    this.emit('cadre-consent-declined');
  }

  override render() {
    const centre = this.centre || this.t('consent:your-centre');
    return html`<section part="panel" aria-labelledby="consent-title">
      <h2 id="consent-title">${this.t('consent:title')}</h2>
      <p>${this.t('consent:intro')}</p>
      <h3>${this.t('consent:what')}</h3>
      <p>${this.t('consent:what-text')}</p>
      <h3>${this.t('consent:why')}</h3>
      <p>${this.t('consent:why-text')}</p>
      <h3>${this.t('consent:how-long')}</h3>
      <p>${this.t('consent:how-long-text', { days: this.retentionDays })}</p>
      <h3>${this.t('consent:who')}</h3>
      <p>${this.t('consent:who-text', { centre })}</p>
      <h3>${this.t('consent:rights')}</h3>
      <p>${this.t('consent:rights-text')}</p>
      <p>
        <input type="checkbox" id="agree" .checked=${this.checked} @change=${(e: Event) => (this.checked = (e.target as HTMLInputElement).checked)} aria-describedby=${this.problem ? 'consent-problem' : nothing} />
        <label for="agree">${this.t('consent:checkbox')}</label>
      </p>
      ${this.problem ? html`<p id="consent-problem" class="ko" role="alert">${this.t(`consent:problem-${this.problem}`)}</p>` : nothing}
      <button type="button" ?disabled=${this.busy} @click=${() => this.accept()}>${this.t('consent:accept')}</button>
      <button type="button" class="secondary" @click=${() => this.decline()}>${this.t('consent:decline')}</button>
      ${this.declined ? html`<p role="status">${this.t('consent:declined-text', { centre })}</p>` : nothing}
    </section>`;
  }
}
