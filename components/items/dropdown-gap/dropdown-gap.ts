import { CadreItemDropdownGap } from './dropdown-gap.component.js';

export { CadreItemDropdownGap };
if (!customElements.get('cadre-item-dropdown-gap')) customElements.define('cadre-item-dropdown-gap', CadreItemDropdownGap);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-dropdown-gap': CadreItemDropdownGap;
  }
}
