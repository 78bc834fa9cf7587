import { CadreItemListening } from './listening.component.js';

export { CadreItemListening };
if (!customElements.get('cadre-item-listening')) customElements.define('cadre-item-listening', CadreItemListening);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-listening': CadreItemListening;
  }
}
