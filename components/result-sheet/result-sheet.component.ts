import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import type { ResultSheet } from '../../server/domain/results/sheet.js';
import { levelCertainty } from '../../server/domain/results/levels.js';
import { styles } from './result-sheet.styles.js';

declare global {
  interface HTMLElementEventMap {
    'cadre-share-copied': CustomEvent<{ url: string }>;
  }
}

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
 * @summary A certification's detailed result sheet, with its verification QR code and certificate links.
 * @tagname cadre-result-sheet
 * @csspart overall - the box with the overall level
 * @csspart share - the certificate's sharing links
 * @cssprop --cadre-accent - colour of the levels and headings
 * @cssprop --cadre-success - colour of "target reached"
 * @cssprop --cadre-danger - colour of "target not reached" and of an invalidation
 * @fires cadre-share-copied - detail: { url }, when the share link has been copied
 */
export class CadreResultSheet extends CadreElement {
  static override styles = styles;

  /** The result to show (read from /api/results/<result-id>). */
  @property({ attribute: 'result-id' }) resultId = '';
  /** Address of the sheet's JSON; /api/results/<result-id> by default. */
  @property() src = '';
  /** The sheet itself, when the page has it already (nothing is fetched then). */
  @property({ attribute: false }) sheet: ResultSheet | undefined;
  @state() private failed = false;
  @state() private copied = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.sheet && (this.src || this.resultId)) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.sheet = await this.client().get<ResultSheet>(this.src || `/api/results/${encodeURIComponent(this.resultId)}`);
      this.failed = false;
    } catch {
      this.failed = true;
    }
  }

  private date(iso: string | null): string {
    if (!iso) return '—';
    return new Date(iso).toLocaleDateString(this.intlLocale, { day: 'numeric', month: 'long', year: 'numeric' });
  }

  private withLang(url: string): string {
    return `${url}${url.includes('?') ? '&' : '?'}lang=${this.locale}`;
  }

  private async copy(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.copied = true;
      this.emit('cadre-share-copied', { url });
    } catch {
      this.copied = false;
    }
  }

  /** The links of a valid certificate: the public page for employers, LinkedIn, the PDF. */
  private renderShare(shareUrl: string, linkedInUrl: string, pdfUrl: string) {
    return html`<p>${this.t('results:certificate-issued')}</p>
      <div part="share" class="share">
        <label for="share-url">${this.t('results:share')}</label>
        <div class="row">
          <input id="share-url" type="text" readonly .value=${shareUrl} />
          <button type="button" @click=${() => this.copy(shareUrl)}>${this.t('results:copy')}</button>
          <span role="status" class="copied">${this.copied ? this.t('results:copied') : ''}</span>
        </div>
        <p>
          <a class="button" href=${linkedInUrl} target="_blank" rel="noopener noreferrer">${this.t('results:linkedin')}</a>
          <a class="button secondary" href=${this.withLang(pdfUrl)} download>${this.t('results:download-certificate')}</a>
        </p>
      </div>`;
  }

  override render() {
    if (this.failed) return html`<p role="alert">${this.t('results:load-failed')}</p>`;
    const s = this.sheet;
    if (!s) return html`<p role="status">${this.t('exam:loading')}</p>`;
    const language = LANGUAGES[s.activity.language]?.[this.locale] ?? s.activity.language;
    const withLang = (url: string) => this.withLang(url);
    const colon = this.locale === 'fr' ? '\u00a0:' : ':';
    return html`<article aria-labelledby="sheet-title">
      <header>
        <div>
          <p class="issuer">${s.issuer.name}</p>
          <h1 id="sheet-title">${this.t('results:title')}</h1>
          <p class="subtitle">${this.t('results:certification', { language })}</p>
        </div>
        <dl class="refs">
          <dt>${this.t('results:sitting')}${colon}</dt>
          <dd><code>${s.sittingId}</code></dd>
          <dt>${this.t('results:written-date')}${colon}</dt>
          <dd>${this.date(s.writtenAt)}</dd>
          <dt>${this.t('results:released-date')}${colon}</dt>
          <dd>${this.date(s.releasedAt)}</dd>
        </dl>
      </header>
      <section class="candidate" aria-label=${this.t('results:candidate')}>
        <p class="label">${this.t('results:candidate')}</p>
        <p class="name">${s.candidate.name ?? '—'}</p>
        ${s.activity.title ? html`<p class="muted">${s.activity.title}</p>` : nothing}
      </section>
      ${
        !s.released
          ? html`<p class="pending" role="status">${this.t('results:pending')} <strong>${this.t(`results:state-${s.state}`)}</strong></p>`
          : s.invalidated
            ? html`<section class="invalidated" role="alert">
              <p><strong>${this.t('results:invalidated')}</strong></p>
              ${s.invalidated.reason ? html`<p>${this.t('results:invalidated-reason', { reason: s.invalidated.reason })}</p>` : nothing}
            </section>`
            : this.renderLevels(s)
      }
      <footer>
        <div>
          ${s.overall ? html`<p>${this.t(s.activity.oralRequired ? 'results:rule' : 'results:rule-written-only')}</p>` : nothing}
          <p class="muted">${this.t('results:footer')}</p>
          <p>
            <a href=${s.verifyUrl}>${this.t('results:verify')}</a> ·
            <a href=${withLang(s.pdfUrl)} download>${this.t('results:download-sheet')}</a>
          </p>
        </div>
        ${s.released ? html`<img class="qr" src=${s.qrUrl} width="112" height="112" alt=${this.t('results:verify-qr', { url: s.verifyUrl })} />` : nothing}
      </footer>
    </article>`;
  }

  private renderLevels(s: ResultSheet) {
    return html`
      <section part="overall" class="overall" aria-labelledby="overall-title">
        <div class="big">
          <h2 id="overall-title" class="label">${this.t('results:overall')}</h2>
          <p class="level">${s.overall}</p>
        </div>
        <p class="global">${this.t(`cefr:global-${s.overall}`)}</p>
        <dl class="target">
          <dt>${this.t('results:target')}</dt>
          <dd class="target-level">${s.activity.targetLevel ?? this.t('results:target-none')}</dd>
          <dd class=${s.targetReached ? 'reached' : 'missed'}>${this.t(s.targetReached ? 'results:target-reached' : 'results:target-not-reached')}</dd>
        </dl>
      </section>
      <table>
        <caption>${this.t('results:written')} — ${this.t('results:written-overall')} ${s.writtenOverall}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('results:skill')}</th>
            <th scope="col">${this.t('results:level')}</th>
            <th scope="col">${this.t('results:descriptor')}</th>
          </tr>
        </thead>
        <tbody>
          ${s.written.map(
            (w) => html`<tr>
              <th scope="row">${this.t(`results:skill-${w.skill}`)}</th>
              <td class="lvl">
                <span class="level-chip">${w.level}</span>
                <span class="note">${this.t(`results:sublevel-${w.subLevel}`)} · ${this.t(`results:certainty-${levelCertainty(w.levelProbability)}`)}</span>
              </td>
              <td>${this.t(`cefr:${w.skill}-${w.level}`)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${
        s.oral
          ? html`<table>
            <caption>${this.t('results:oral')} — ${this.t('results:oral-level')} ${s.oral.level}</caption>
            <thead>
              <tr>
                <th scope="col">${this.t('results:criterion')}</th>
                <th scope="col">${this.t('results:level')}</th>
                <th scope="col">${this.t('results:descriptor')}</th>
              </tr>
            </thead>
            <tbody>
              ${s.oral.criteria.map(
                (c) => html`<tr>
                  <th scope="row">${this.t(`results:criterion-${c.criterion}`)}</th>
                  <td class="lvl"><span class="level-chip">${c.level}</span></td>
                  <td>${this.t(`cefr:oral-${c.criterion}-${c.level}`)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
          : html`<p class="muted">${this.t('results:oral-not-required')}</p>`
      }
      <section class="certificate" aria-labelledby="certificate-title">
        <h2 id="certificate-title">${this.t('results:certificate')}</h2>
        ${
          s.certificate
            ? s.certificate.revoked || !s.certificate.shareUrl || !s.certificate.linkedInUrl
              ? html`<p role="alert">${this.t('results:certificate-revoked')}</p>`
              : this.renderShare(s.certificate.shareUrl, s.certificate.linkedInUrl, s.certificate.pdfUrl)
            : html`<p>${this.t('results:certificate-none')}</p>`
        }
      </section>
    `;
  }
}
