import { CadreBooking } from './booking.component.js';

export { CadreBooking };
if (!customElements.get('cadre-booking')) customElements.define('cadre-booking', CadreBooking);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-booking': CadreBooking;
  }
}
