import { registerItemRenderer } from '../registry.js';
import { CadreItemDropdownGap } from './dropdown-gap.component.js';

export { CadreItemDropdownGap };
registerItemRenderer({ type: 'dropdown-gap', tag: 'cadre-item-dropdown-gap', element: CadreItemDropdownGap });

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-dropdown-gap': CadreItemDropdownGap;
  }
}
