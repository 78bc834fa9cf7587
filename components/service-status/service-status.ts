import { CadreServiceStatus } from './service-status.component.js';

export { CadreServiceStatus };
if (!customElements.get('cadre-service-status')) customElements.define('cadre-service-status', CadreServiceStatus);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-service-status': CadreServiceStatus;
  }
}
