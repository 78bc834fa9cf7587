import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { t, localeOf } from '../i18n.js';
import { styles } from './scorm-packages.styles.js';

/** GET /api/activities/:id/scorm-packages, one entry (scorm/http.ts packageView). */
export interface ScormPackageView {
  id: string;
  version: '1.2' | '2004';
  label: string;
  lmsOrigin: string | null;
  hashLearnerIds: boolean;
  scoreScale: 'cefr' | 'percent';
  createdAt: string;
  revokedAt: string | null;
  lastLaunchAt: string | null;
  launchCount: number;
}

/**
 * The SCORM packages of an activity, on its instructor / admin page: build and download a new
 * package (SCORM 1.2 by default, 2004 on request), see the packages in use, revoke one.
 *
 * @csspart download - the button that builds and downloads a package
 * @event cadre-scorm-package-created - detail: { id }, once a package was built and downloaded
 * @event cadre-scorm-package-revoked - detail: { id }, once a package was revoked
 */
export class CadreScormPackages extends LitElement {
  static override styles = styles;

  /** The certification activity. */
  @property() activity = '';
  /** Base of the API (same origin by default). */
  @property() api = '/api';

  @state() private packages: ScormPackageView[] = [];
  @state() private message: { kind: 'status' | 'alert'; text: string } | undefined;
  @state() private busy = false;
  @state() private confirming: string | undefined;

  private get locale(): string {
    return localeOf(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async problem(res: Response): Promise<string> {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return body?.error?.message ?? t(this.locale, 'error:internal');
  }

  private async load(): Promise<void> {
    const res = await fetch(`${this.api}/activities/${encodeURIComponent(this.activity)}/scorm-packages`, { headers: { accept: 'application/json', 'accept-language': this.locale } });
    if (!res.ok) {
      this.message = { kind: 'alert', text: await this.problem(res) };
      return;
    }
    this.packages = ((await res.json()) as { packages: ScormPackageView[] }).packages;
  }

  private async build(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const origin = String(form.get('lmsOrigin') ?? '').trim();
    const body = {
      version: form.get('version'),
      label: String(form.get('label') ?? '').trim() || 'LMS',
      lmsOrigin: origin || null,
      hashLearnerIds: form.get('hashLearnerIds') === 'on',
      scoreScale: form.get('scoreScale'),
    };
    this.busy = true;
    this.message = undefined;
    try {
      const res = await fetch(`${this.api}/activities/${encodeURIComponent(this.activity)}/scorm-packages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': this.locale },
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        this.message = { kind: 'alert', text: await this.problem(res) };
        return;
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'cadre-scorm.zip';
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      this.renderRoot.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      const id = res.headers.get('x-scorm-package-id') ?? '';
      this.message = { kind: 'status', text: t(this.locale, 'scorm-ui:downloaded', { file: name }) };
      this.dispatchEvent(new CustomEvent('cadre-scorm-package-created', { detail: { id }, bubbles: true, composed: true }));
      await this.load();
    } finally {
      this.busy = false;
    }
  }

  private async revoke(id: string): Promise<void> {
    if (this.confirming !== id) {
      this.confirming = id;
      return;
    }
    this.confirming = undefined;
    const res = await fetch(`${this.api}/scorm-packages/${encodeURIComponent(id)}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': this.locale },
      body: '{}',
    });
    if (!res.ok) {
      this.message = { kind: 'alert', text: await this.problem(res) };
      return;
    }
    this.message = { kind: 'status', text: t(this.locale, 'scorm-ui:revoked-done') };
    this.dispatchEvent(new CustomEvent('cadre-scorm-package-revoked', { detail: { id }, bubbles: true, composed: true }));
    await this.load();
  }

  private date(iso: string | null): string {
    return iso ? new Date(iso).toLocaleString(this.locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
  }

  override render() {
    const l = this.locale;
    return html`
      <h2>${t(l, 'scorm-ui:heading')}</h2>
      <p class="hint">${t(l, 'scorm-ui:intro')}</p>
      <form @submit=${(e: SubmitEvent) => void this.build(e)}>
        <label for="version">${t(l, 'scorm-ui:version')}</label>
        <select id="version" name="version">
          <option value="1.2" selected>SCORM 1.2 (${t(l, 'scorm-ui:recommended')})</option>
          <option value="2004">SCORM 2004 4th Edition</option>
        </select>
        <label for="label">${t(l, 'scorm-ui:label')}</label>
        <input id="label" name="label" maxlength="120" placeholder="Moodle" />
        <label for="lmsOrigin">${t(l, 'scorm-ui:origin')}</label>
        <input id="lmsOrigin" name="lmsOrigin" type="url" placeholder="https://moodle.example.org" aria-describedby="origin-hint" />
        <p id="origin-hint" class="hint wide">${t(l, 'scorm-ui:origin-hint')}</p>
        <label for="scoreScale">${t(l, 'scorm-ui:scale')}</label>
        <select id="scoreScale" name="scoreScale">
          <option value="cefr" selected>${t(l, 'scorm-ui:scale-cefr')}</option>
          <option value="percent">${t(l, 'scorm-ui:scale-percent')}</option>
        </select>
        <span class="wide"><input id="hash" name="hashLearnerIds" type="checkbox" /> <label for="hash">${t(l, 'scorm-ui:hash')}</label></span>
        <span class="wide"><button part="download" type="submit" ?disabled=${this.busy}>${t(l, 'scorm-ui:download')}</button></span>
      </form>
      ${this.message ? html`<p role=${this.message.kind} class=${this.message.kind === 'alert' ? 'revoked' : ''}>${this.message.text}</p>` : nothing}
      ${this.packages.length === 0
        ? html`<p>${t(l, 'scorm-ui:none')}</p>`
        : html`<table>
            <caption class="hint">${t(l, 'scorm-ui:list')}</caption>
            <thead>
              <tr>
                <th scope="col">${t(l, 'scorm-ui:label')}</th>
                <th scope="col">${t(l, 'scorm-ui:version')}</th>
                <th scope="col">${t(l, 'scorm-ui:origin')}</th>
                <th scope="col">${t(l, 'scorm-ui:created')}</th>
                <th scope="col">${t(l, 'scorm-ui:launches')}</th>
                <th scope="col">${t(l, 'scorm-ui:state')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.packages.map(
                (p) => html`<tr data-package=${p.id}>
                  <td>${p.label}</td>
                  <td>${p.version}</td>
                  <td>${p.lmsOrigin ?? t(l, 'scorm-ui:any-origin')}</td>
                  <td>${this.date(p.createdAt)}</td>
                  <td>${p.launchCount} (${this.date(p.lastLaunchAt)})</td>
                  <td>
                    ${p.revokedAt
                      ? html`<span class="revoked">${t(l, 'scorm-ui:revoked-on', { at: this.date(p.revokedAt) })}</span>`
                      : html`<button type="button" class="secondary" @click=${() => void this.revoke(p.id)}>
                          ${t(l, this.confirming === p.id ? 'scorm-ui:revoke-confirm' : 'scorm-ui:revoke')}
                        </button>`}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    `;
  }
}
