import { CadreResultSheet } from './result-sheet.component.js';

export { CadreResultSheet };
if (!customElements.get('cadre-result-sheet')) customElements.define('cadre-result-sheet', CadreResultSheet);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-result-sheet': CadreResultSheet;
  }
}
