import { CadreItemWordBank } from './word-bank.component.js';

export { CadreItemWordBank };
if (!customElements.get('cadre-item-word-bank')) customElements.define('cadre-item-word-bank', CadreItemWordBank);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-word-bank': CadreItemWordBank;
  }
}
