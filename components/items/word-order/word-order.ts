import { registerItemRenderer } from '../registry.js';
import { CadreItemWordOrder } from './word-order.component.js';

export { CadreItemWordOrder };
registerItemRenderer({ type: 'word-order', tag: 'cadre-item-word-order', element: CadreItemWordOrder });

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-word-order': CadreItemWordOrder;
  }
}
