import { CadreItemMixedText } from './mixed-text.component.js';

export { CadreItemMixedText };
if (!customElements.get('cadre-item-mixed-text')) customElements.define('cadre-item-mixed-text', CadreItemMixedText);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-mixed-text': CadreItemMixedText;
  }
}
