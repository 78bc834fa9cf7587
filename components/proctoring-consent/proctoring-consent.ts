import { CadreProctoringConsent } from './proctoring-consent.component.js';

export { CadreProctoringConsent };
if (!customElements.get('cadre-proctoring-consent')) customElements.define('cadre-proctoring-consent', CadreProctoringConsent);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-proctoring-consent': CadreProctoringConsent;
  }
}
