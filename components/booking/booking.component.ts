import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import { ApiError } from '../api/client.js';
import { controlStyles } from '../shared/controls.styles.js';
import { styles } from './booking.styles.js';
// The shapes the server answers with (type-only: nothing of the server reaches the bundle).
import type { Calendar, CalendarSlot } from '../../server/domain/booking/booking-service.js';
import type { BookingView } from '../../server/http/booking-routes.js';

/** GET /api/oral/state. */
interface OralState {
  candidate: { userId: string; name: string };
  booking: BookingView | null;
  centre: { name: string; contactEmail: string | null };
  calendar: Calendar;
}

declare global {
  interface HTMLElementEventMap {
    'cadre-booking-change': CustomEvent<{ booking: BookingView }>;
    'cadre-booking-done': CustomEvent<{ booking: BookingView }>;
    'cadre-booking-leave': CustomEvent<null>;
  }
}

const DAY = 86_400_000;
/** Date-only arithmetic on YYYY-MM-DD strings (no time zone involved). */
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const weekday = (iso: string) => ((new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const mondayOf = (iso: string) => addDays(iso, 1 - weekday(iso));
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * The oral interview booking of the candidate guide ("PRISE DE RENDEZ-VOUS"): a week calendar
 * of free slots in the candidate's time zone, a confirmation dialog, then "Modifier le RDV" or
 * "Confirmer et quitter"; "Quitter sans prendre de rendez-vous" when the centre booked already.
 * An instructor books for a candidate by setting `candidate`.
 *
 * @summary The candidate's oral interview booking: a week of free slots, then confirm or change.
 * @tagname cadre-booking
 * @fires cadre-booking-change - detail: { booking }, after a booking is made, moved or cancelled
 * @fires cadre-booking-done - detail: { booking }, after "Confirmer et quitter"
 * @fires cadre-booking-leave - after "Quitter sans prendre de rendez-vous"
 * @csspart calendar - the week table
 * @csspart summary - the booked appointment
 * @cssprop --cadre-accent - colour of buttons and selected slots
 */
export class CadreBooking extends CadreElement {
  static override styles = [controlStyles, styles];

  /** Base address of the booking API. */
  @property() endpoint = '/api/oral';
  /** For an instructor: the LMS user id of the candidate to book for. */
  @property() candidate = '';

  @state() private data: OralState | undefined;
  @state() private week = '';
  @state() private chosen: CalendarSlot | undefined;
  @state() private changing = false;
  @state() private busy = false;
  @state() private alert = '';
  @state() private finished: 'confirmed' | 'left' | undefined;
  @query('dialog') private dialog!: HTMLDialogElement;

  private get api() {
    return this.client(this.endpoint);
  }

  private get zone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const state = await this.api.get<OralState>('/state', { tz: this.zone, lang: this.locale, candidate: this.candidate || undefined });
      this.data = state;
      const first = state.calendar.slots[0]?.date ?? state.calendar.today;
      if (!this.week) this.week = mondayOf(first);
    } catch (error) {
      this.alert = this.errorText(error);
    }
  }

  private pick(slot: CalendarSlot): void {
    this.chosen = slot;
    this.alert = '';
    void this.updateComplete.then(() => this.dialog.showModal());
  }

  private closeDialog(): void {
    this.dialog.close();
  }

  private async reserve(): Promise<void> {
    const slot = this.chosen;
    if (!slot || !this.data) return;
    this.busy = true;
    const existing = this.data.booking;
    const payload = { startsAt: slot.startsAt, timeZone: this.zone, ...(this.candidate ? { candidateUserId: this.candidate } : {}) };
    const lang = { lang: this.locale };
    let booking: BookingView;
    try {
      ({ booking } = existing
        ? await this.api.patch<{ booking: BookingView }>(`/bookings/${existing.id}`, payload, lang)
        : await this.api.post<{ booking: BookingView }>('/bookings', payload, lang));
    } catch (error) {
      this.alert = this.errorText(error);
      // A slot taken meanwhile comes with the calendar as it is now.
      const calendar = error instanceof ApiError ? (error.extra.calendar as Calendar | undefined) : undefined;
      if (calendar) this.data = { ...this.data, calendar };
      return;
    } finally {
      this.busy = false;
      this.dialog.close();
    }
    this.data = { ...this.data, booking };
    this.changing = false;
    this.chosen = undefined;
    this.emit('cadre-booking-change', { booking });
    await this.refreshCalendar();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part=summary]')?.focus();
  }

  private async refreshCalendar(): Promise<void> {
    const calendar = await this.api.get<Calendar>('/calendar', { tz: this.zone }).catch(() => undefined);
    if (calendar && this.data) this.data = { ...this.data, calendar };
  }

  private async confirmAndLeave(): Promise<void> {
    const booking = this.data?.booking;
    if (!booking) return;
    try {
      const confirmed = await this.api.post<{ booking: BookingView }>(`/bookings/${booking.id}/confirm`, {}, { lang: this.locale });
      this.finished = 'confirmed';
      this.emit('cadre-booking-done', { booking: confirmed.booking });
    } catch (error) {
      this.alert = this.errorText(error);
    }
  }

  private async leave(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.candidate) await this.api.post('/leave').catch(() => undefined);
    this.finished = 'left';
    this.emit('cadre-booking-leave');
  }

  private renderCalendar(calendar: Calendar) {
    const days = Array.from({ length: 7 }, (_, i) => addDays(this.week, i));
    const slotsByDay = new Map<string, CalendarSlot[]>(days.map((d) => [d, []]));
    for (const s of calendar.slots) slotsByDay.get(s.date)?.push(s);
    const empty = days.every((d) => slotsByDay.get(d)!.length === 0);
    const canGoBack = this.week > mondayOf(calendar.today);
    const canGoOn = addDays(this.week, 7) <= calendar.to;
    return html`
      <div class="toolbar">
        <h2 id="calendar-title">${this.t('booking:calendar')}</h2>
        <button @click=${() => (this.week = mondayOf(calendar.today))}>${this.t('booking:today')}</button>
        <button aria-label=${this.t('booking:previous-week')} ?disabled=${!canGoBack} @click=${() => (this.week = addDays(this.week, -7))}>←</button>
        <button aria-label=${this.t('booking:next-week')} ?disabled=${!canGoOn} @click=${() => (this.week = addDays(this.week, 7))}>→</button>
        <span aria-live="polite">${this.t('booking:week-range', { from: ddmmyyyy(days[0]!), to: ddmmyyyy(days[6]!) })}</span>
      </div>
      <table part="calendar" aria-labelledby="calendar-title">
        <thead>
          <tr>
            ${days.map((d) => html`<th scope="col">${Number(d.slice(8, 10))} ${this.t(`booking:weekday-${weekday(d)}`)}</th>`)}
          </tr>
        </thead>
        <tbody>
          <tr>
            ${days.map(
              (d) => html`<td>
                <ul>
                  ${slotsByDay.get(d)!.map(
                    (s) => html`<li>
                      <button
                        class="slot"
                        aria-pressed=${this.chosen?.startsAt === s.startsAt ? 'true' : 'false'}
                        aria-label=${this.t('booking:slot-label', { day: this.t(`booking:weekday-${weekday(d)}`), date: ddmmyyyy(d), start: s.start, end: s.end })}
                        @click=${() => this.pick(s)}
                      >
                        ${s.start} - ${s.end}
                      </button>
                    </li>`,
                  )}
                </ul>
              </td>`,
            )}
          </tr>
        </tbody>
      </table>
      ${empty ? html`<p class="muted">${this.t('booking:no-slot-this-week')}</p>` : nothing}
      <p class="muted">${this.t('booking:times-in', { zone: calendar.timeZone })}</p>
    `;
  }

  private renderBooked(booking: BookingView, calendar: Calendar) {
    const local = (iso: string) => {
      const parts = new Intl.DateTimeFormat('en-CA', { timeZone: calendar.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
      const get = (type: string) => parts.find((p) => p.type === type)!.value;
      return { date: `${get('day')}/${get('month')}/${get('year')}`, time: `${get('hour')}:${get('minute')}` };
    };
    const start = local(booking.startsAt);
    const end = local(booking.endsAt);
    return html`<section class="booked" part="summary" tabindex="-1" aria-labelledby="booked-text">
      <p id="booked-text"><strong>${this.t('booking:booked-with', { date: start.date, start: start.time, end: end.time })}</strong></p>
      <p>${this.t('booking:still-possible')}</p>
      <div class="actions">
        <button @click=${() => (this.changing = true)} aria-expanded=${this.changing ? 'true' : 'false'}>${this.t('booking:modify')}</button>
        <button class="primary" @click=${() => void this.confirmAndLeave()}>${this.t('booking:confirm-leave')}</button>
      </div>
    </section>`;
  }

  private renderDialog() {
    const s = this.chosen;
    return html`<dialog aria-labelledby="dialog-title" @close=${() => (this.chosen = this.busy ? this.chosen : undefined)}>
      <header>
        <h2 id="dialog-title">${this.t('booking:dialog-title')}</h2>
        <button class="link-button" aria-label=${this.t('booking:close')} @click=${this.closeDialog}>✕</button>
      </header>
      ${s ? html`<p>${this.t('booking:dialog-question', { date: ddmmyyyy(s.date), start: s.start, end: s.end })}</p>` : nothing}
      <div class="actions">
        <button class="primary" ?disabled=${this.busy} @click=${() => void this.reserve()}>${this.t('booking:reserve')}</button>
      </div>
    </dialog>`;
  }

  override render() {
    const data = this.data;
    if (this.finished) {
      return html`<h1>${this.t('booking:title')}</h1>
        <p role="status">${this.t(this.finished === 'confirmed' ? 'booking:confirmed' : 'booking:left')}</p>`;
    }
    const contact = data?.centre.contactEmail;
    return html`
      <h1>${this.t('booking:title')}</h1>
      ${data ? html`<p>${this.t('booking:intro')}</p>` : nothing}
      <p role="alert">${this.alert}</p>
      ${!data
        ? this.alert
          ? nothing
          : html`<p role="status">${this.t('booking:loading')}</p>`
        : html`
            <p>
              ${this.t('booking:no-slot')}
              ${contact ? html`<a href="mailto:${contact}">${this.t('booking:contact-team')}</a>` : html`${this.t('booking:contact-team')}`}.
              <br />
              ${this.t('booking:centre-booked')} <a href="#" @click=${(e: Event) => void this.leave(e)}>${this.t('booking:leave-without')}</a>
            </p>
            ${data.booking ? this.renderBooked(data.booking, data.calendar) : nothing}
            ${!data.booking || this.changing ? this.renderCalendar(data.calendar) : nothing} ${this.renderDialog()}
          `}
    `;
  }
}
