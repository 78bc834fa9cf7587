import { CadreIdentityCheck } from './identity-check.component.js';

export { CadreIdentityCheck };
if (!customElements.get('cadre-identity-check')) customElements.define('cadre-identity-check', CadreIdentityCheck);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-identity-check': CadreIdentityCheck;
  }
}
