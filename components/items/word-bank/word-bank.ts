import { registerItemRenderer } from '../registry.js';
import { CadreItemWordBank } from './word-bank.component.js';

export { CadreItemWordBank };
registerItemRenderer({ type: 'word-bank', tag: 'cadre-item-word-bank', element: CadreItemWordBank });

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-word-bank': CadreItemWordBank;
  }
}
