import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
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

declare global {
  interface HTMLElementEventMap {
    'cadre-scorm-package-created': CustomEvent<{ id: string }>;
    'cadre-scorm-package-revoked': CustomEvent<{ id: string }>;
  }
}

/**
 * The SCORM packages of an activity, on its instructor / admin page: build and download a new
 * package (SCORM 1.2 by default, 2004 on request), see the packages in use, revoke one.
 *
 * @summary An activity's SCORM packages: build and download one, see those in use, revoke one.
 * @tagname cadre-scorm-packages
 * @cssprop --cadre-accent - colour of the buttons
 * @csspart download - the button that builds and downloads a package
 * @fires cadre-scorm-package-created - detail: { id }, once a package was built and downloaded
 * @fires cadre-scorm-package-revoked - detail: { id }, once a package was revoked
 */
export class CadreScormPackages extends CadreElement {
  static override styles = styles;

  /** The certification activity. */
  @property() activity = '';
  /** Base of the API (same origin by default). */
  @property() api = '/api';

  @state() private packages: ScormPackageView[] = [];
  @state() private message: { kind: 'status' | 'alert'; text: string } | undefined;
  @state() private busy = false;
  @state() private confirming: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private get packagesPath(): string {
    return `/activities/${encodeURIComponent(this.activity)}/scorm-packages`;
  }

  private async load(): Promise<void> {
    try {
      this.packages = (await this.client(this.api).get<{ packages: ScormPackageView[] }>(this.packagesPath)).packages;
    } catch (error) {
      this.message = { kind: 'alert', text: this.errorText(error) };
    }
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
      let res: Response;
      try {
        res = await this.client(this.api).send('POST', this.packagesPath, { body });
      } catch (error) {
        this.message = { kind: 'alert', text: this.errorText(error) };
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
      this.message = { kind: 'status', text: this.t('scorm-ui:downloaded', { file: name }) };
      this.emit('cadre-scorm-package-created', { id });
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
    try {
      await this.client(this.api).post(`/scorm-packages/${encodeURIComponent(id)}/revoke`);
    } catch (error) {
      this.message = { kind: 'alert', text: this.errorText(error) };
      return;
    }
    this.message = { kind: 'status', text: this.t('scorm-ui:revoked-done') };
    this.emit('cadre-scorm-package-revoked', { id });
    await this.load();
  }

  private date(iso: string | null): string {
    return iso ? new Date(iso).toLocaleString(this.intlLocale, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
  }

  override render() {
    return html`
      <h2>${this.t('scorm-ui:heading')}</h2>
      <p class="hint">${this.t('scorm-ui:intro')}</p>
      <form @submit=${(e: SubmitEvent) => void this.build(e)}>
        <label for="version">${this.t('scorm-ui:version')}</label>
        <select id="version" name="version">
          <option value="1.2" selected>SCORM 1.2 (${this.t('scorm-ui:recommended')})</option>
          <option value="2004">SCORM 2004 4th Edition</option>
        </select>
        <label for="label">${this.t('scorm-ui:label')}</label>
        <input id="label" name="label" maxlength="120" placeholder="Moodle" />
        <label for="lmsOrigin">${this.t('scorm-ui:origin')}</label>
        <input id="lmsOrigin" name="lmsOrigin" type="url" placeholder="https://moodle.example.org" aria-describedby="origin-hint" />
        <p id="origin-hint" class="hint wide">${this.t('scorm-ui:origin-hint')}</p>
        <label for="scoreScale">${this.t('scorm-ui:scale')}</label>
        <select id="scoreScale" name="scoreScale">
          <option value="cefr" selected>${this.t('scorm-ui:scale-cefr')}</option>
          <option value="percent">${this.t('scorm-ui:scale-percent')}</option>
        </select>
        <span class="wide"><input id="hash" name="hashLearnerIds" type="checkbox" /> <label for="hash">${this.t('scorm-ui:hash')}</label></span>
        <span class="wide"><button part="download" type="submit" ?disabled=${this.busy}>${this.t('scorm-ui:download')}</button></span>
      </form>
      ${this.message ? html`<p role=${this.message.kind} class=${this.message.kind === 'alert' ? 'revoked' : ''}>${this.message.text}</p>` : nothing}
      ${
        this.packages.length === 0
          ? html`<p>${this.t('scorm-ui:none')}</p>`
          : html`<table>
            <caption class="hint">${this.t('scorm-ui:list')}</caption>
            <thead>
              <tr>
                <th scope="col">${this.t('scorm-ui:label')}</th>
                <th scope="col">${this.t('scorm-ui:version')}</th>
                <th scope="col">${this.t('scorm-ui:origin')}</th>
                <th scope="col">${this.t('scorm-ui:created')}</th>
                <th scope="col">${this.t('scorm-ui:launches')}</th>
                <th scope="col">${this.t('scorm-ui:state')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.packages.map(
                (p) => html`<tr data-package=${p.id}>
                  <td>${p.label}</td>
                  <td>${p.version}</td>
                  <td>${p.lmsOrigin ?? this.t('scorm-ui:any-origin')}</td>
                  <td>${this.date(p.createdAt)}</td>
                  <td>${p.launchCount} (${this.date(p.lastLaunchAt)})</td>
                  <td>
                    ${
                      p.revokedAt
                        ? html`<span class="revoked">${this.t('scorm-ui:revoked-on', { at: this.date(p.revokedAt) })}</span>`
                        : html`<button type="button" class="secondary" @click=${() => void this.revoke(p.id)}>
                          ${this.t(this.confirming === p.id ? 'scorm-ui:revoke-confirm' : 'scorm-ui:revoke')}
                        </button>`
                    }
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`
      }
    `;
  }
}
