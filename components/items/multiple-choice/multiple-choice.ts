import { CadreItemMultipleChoice } from './multiple-choice.component.js';

export { CadreItemMultipleChoice };
if (!customElements.get('cadre-item-multiple-choice')) customElements.define('cadre-item-multiple-choice', CadreItemMultipleChoice);

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-multiple-choice': CadreItemMultipleChoice;
  }
}
