import { CadrePersonalDetails } from './personal-details.component.js';

export { CadrePersonalDetails };
if (!customElements.get('cadre-personal-details')) customElements.define('cadre-personal-details', CadrePersonalDetails);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-personal-details': CadrePersonalDetails;
  }
}
