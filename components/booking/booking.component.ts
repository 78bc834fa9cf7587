import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { CadreElement } from '../shared/cadre-element.js';
import { ApiError } from '../api/client.js';
import { controlStyles } from '../shared/controls.styles.js';
import { styles } from './booking.styles.js';
// The shapes the server answers with (type-only: nothing of the server reaches the bundle).
import type { BookingView, OralState } from '../../server/http/booking-routes.js';
import type { Calendar, CalendarSlot } from '../../server/domain/booking/booking-service.js';

export type { BookingView, OralState };

declare global {
  interface HTMLElementEventMap {
    'cadre-booking-change': CustomEvent<{ booking: BookingView }>;
    'cadre-booking-done': CustomEvent<{ booking: BookingView }>;
    'cadre-booking-leave': CustomEvent<{ leftWithoutBookingAt: string }>;
  }
}

const DAY = 86_400_000;
/** Date-only arithmetic on YYYY-MM-DD strings (no time zone involved). */
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const weekday = (iso: string) => ((new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const mondayOf = (iso: string) => addDays(iso, 1 - weekday(iso));
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const hourOf = (slot: CalendarSlot) => Number(slot.start.slice(0, 2));

/** Keys that move between slots in the week grid (and between weeks). */
const GRID_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * The oral interview booking of the candidate guide ("PRISE DE RENDEZ-VOUS"): a week calendar
 * (days as columns, hours as rows, free slots as buttons, "Aujourd'hui ← →") in the candidate's
 * time zone, a confirmation dialog, then "Modifier le RDV" or "Confirmer et quitter"; the centre's
 * contact when no slot suits, and "Quitter sans prendre de rendez-vous" when the centre books for
 * the candidate. An instructor books for a candidate of their course by setting `candidate`.
 *
 * Keyboard: Tab reaches one slot of the week; the arrow keys move between slots (← → between
 * days, ↑ ↓ within a day), Home/End to the first/last slot of the week, Page Up/Page Down to the
 * previous/next week; Enter or Space opens the confirmation.
 *
 * @summary The candidate's oral interview booking: a week of free slots, then confirm or change.
 * @tagname cadre-booking
 * @fires cadre-booking-change - detail: { booking }, after a booking is made or moved
 * @fires cadre-booking-done - detail: { booking }, after "Confirmer et quitter"
 * @fires cadre-booking-leave - detail: { leftWithoutBookingAt }, after "Quitter sans prendre de rendez-vous"
 * @csspart calendar - the week table
 * @csspart summary - the booked appointment
 * @csspart add-to-calendar - the link to the calendar file, once the candidate confirmed
 * @cssprop --cadre-accent - colour of buttons and selected slots
 */
export class CadreBooking extends CadreElement {
  static override styles = [controlStyles, styles];

  /** Base address of the booking API. */
  @property() endpoint = '/api/oral';
  /** For an instructor: the LMS user id of the candidate to book for. */
  @property() candidate = '';
  /** `s=…` when the LTI session travels in URLs (an LMS frame without cookies), else empty. */
  @property({ attribute: 'session-param' }) sessionParam = '';

  @state() private data: OralState | undefined;
  @state() private week = '';
  @state() private chosen: CalendarSlot | undefined;
  /** The slot that holds the keyboard focus in the week grid (roving tabindex). */
  @state() private active = '';
  @state() private changing = false;
  @state() private busy = false;
  @state() private alert = '';
  @state() private finished: 'confirmed' | 'left' | undefined;
  @query('dialog') private dialog!: HTMLDialogElement;

  private get api() {
    return this.client(this.endpoint, this.sessionParam);
  }
  /** The zone times are read in: the browser's for a candidate; the server decides for an instructor. */
  private get zone() {
    return this.candidate && this.data ? this.data.calendar.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    let state: OralState;
    try {
      state = await this.api.get<OralState>('/state', { tz: this.zone, lang: this.locale, candidate: this.candidate || undefined });
    } catch (error) {
      this.alert = this.errorText(error);
      return;
    }
    this.data = state;
    const first = state.calendar.slots[0]?.date ?? state.calendar.today;
    if (!this.week) this.week = mondayOf(first);
  }

  private pick(slot: CalendarSlot): void {
    this.chosen = slot;
    this.active = slot.startsAt;
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
        ? await this.api.patch<{ booking: BookingView }>(`/bookings/${encodeURIComponent(existing.id)}`, payload, lang)
        : await this.api.post<{ booking: BookingView }>('/bookings', payload, lang));
    } catch (error) {
      this.alert = this.errorText(error);
      // The loser of a race gets the calendar as it is now: redraw at once.
      const calendar = error instanceof ApiError ? (error.extra.calendar as Calendar | undefined) : undefined;
      if (calendar) this.data = { ...this.data, calendar };
      this.chosen = undefined;
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
    const calendar = await this.api.get<Calendar>('/calendar', { tz: this.zone, lang: this.locale }).catch(() => undefined);
    if (calendar && this.data) this.data = { ...this.data, calendar };
  }

  private async confirmAndLeave(): Promise<void> {
    const booking = this.data?.booking;
    if (!booking) return;
    try {
      const confirmed = await this.api.post<{ booking: BookingView }>(`/bookings/${encodeURIComponent(booking.id)}/confirm`, undefined, { lang: this.locale });
      if (this.data) this.data = { ...this.data, booking: confirmed.booking };
      this.finished = 'confirmed';
      this.emit('cadre-booking-done', { booking: confirmed.booking });
    } catch (error) {
      this.alert = this.errorText(error);
    }
  }

  private async leave(): Promise<void> {
    try {
      const { leftWithoutBookingAt } = await this.api.post<{ leftWithoutBookingAt: string }>('/leave', undefined, { lang: this.locale });
      this.finished = 'left';
      this.emit('cadre-booking-leave', { leftWithoutBookingAt });
    } catch (error) {
      this.alert = this.errorText(error);
    }
  }

  // --- the week grid ------------------------------------------------------------------------

  private weekSlots(calendar: Calendar): CalendarSlot[] {
    const end = addDays(this.week, 7);
    return calendar.slots.filter((s) => s.date >= this.week && s.date < end);
  }

  private goToWeek(monday: string, focus: 'first' | 'last' | 'none' = 'none'): void {
    this.week = monday;
    const slots = this.data ? this.weekSlots(this.data.calendar) : [];
    this.active = (focus === 'last' ? slots.at(-1) : slots[0])?.startsAt ?? '';
    if (focus !== 'none') void this.focusActive();
  }

  private async focusActive(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`button.slot[data-starts-at="${this.active}"]`)?.focus();
  }

  /** Arrow keys, Home/End and Page Up/Down between the slots of the grid (the grid pattern). */
  private onGridKey(event: KeyboardEvent, calendar: Calendar, canGoBack: boolean, canGoOn: boolean): void {
    if (!GRID_KEYS.has(event.key)) return;
    const target = event.target as HTMLElement;
    if (!target.matches('button.slot')) return;
    event.preventDefault();
    const slots = this.weekSlots(calendar);
    const here = slots.find((s) => s.startsAt === target.dataset.startsAt);
    if (!here) return;
    let next: CalendarSlot | undefined;
    const sameDay = slots.filter((s) => s.date === here.date);
    const i = sameDay.indexOf(here);
    switch (event.key) {
      case 'ArrowUp':
        next = sameDay[i - 1];
        break;
      case 'ArrowDown':
        next = sameDay[i + 1];
        break;
      case 'ArrowLeft':
      case 'ArrowRight': {
        // The nearest slot in time on the closest day, in that direction, that has any.
        const step = event.key === 'ArrowLeft' ? -1 : 1;
        for (let d = addDays(here.date, step); d >= this.week && d < addDays(this.week, 7) && !next; d = addDays(d, step)) {
          const day = slots.filter((s) => s.date === d);
          const minutes = (s: CalendarSlot) => Number(s.start.slice(0, 2)) * 60 + Number(s.start.slice(3, 5));
          next = day.sort((a, b) => Math.abs(minutes(a) - minutes(here)) - Math.abs(minutes(b) - minutes(here)))[0];
        }
        break;
      }
      case 'Home':
        next = slots[0];
        break;
      case 'End':
        next = slots.at(-1);
        break;
      case 'PageUp':
        if (canGoBack) this.goToWeek(addDays(this.week, -7), 'last');
        return;
      case 'PageDown':
        if (canGoOn) this.goToWeek(addDays(this.week, 7), 'first');
        return;
    }
    if (!next) return;
    this.active = next.startsAt;
    void this.focusActive();
  }

  private renderCalendar(calendar: Calendar) {
    const days = Array.from({ length: 7 }, (_, i) => addDays(this.week, i));
    const slots = this.weekSlots(calendar);
    const hours = [...new Set(slots.map(hourOf))].sort((a, b) => a - b);
    const hourRows = hours.length ? Array.from({ length: hours.at(-1)! - hours[0]! + 1 }, (_, i) => hours[0]! + i) : [];
    const active = slots.some((s) => s.startsAt === this.active) ? this.active : slots[0]?.startsAt;
    const canGoBack = this.week > mondayOf(calendar.today);
    const canGoOn = addDays(this.week, 7) <= calendar.to;
    const dayName = (d: string) => this.t(`booking:weekday-${weekday(d)}`);
    return html`
      <div class="toolbar">
        <h2 id="calendar-title">${this.t('booking:calendar')}</h2>
        <button type="button" @click=${() => this.goToWeek(mondayOf(calendar.today))}>${this.t('booking:today')}</button>
        <button type="button" aria-label=${this.t('booking:previous-week')} ?disabled=${!canGoBack} @click=${() => this.goToWeek(addDays(this.week, -7))}>←</button>
        <button type="button" aria-label=${this.t('booking:next-week')} ?disabled=${!canGoOn} @click=${() => this.goToWeek(addDays(this.week, 7))}>→</button>
        <span class="range" aria-live="polite">${this.t('booking:week-range', { from: ddmmyyyy(days[0]!), to: ddmmyyyy(days[6]!) })}</span>
      </div>
      <p class="muted" id="calendar-help">${this.t('booking:times-in', { zone: calendar.timeZone })} ${this.t('booking:keyboard-help')}</p>
      <div class="grid-wrap">
        <table part="calendar" aria-labelledby="calendar-title" aria-describedby="calendar-help" @keydown=${(e: KeyboardEvent) => this.onGridKey(e, calendar, canGoBack, canGoOn)}>
          <thead>
            <tr>
              <td class="corner"></td>
              ${days.map((d) => html`<th scope="col" class=${d === calendar.today ? 'today' : ''}><span class="day-number">${Number(d.slice(8, 10))}</span> ${dayName(d)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${hourRows.map(
              (hour) => html`<tr>
                <th scope="row" class="hour">${this.t('booking:hour', { hour })}</th>
                ${days.map((d) => {
                  const here = slots.filter((s) => s.date === d && hourOf(s) === hour);
                  return html`<td>
                    ${here.map(
                      (s) => html`<button
                        type="button"
                        class="slot"
                        data-starts-at=${s.startsAt}
                        tabindex=${s.startsAt === active ? 0 : -1}
                        aria-pressed=${this.chosen?.startsAt === s.startsAt ? 'true' : 'false'}
                        aria-label=${this.t('booking:slot-label', { day: dayName(d), date: ddmmyyyy(d), start: s.start, end: s.end })}
                        @click=${() => this.pick(s)}
                        @focus=${() => (this.active = s.startsAt)}
                      >
                        ${s.start} - ${s.end}
                      </button>`,
                    )}
                  </td>`;
                })}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${slots.length === 0 ? html`<p class="muted" role="status">${this.t(calendar.slots.length === 0 ? 'booking:no-slot-at-all' : 'booking:no-slot-this-week')}</p>` : nothing}
    `;
  }

  /** "mercredi 4 mars 2026, de 10:00 à 10:30" on the calendar's clock. */
  private when(booking: BookingView, timeZone: string): string {
    const day = new Intl.DateTimeFormat(this.intlLocale, { timeZone, dateStyle: 'full' }).format(new Date(booking.startsAt));
    const time = (iso: string) =>
      new Intl.DateTimeFormat(this.intlLocale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    return this.t('booking:when', { day, start: time(booking.startsAt), end: time(booking.endsAt) });
  }

  private renderBooked(booking: BookingView, calendar: Calendar) {
    const local = (iso: string) => {
      const parts = new Intl.DateTimeFormat('en-CA', {
        timeZone: calendar.timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).formatToParts(new Date(iso));
      const get = (type: string) => parts.find((p) => p.type === type)!.value;
      return { date: `${get('day')}/${get('month')}/${get('year')}`, time: `${get('hour')}:${get('minute')}` };
    };
    const start = local(booking.startsAt);
    const end = local(booking.endsAt);
    return html`<section class="booked" part="summary" tabindex="-1" aria-labelledby="booked-text">
      <p id="booked-text"><strong>${this.t('booking:booked-with', { date: start.date, start: start.time, end: end.time })}</strong></p>
      ${booking.bookedBy === 'centre' && !this.candidate ? html`<p>${this.t('booking:booked-by-centre')}</p>` : nothing}
      <p>${this.t('booking:still-possible')}</p>
      <div class="actions">
        <button type="button" @click=${() => (this.changing = !this.changing)} aria-expanded=${this.changing ? 'true' : 'false'}>${this.t('booking:modify')}</button>
        <button type="button" class="primary" @click=${() => void this.confirmAndLeave()}>${this.t('booking:confirm-leave')}</button>
      </div>
    </section>`;
  }

  private renderDialog() {
    const s = this.chosen;
    return html`<dialog aria-labelledby="dialog-title" aria-describedby="dialog-question" @close=${() => (this.chosen = this.busy ? this.chosen : undefined)}>
      <header>
        <h2 id="dialog-title">${this.t('booking:dialog-title')}</h2>
        <button type="button" class="link-button" aria-label=${this.t('booking:close')} @click=${this.closeDialog}>✕</button>
      </header>
      <p id="dialog-question">${s ? this.t(this.data?.booking ? 'booking:dialog-move' : 'booking:dialog-question', { date: ddmmyyyy(s.date), start: s.start, end: s.end }) : ''}</p>
      <div class="actions">
        <button type="button" class="primary" ?disabled=${this.busy} @click=${() => void this.reserve()}>${this.t('booking:reserve')}</button>
      </div>
    </dialog>`;
  }

  /** "Aucun créneau disponible ?" and "Mon centre a prévu un rendez-vous à ma place ?" (candidates only). */
  private renderHelp(data: OralState) {
    const contact = data.centre.contactEmail;
    return html`<p class="help">
      ${this.t('booking:no-slot')} ${contact ? html`<a href="mailto:${contact}">${this.t('booking:contact-team')}</a>` : html`${this.t('booking:contact-team')}`}.
      ${
        data.booking
          ? nothing
          : html`<br />
            ${this.t('booking:centre-booked')} <button type="button" class="link-button" @click=${() => void this.leave()}>${this.t('booking:leave-without')}</button>`
      }
    </p>`;
  }

  override render() {
    const data = this.data;
    const title = data && this.candidate ? this.t('booking:title-for', { name: data.candidate.name }) : this.t('booking:title');
    if (this.finished) {
      const booking = this.finished === 'confirmed' ? data?.booking : null;
      if (!booking || !data) return html`<h1>${title}</h1><p role="status">${this.t('booking:left')}</p>`;
      // The date and time said once, with the calendar file for the candidate's own calendar.
      const ics = `${this.endpoint}/bookings/${encodeURIComponent(booking.id)}/calendar.ics?${new URLSearchParams([['lang', this.locale], ...new URLSearchParams(this.sessionParam)]).toString()}`;
      return html`<h1>${title}</h1>
        <p role="status">${this.t(this.candidate ? 'booking:confirmed-for' : 'booking:confirmed', { when: this.when(booking, data.calendar.timeZone) })}</p>
        ${this.candidate ? nothing : html`<p><a class="button" part="add-to-calendar" href=${ics} download>${this.t('booking:add-to-calendar')}</a></p>`}`;
    }
    return html`
      <h1>${title}</h1>
      ${data ? html`<p>${this.candidate ? this.t('booking:intro-for', { name: data.candidate.name }) : this.t('booking:intro')}</p>` : nothing}
      <p role="alert">${this.alert}</p>
      ${
        !data
          ? this.alert
            ? nothing
            : html`<p role="status">${this.t('booking:loading')}</p>`
          : html`
            ${this.candidate || (data.booking && !this.changing) ? nothing : this.renderHelp(data)}
            ${data.leftWithoutBookingAt && !data.booking ? html`<p class="note">${this.t(this.candidate ? 'booking:left-before-for' : 'booking:left-before', { name: data.candidate.name })}</p>` : nothing}
            ${data.booking ? this.renderBooked(data.booking, data.calendar) : nothing}
            ${!data.booking || this.changing ? this.renderCalendar(data.calendar) : nothing} ${this.renderDialog()}
          `
      }
    `;
  }
}
