import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ResultSheet } from '../../server/domain/results/sheet.js';
import { t, localeOf } from '../i18n.js';
import { styles } from './result-sheet.styles.js';

const LANGUAGES: Record<string, { fr: string; en: string }> = {
  en: { fr: 'Anglais', en: 'English' },
  fr: { fr: 'Français', en: 'French' },
  de: { fr: 'Allemand', en: 'German' },
  es: { fr: 'Espagnol', en: 'Spanish' },
  it: { fr: 'Italien', en: 'Italian' },
};

/**
 * The detailed result sheet of a certification: the overall level against the centre's target,
 * the level of each written skill and oral criterion with its CEFR can-do descriptor, the dates,
 * the sitting id, a QR code to the verification page and, when a certificate was issued, the
 * links to share it (employers, LinkedIn) and to download it.
 *
 * Give it `result-id` (it reads /api/results/<id>), or `src`, or set `.sheet` directly.
 *
 * @csspart overall - the box with the overall level
 * @csspart share - the certificate's sharing links
 * @cssproperty --cadre-accent - colour of the levels and headings
 * @cssproperty --cadre-success - colour of "target reached"
 * @cssproperty --cadre-danger - colour of "target not reached" and of an invalidation
 * @event cadre-share-copied - detail: { url }, when the share link has been copied
 */
export class CadreResultSheet extends LitElement {
  static override styles = styles;

  @property({ attribute: 'result-id' }) resultId = '';
  /** Address of the sheet's JSON; /api/results/<result-id> by default. */
  @property() src = '';
  @property({ attribute: false }) sheet: ResultSheet | undefined;
  @state() private failed = false;
  @state() private copied = false;

  private get locale(): 'fr' | 'en' {
    return localeOf(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.sheet && (this.src || this.resultId)) void this.load();
  }

