import { registerItemRenderer } from '../registry.js';
import { CadreItemMultipleChoice } from './multiple-choice.component.js';

export { CadreItemMultipleChoice };
registerItemRenderer({ type: 'multiple-choice', tag: 'cadre-item-multiple-choice', element: CadreItemMultipleChoice });

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-multiple-choice': CadreItemMultipleChoice;
  }
}
