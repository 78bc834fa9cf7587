import { registerItemRenderer } from '../registry.js';
import { CadreItemListening } from './listening.component.js';

export { CadreItemListening };
registerItemRenderer({ type: 'listening', tag: 'cadre-item-listening', element: CadreItemListening });

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-listening': CadreItemListening;
  }
}
