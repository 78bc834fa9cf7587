import { CadreItemWordOrder } from './word-order.component.js';

export { CadreItemWordOrder };
if (!customElements.get('cadre-item-word-order')) customElements.define('cadre-item-word-order', CadreItemWordOrder);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-word-order': CadreItemWordOrder;
  }
}
