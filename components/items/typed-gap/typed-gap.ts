import { registerItemRenderer } from '../registry.js';
import { CadreItemTypedGap } from './typed-gap.component.js';

export { CadreItemTypedGap };
registerItemRenderer({ type: 'typed-gap', tag: 'cadre-item-typed-gap', element: CadreItemTypedGap });

declare global {
  interface HTMLElementTagNameMap {
    'cadre-item-typed-gap': CadreItemTypedGap;
  }
}
