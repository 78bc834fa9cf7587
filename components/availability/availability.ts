import { CadreAvailability } from './availability.component.js';

export { CadreAvailability };
if (!customElements.get('cadre-availability')) customElements.define('cadre-availability', CadreAvailability);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-availability': CadreAvailability;
  }
}
