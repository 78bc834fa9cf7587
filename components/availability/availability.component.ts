import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import { ApiError } from '../api/client.js';
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

declare global {
  interface HTMLElementEventMap {
    'cadre-availability-saved': CustomEvent<{ rules: Rule[]; exceptions: Exception[] }>;
  }
}

const toTime = (m: number | null) => (m === null ? '' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
const toMinute = (v: string): number | null => (/^\d\d:\d\d$/.test(v) ? Number(v.slice(0, 2)) * 60 + Number(v.slice(3)) : null);

/**
 * An assessor's availability: weekly hours and dated exceptions on their own wall clock, their
 * time zone and their videoconference link (sent to candidates in the reminder).
 *
 * @summary An assessor's weekly hours, dated exceptions, time zone and video link.
 * @tagname cadre-availability
 * @fires cadre-availability-saved - detail: { rules, exceptions }
 * @cssprop --cadre-accent - colour of buttons
 */
export class CadreAvailability extends CadreElement {
  static override styles = [controlStyles, styles];

  /** Base address of the staff API. */
  @property() endpoint = '/api/staff';

  @state() private rules: Rule[] = [];
  @state() private exceptions: Exception[] = [];
  @state() private timeZone = '';
  @state() private videoUrl = '';
  @state() private status = '';
  @state() private alert = '';

  private get api() {
    return this.client(this.endpoint);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const body = await this.api
      .get<{ timeZone: string; videoUrl: string | null; rules: Rule[]; exceptions: Exception[] }>('/me/availability')
      .catch(() => undefined);
    if (!body) return;
    Object.assign(this, { rules: body.rules, exceptions: body.exceptions, timeZone: body.timeZone, videoUrl: body.videoUrl ?? '' });
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    try {
      await this.api.patch('/me', { timeZone: this.timeZone, videoUrl: this.videoUrl || null });
      await this.api.put('/me/availability', { rules: this.rules, exceptions: this.exceptions });
    } catch (error) {
      this.status = '';
      const issues = error instanceof ApiError ? error.issues.map((i) => `${i.path}: ${i.message}`) : [];
      this.alert = [this.errorText(error), ...issues].join(' ');
      return;
    }
    this.alert = '';
    this.status = this.t('availability:saved');
    this.emit('cadre-availability-saved', { rules: this.rules, exceptions: this.exceptions });
  }

  private setRule(i: number, change: Partial<Rule>): void {
    this.rules = this.rules.map((r, j) => (j === i ? { ...r, ...change } : r));
  }
  private setException(i: number, change: Partial<Exception>): void {
    this.exceptions = this.exceptions.map((e, j) => (j === i ? { ...e, ...change } : e));
  }

  override render() {
    const row = (i: number) => this.t('availability:row', { n: i + 1 });
    return html`<section aria-labelledby="availability-title">
      <h2 id="availability-title">${this.t('availability:title')}</h2>
      <p class="muted">${this.t('availability:intro')}</p>
      <form @submit=${(e: Event) => void this.save(e)}>
        <div class="fields">
          <label for="tz">${this.t('staff:time-zone')}</label>
          <input id="tz" required .value=${this.timeZone} @input=${(e: Event) => (this.timeZone = (e.target as HTMLInputElement).value)} />
          <label for="video">${this.t('staff:video-url')}</label>
          <input id="video" type="url" .value=${this.videoUrl} @input=${(e: Event) => (this.videoUrl = (e.target as HTMLInputElement).value)} />
        </div>
        <h3>${this.t('availability:weekly')}</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">${this.t('availability:weekday')}</th>
              <th scope="col">${this.t('availability:from')}</th>
              <th scope="col">${this.t('availability:to')}</th>
              <th scope="col"><span class="muted">${this.t('availability:remove')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.rules.map(
              (r, i) => html`<tr>
                <td>
                  <select aria-label="${this.t('availability:weekday')}, ${row(i)}" @change=${(e: Event) => this.setRule(i, { weekday: Number((e.target as HTMLSelectElement).value) })}>
                    ${[1, 2, 3, 4, 5, 6, 7].map((d) => html`<option value=${d} ?selected=${d === r.weekday}>${this.t(`booking:weekday-${d}`)}</option>`)}
                  </select>
                </td>
                <td><input type="time" step="900" aria-label="${this.t('availability:from')}, ${row(i)}" .value=${toTime(r.startMinute)} @change=${(e: Event) => this.setRule(i, { startMinute: toMinute((e.target as HTMLInputElement).value) ?? 0 })} /></td>
                <td><input type="time" step="900" aria-label="${this.t('availability:to')}, ${row(i)}" .value=${toTime(r.endMinute)} @change=${(e: Event) => this.setRule(i, { endMinute: toMinute((e.target as HTMLInputElement).value) ?? 0 })} /></td>
                <td><button type="button" aria-label="${this.t('availability:remove')}, ${row(i)}" @click=${() => (this.rules = this.rules.filter((_, j) => j !== i))}>✕</button></td>
              </tr>`,
            )}
          </tbody>
        </table>
        <button type="button" @click=${() => (this.rules = [...this.rules, { weekday: 1, startMinute: 540, endMinute: 720 }])}>${this.t('availability:add-rule')}</button>
        <h3>${this.t('availability:exceptions')}</h3>
        <p class="muted">${this.t('availability:all-day')}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">${this.t('availability:date')}</th>
              <th scope="col">${this.t('availability:kind')}</th>
              <th scope="col">${this.t('availability:from')}</th>
              <th scope="col">${this.t('availability:to')}</th>
              <th scope="col"><span class="muted">${this.t('availability:remove')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.exceptions.map(
              (x, i) => html`<tr>
                <td><input type="date" required aria-label="${this.t('availability:date')}, ${row(i)}" .value=${x.date} @change=${(e: Event) => this.setException(i, { date: (e.target as HTMLInputElement).value })} /></td>
                <td>
                  <select aria-label="${this.t('availability:kind')}, ${row(i)}" @change=${(e: Event) => this.setException(i, { kind: (e.target as HTMLSelectElement).value as Exception['kind'] })}>
                    ${(['unavailable', 'available'] as const).map((k) => html`<option value=${k} ?selected=${k === x.kind}>${this.t(`availability:kind-${k}`)}</option>`)}
                  </select>
                </td>
                <td><input type="time" step="900" aria-label="${this.t('availability:from')}, ${row(i)}" .value=${toTime(x.startMinute)} @change=${(e: Event) => this.setException(i, { startMinute: toMinute((e.target as HTMLInputElement).value) })} /></td>
                <td><input type="time" step="900" aria-label="${this.t('availability:to')}, ${row(i)}" .value=${toTime(x.endMinute)} @change=${(e: Event) => this.setException(i, { endMinute: toMinute((e.target as HTMLInputElement).value) })} /></td>
                <td><button type="button" aria-label="${this.t('availability:remove')}, ${row(i)}" @click=${() => (this.exceptions = this.exceptions.filter((_, j) => j !== i))}>✕</button></td>
              </tr>`,
            )}
          </tbody>
        </table>
        <button type="button" @click=${() => (this.exceptions = [...this.exceptions, { date: '', kind: 'unavailable', startMinute: null, endMinute: null }])}>${this.t('availability:add-exception')}</button>
        <p><button type="submit" class="primary">${this.t('availability:save')}</button></p>
        <p role="status">${this.status}</p>
        <p role="alert">${this.alert}</p>
      </form>
    </section>`;
  }
}
