import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { t, localeOf } from '../i18n.js';
import { controlStyles } from '../shared/controls.styles.js';
import { styles } from './availability.styles.js';

interface Rule {
  weekday: number;
  startMinute: number;
  endMinute: number;
}
interface Exception {
  date: string;
  kind: 'unavailable' | 'available';
  startMinute: number | null;
  endMinute: number | null;
}

const toTime = (m: number | null) => (m === null ? '' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
const toMinute = (v: string): number | null => (/^\d\d:\d\d$/.test(v) ? Number(v.slice(0, 2)) * 60 + Number(v.slice(3)) : null);

/**
 * An assessor's availability: weekly hours and dated exceptions on their own wall clock, their
 * time zone and their videoconference link (sent to candidates in the reminder).
 *
 * @event cadre-availability-saved - detail: { rules, exceptions }
 * @cssproperty --cadre-accent - colour of buttons
 */
export class CadreAvailability extends LitElement {
  static override styles = [controlStyles, styles];

  /** Base address of the staff API. */
  @property() endpoint = '/api/staff';

  @state() private rules: Rule[] = [];
  @state() private exceptions: Exception[] = [];
  @state() private timeZone = '';
  @state() private videoUrl = '';
  @state() private status = '';
  @state() private alert = '';

  private get locale() {
    return localeOf(this);
  }
  private tr(id: string, params: Record<string, string | number> = {}) {
    return t(this.locale, id, params);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const res = await fetch(`${this.endpoint}/me/availability`, { headers: { accept: 'application/json' } });
    if (!res.ok) return;
    const body = (await res.json()) as { timeZone: string; videoUrl: string | null; rules: Rule[]; exceptions: Exception[] };
    Object.assign(this, { rules: body.rules, exceptions: body.exceptions, timeZone: body.timeZone, videoUrl: body.videoUrl ?? '' });
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const headers = { accept: 'application/json', 'content-type': 'application/json', 'accept-language': this.locale };
    const me = await fetch(`${this.endpoint}/me`, { method: 'PATCH', headers, body: JSON.stringify({ timeZone: this.timeZone, videoUrl: this.videoUrl || null }) });
    const av = me.ok ? await fetch(`${this.endpoint}/me/availability`, { method: 'PUT', headers, body: JSON.stringify({ rules: this.rules, exceptions: this.exceptions }) }) : me;
    if (!av.ok) {
      const body = (await av.json()) as { error: { message: string; issues?: { path: string; message: string }[] } };
      this.status = '';
      this.alert = [body.error.message, ...(body.error.issues ?? []).map((i) => `${i.path}: ${i.message}`)].join(' ');
      return;
    }
    this.alert = '';
    this.status = this.tr('availability:saved');
    this.dispatchEvent(new CustomEvent('cadre-availability-saved', { detail: { rules: this.rules, exceptions: this.exceptions }, bubbles: true, composed: true }));
  }

  private setRule(i: number, change: Partial<Rule>): void {
    this.rules = this.rules.map((r, j) => (j === i ? { ...r, ...change } : r));
  }
  private setException(i: number, change: Partial<Exception>): void {
    this.exceptions = this.exceptions.map((e, j) => (j === i ? { ...e, ...change } : e));
  }

  override render() {
    const row = (i: number) => this.tr('availability:row', { n: i + 1 });
    return html`<section aria-labelledby="availability-title">
      <h2 id="availability-title">${this.tr('availability:title')}</h2>
      <p class="muted">${this.tr('availability:intro')}</p>
      <form @submit=${(e: Event) => void this.save(e)}>
        <div class="fields">
          <label for="tz">${this.tr('staff:time-zone')}</label>
          <input id="tz" required .value=${this.timeZone} @input=${(e: Event) => (this.timeZone = (e.target as HTMLInputElement).value)} />
          <label for="video">${this.tr('staff:video-url')}</label>
          <input id="video" type="url" .value=${this.videoUrl} @input=${(e: Event) => (this.videoUrl = (e.target as HTMLInputElement).value)} />
        </div>
        <h3>${this.tr('availability:weekly')}</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">${this.tr('availability:weekday')}</th>
              <th scope="col">${this.tr('availability:from')}</th>
              <th scope="col">${this.tr('availability:to')}</th>
              <th scope="col"><span class="muted">${this.tr('availability:remove')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.rules.map(
              (r, i) => html`<tr>
                <td>
                  <select aria-label="${this.tr('availability:weekday')}, ${row(i)}" @change=${(e: Event) => this.setRule(i, { weekday: Number((e.target as HTMLSelectElement).value) })}>
                    ${[1, 2, 3, 4, 5, 6, 7].map((d) => html`<option value=${d} ?selected=${d === r.weekday}>${this.tr(`booking:weekday-${d}`)}</option>`)}
                  </select>
                </td>
                <td><input type="time" step="900" aria-label="${this.tr('availability:from')}, ${row(i)}" .value=${toTime(r.startMinute)} @change=${(e: Event) => this.setRule(i, { startMinute: toMinute((e.target as HTMLInputElement).value) ?? 0 })} /></td>
                <td><input type="time" step="900" aria-label="${this.tr('availability:to')}, ${row(i)}" .value=${toTime(r.endMinute)} @change=${(e: Event) => this.setRule(i, { endMinute: toMinute((e.target as HTMLInputElement).value) ?? 0 })} /></td>
                <td><button type="button" aria-label="${this.tr('availability:remove')}, ${row(i)}" @click=${() => (this.rules = this.rules.filter((_, j) => j !== i))}>✕</button></td>
              </tr>`,
            )}
          </tbody>
        </table>
        <button type="button" @click=${() => (this.rules = [...this.rules, { weekday: 1, startMinute: 540, endMinute: 720 }])}>${this.tr('availability:add-rule')}</button>
        <h3>${this.tr('availability:exceptions')}</h3>
        <p class="muted">${this.tr('availability:all-day')}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">${this.tr('availability:date')}</th>
              <th scope="col">${this.tr('availability:kind')}</th>
              <th scope="col">${this.tr('availability:from')}</th>
              <th scope="col">${this.tr('availability:to')}</th>
              <th scope="col"><span class="muted">${this.tr('availability:remove')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.exceptions.map(
              (x, i) => html`<tr>
                <td><input type="date" required aria-label="${this.tr('availability:date')}, ${row(i)}" .value=${x.date} @change=${(e: Event) => this.setException(i, { date: (e.target as HTMLInputElement).value })} /></td>
                <td>
                  <select aria-label="${this.tr('availability:kind')}, ${row(i)}" @change=${(e: Event) => this.setException(i, { kind: (e.target as HTMLSelectElement).value as Exception['kind'] })}>
                    ${(['unavailable', 'available'] as const).map((k) => html`<option value=${k} ?selected=${k === x.kind}>${this.tr(`availability:kind-${k}`)}</option>`)}
                  </select>
                </td>
                <td><input type="time" step="900" aria-label="${this.tr('availability:from')}, ${row(i)}" .value=${toTime(x.startMinute)} @change=${(e: Event) => this.setException(i, { startMinute: toMinute((e.target as HTMLInputElement).value) })} /></td>
                <td><input type="time" step="900" aria-label="${this.tr('availability:to')}, ${row(i)}" .value=${toTime(x.endMinute)} @change=${(e: Event) => this.setException(i, { endMinute: toMinute((e.target as HTMLInputElement).value) })} /></td>
                <td><button type="button" aria-label="${this.tr('availability:remove')}, ${row(i)}" @click=${() => (this.exceptions = this.exceptions.filter((_, j) => j !== i))}>✕</button></td>
              </tr>`,
            )}
          </tbody>
        </table>
        <button type="button" @click=${() => (this.exceptions = [...this.exceptions, { date: '', kind: 'unavailable', startMinute: null, endMinute: null }])}>${this.tr('availability:add-exception')}</button>
        <p><button type="submit" class="primary">${this.tr('availability:save')}</button></p>
        <p role="status">${this.status}</p>
        <p role="alert">${this.alert}</p>
      </form>
    </section>`;
  }
}
