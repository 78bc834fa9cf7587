import { registerItemRenderer } from '../registry.js';
import { CadreItemMixedText } from './mixed-text.component.js';

export { CadreItemMixedText };
registerItemRenderer({ type: 'mixed-text', tag: 'cadre-item-mixed-text', element: CadreItemMixedText });

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-mixed-text': CadreItemMixedText;
  }
}