  private async load(): Promise<void> {
    try {
      const res = await fetch(this.src || `/api/results/${encodeURIComponent(this.resultId)}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(String(res.status));
      this.sheet = (await res.json()) as ResultSheet;
      this.failed = false;
    } catch {
      this.failed = true;
    }
  }

  private date(iso: string | null): string {
    if (!iso) return '—';
    return new Date(iso).toLocaleDateString(this.locale === 'en' ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
  }

  private withLang(url: string): string {
    return `${url}${url.includes('?') ? '&' : '?'}lang=${this.locale}`;
  }

  private async copy(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.copied = true;
      this.dispatchEvent(new CustomEvent('cadre-share-copied', { detail: { url }, bubbles: true, composed: true }));
    } catch {
      this.copied = false;
    }
  }

  /** The links of a valid certificate: the public page for employers, LinkedIn, the PDF. */
  private renderShare(shareUrl: string, linkedInUrl: string, pdfUrl: string) {
    const l = this.locale;
    return html`<p>${t(l, 'results:certificate-issued')}</p>
      <div part="share" class="share">
        <label for="share-url">${t(l, 'results:share')}</label>
        <div class="row">
          <input id="share-url" type="text" readonly .value=${shareUrl} />
          <button type="button" @click=${() => this.copy(shareUrl)}>${t(l, 'results:copy')}</button>
          <span role="status" class="copied">${this.copied ? t(l, 'results:copied') : ''}</span>
        </div>
        <p>
          <a class="button" href=${linkedInUrl} target="_blank" rel="noopener noreferrer">${t(l, 'results:linkedin')}</a>
          <a class="button secondary" href=${this.withLang(pdfUrl)} download>${t(l, 'results:download-certificate')}</a>
        </p>
      </div>`;
  }

  override render() {
    const l = this.locale;
    if (this.failed) return html`<p role="alert">${t(l, 'results:load-failed')}</p>`;
    const s = this.sheet;
    if (!s) return html`<p role="status">${t(l, 'exam:loading')}</p>`;
    const language = LANGUAGES[s.activity.language]?.[l] ?? s.activity.language;
    const withLang = (url: string) => this.withLang(url);
    const colon = l === 'fr' ? '\u00a0:' : ':';
    return html`<article aria-labelledby="sheet-title">
      <header>
        <div>
          <p class="issuer">${s.issuer.name}</p>
          <h1 id="sheet-title">${t(l, 'results:title')}</h1>
          <p class="subtitle">${t(l, 'results:certification', { language })}</p>
        </div>
        <dl class="refs">
          <dt>${t(l, 'results:sitting')}${colon}</dt>
          <dd><code>${s.sittingId}</code></dd>
          <dt>${t(l, 'results:written-date')}${colon}</dt>
          <dd>${this.date(s.writtenAt)}</dd>
          <dt>${t(l, 'results:released-date')}${colon}</dt>
          <dd>${this.date(s.releasedAt)}</dd>
        </dl>
      </header>
      <section class="candidate" aria-label=${t(l, 'results:candidate')}>
        <p class="label">${t(l, 'results:candidate')}</p>
        <p class="name">${s.candidate.name ?? '—'}</p>
        ${s.activity.title ? html`<p class="muted">${s.activity.title}</p>` : nothing}
      </section>
      ${!s.released
        ? html`<p class="pending" role="status">${t(l, 'results:pending')} <strong>${t(l, `results:state-${s.state}`)}</strong></p>`
        : s.invalidated
          ? html`<section class="invalidated" role="alert">
              <p><strong>${t(l, 'results:invalidated')}</strong></p>
              ${s.invalidated.reason ? html`<p>${t(l, 'results:invalidated-reason', { reason: s.invalidated.reason })}</p>` : nothing}
            </section>`
          : this.renderLevels(s)}
      <footer>
        <div>
          ${s.overall ? html`<p>${t(l, s.activity.oralRequired ? 'results:rule' : 'results:rule-written-only')}</p>` : nothing}
          <p class="muted">${t(l, 'results:footer')}</p>
          <p>
            <a href=${s.verifyUrl}>${t(l, 'results:verify')}</a> ·
            <a href=${withLang(s.pdfUrl)} download>${t(l, 'results:download-sheet')}</a>
          </p>
        </div>
        ${s.released ? html`<img class="qr" src=${s.qrUrl} width="112" height="112" alt=${t(l, 'results:verify-qr', { url: s.verifyUrl })} />` : nothing}
      </footer>
    </article>`;
  }

  private renderLevels(s: ResultSheet) {
    const l = this.locale;
    const pct = (p: number) => Math.round(p * 100);
    const se = (v: number) => v.toLocaleString(l === 'en' ? 'en-GB' : 'fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return html`
      <section part="overall" class="overall" aria-labelledby="overall-title">
        <div class="big">
          <h2 id="overall-title" class="label">${t(l, 'results:overall')}</h2>
          <p class="level">${s.overall}</p>
        </div>
        <p class="global">${t(l, `cefr:global-${s.overall}`)}</p>
        <dl class="target">
          <dt>${t(l, 'results:target')}</dt>
          <dd class="target-level">${s.activity.targetLevel ?? t(l, 'results:target-none')}</dd>
          <dd class=${s.targetReached ? 'reached' : 'missed'}>${t(l, s.targetReached ? 'results:target-reached' : 'results:target-not-reached')}</dd>
        </dl>
      </section>
      <table>
        <caption>${t(l, 'results:written')} — ${t(l, 'results:written-overall')} ${s.writtenOverall}</caption>
        <thead>
          <tr>
            <th scope="col">${t(l, 'results:skill')}</th>
            <th scope="col">${t(l, 'results:level')}</th>
            <th scope="col">${t(l, 'results:descriptor')}</th>
          </tr>
        </thead>
        <tbody>
          ${s.written.map(
            (w) => html`<tr>
              <th scope="row">${t(l, `results:skill-${w.skill}`)}</th>
              <td class="lvl">
                <span class="level-chip">${w.level}</span>
                <span class="note">${t(l, `results:sublevel-${w.subLevel}`)} · ${t(l, 'results:precision-value', { se: se(w.se), probability: pct(w.levelProbability) })}</span>
              </td>
              <td>${t(l, `cefr:${w.skill}-${w.level}`)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${s.oral
        ? html`<table>
            <caption>${t(l, 'results:oral')} — ${t(l, 'results:oral-level')} ${s.oral.level}</caption>
            <thead>
              <tr>
                <th scope="col">${t(l, 'results:criterion')}</th>
                <th scope="col">${t(l, 'results:level')}</th>
                <th scope="col">${t(l, 'results:descriptor')}</th>
              </tr>
            </thead>
            <tbody>
              ${s.oral.criteria.map(
                (c) => html`<tr>
                  <th scope="row">${t(l, `results:criterion-${c.criterion}`)}</th>
                  <td class="lvl"><span class="level-chip">${c.level}</span></td>
                  <td>${t(l, `cefr:oral-${c.criterion}-${c.level}`)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="muted">${t(l, 'results:oral-not-required')}</p>`}
      <section class="certificate" aria-labelledby="certificate-title">
        <h2 id="certificate-title">${t(l, 'results:certificate')}</h2>
        ${s.certificate
          ? s.certificate.revoked || !s.certificate.shareUrl || !s.certificate.linkedInUrl
            ? html`<p role="alert">${t(l, 'results:certificate-revoked')}</p>`
            : this.renderShare(s.certificate.shareUrl, s.certificate.linkedInUrl, s.certificate.pdfUrl)
          : html`<p>${t(l, 'results:certificate-none')}</p>`}
      </section>
    `;
  }
}
